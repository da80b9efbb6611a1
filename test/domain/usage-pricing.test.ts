import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, type PriceModel, priceUsage } from '../../src/domain/usage-pricing.ts';

const r = (quantity: string, at: number, uniqueKey: string | null = null) => ({
  quantity: new Decimal(quantity),
  at,
  uniqueKey,
});
const records = [r('5', 3, 'a'), r('2.5', 1, 'b'), r('7', 2, 'a'), r('1', 4, 'c')];

describe('aggregations', () => {
  it.each([
    ['sum', '15.5'],
    ['max', '7'],
    ['count', '4'],
    ['unique_count', '3'],
    ['last', '1'],
  ] as const)('%s', (kind, expected) => {
    expect(aggregate(kind, records).toString()).toBe(expected);
  });

  it('of nothing is zero', () => {
    for (const kind of ['sum', 'max', 'count', 'unique_count', 'last'] as const)
      expect(aggregate(kind, []).toString()).toBe('0');
  });

  it('sum does not depend on order; max is at least every record (property)', () => {
    const record = fc.record({
      quantity: fc.integer({ min: 0, max: 1e6 }).map((n) => new Decimal(n).div(100)),
      at: fc.integer(),
      uniqueKey: fc.constant(null),
    });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 30 }), (rs) => {
        expect(aggregate('sum', rs).equals(aggregate('sum', [...rs].reverse()))).toBe(true);
        const max = aggregate('max', rs);
        for (const x of rs) expect(max.gte(x.quantity)).toBe(true);
      }),
    );
  });
});

const tiers = [
  { up_to: 100, unit_price: '1.00' },
  { up_to: 1000, unit_price: '0.50', flat_fee: '10' },
  { up_to: null, unit_price: '0.10' },
];
const graduated: PriceModel = { model: 'graduated', tiers };
const volume: PriceModel = { model: 'volume', tiers };

describe('price models', () => {
  it('per unit, graduated, volume and package, worked examples', () => {
    expect(priceUsage({ model: 'per_unit', unit_price: '0.25' }, new Decimal(10)).toString()).toBe('2.5');
    // 100 × 1.00 + (10 + 400 × 0.50) = 310
    expect(priceUsage(graduated, new Decimal(500)).toString()).toBe('310');
    // 100 + 10 + 900 × 0.5 + 500 × 0.1 = 610
    expect(priceUsage(graduated, new Decimal(1500)).toString()).toBe('610');
    // all 500 at 0.50, plus the tier's flat fee
    expect(priceUsage(volume, new Decimal(500)).toString()).toBe('260');
    expect(priceUsage(volume, new Decimal(1500)).toString()).toBe('150');
    expect(
      priceUsage({ model: 'package', package_size: 100, package_price: '5' }, new Decimal(201)).toString(),
    ).toBe('15');
    expect(
      priceUsage({ model: 'package', package_size: 100, package_price: '5' }, new Decimal(0)).toString(),
    ).toBe('0');
  });

  it('graduated and volume agree within the first tier; every model grows with the quantity (property)', () => {
    const models: PriceModel[] = [
      graduated,
      { model: 'per_unit', unit_price: '0.3' },
      { model: 'package', package_size: 7, package_price: '2' },
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 500 }), (q, more) => {
        if (q <= 100)
          expect(priceUsage(graduated, new Decimal(q)).equals(priceUsage(volume, new Decimal(q)))).toBe(true);
        for (const model of models)
          expect(priceUsage(model, new Decimal(q + more)).gte(priceUsage(model, new Decimal(q)))).toBe(true);
      }),
    );
  });
});
