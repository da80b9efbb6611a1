import { Temporal } from '@js-temporal/polyfill';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DiscountTier, discountedUnitPrice, selectTier } from '../../src/domain/discount-tiers.ts';
import { formatMinorUnits, parseDecimal, toMinorUnits } from '../../src/domain/money.ts';
import { addIntervals, daysBetween, periodAt, periodContaining } from '../../src/domain/periods.ts';
import { prorationFactor } from '../../src/domain/proration.ts';
import { vatRate, vatTreatment } from '../../src/domain/vat.ts';

const D = (s: string) => Temporal.PlainDate.from(s);
const month = { unit: 'month', count: 1 } as const;

describe('money', () => {
  it('rounds once, half away from zero', () => {
    expect(toMinorUnits(new Decimal('0.005'), 'DKK')).toBe(1);
    expect(toMinorUnits(new Decimal('-0.005'), 'DKK')).toBe(-1);
    expect(toMinorUnits(new Decimal('0.0049'), 'DKK')).toBe(0);
    expect(toMinorUnits(new Decimal('12.5'), 'JPY')).toBe(13);
    expect(toMinorUnits(new Decimal('1.0005'), 'KWD')).toBe(1001);
    expect(formatMinorUnits(12345, 'DKK')).toBe('123.45');
    expect(formatMinorUnits(-5, 'SEK')).toBe('-0.05');
    expect(formatMinorUnits(500, 'JPY')).toBe('500');
  });

  it('parses strict decimal strings only', () => {
    expect(parseDecimal('99.50', 2)?.toString()).toBe('99.5');
    for (const bad of ['1e3', '1.234', '', '.5', '1,5', ' 1']) expect(parseDecimal(bad, 2)).toBeNull();
  });

  it('formats what it rounds: a round trip through minor units is exact (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        (minor) => toMinorUnits(new Decimal(formatMinorUnits(minor, 'SEK')), 'SEK') === minor,
      ),
    );
  });
});

describe('periods', () => {
  it('anchors on the start day and clamps at month end relative to the anchor', () => {
    const anchor = D('2025-01-31');
    expect([1, 2, 3, 13].map((n) => addIntervals(anchor, month, n).toString())).toEqual([
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2026-02-28',
    ]);
    expect(addIntervals(D('2024-01-31'), month, 1).toString()).toBe('2024-02-29');
    expect(addIntervals(D('2024-02-29'), { unit: 'year', count: 1 }, 1).toString()).toBe('2025-02-28');
    expect(addIntervals(D('2024-02-29'), { unit: 'year', count: 1 }, 4).toString()).toBe('2028-02-29');
  });

  it('finds the period containing any date (property): start ≤ date < end, and periods tile', () => {
    const interval = fc.record({
      unit: fc.constantFrom('day', 'week', 'month', 'year' as const),
      count: fc.integer({ min: 1, max: 4 }),
    });
    const date = fc.integer({ min: 0, max: 3000 }).map((d) => D('2020-01-01').add({ days: d }));
    fc.assert(
      fc.property(date, interval, fc.integer({ min: 0, max: 2000 }), (anchor, iv, offset) => {
        const day = anchor.add({ days: offset });
        const period = periodContaining(anchor, iv, day);
        expect(Temporal.PlainDate.compare(period.start, day)).toBeLessThanOrEqual(0);
        expect(Temporal.PlainDate.compare(day, period.end)).toBeLessThan(0);
        const next = periodContaining(anchor, iv, period.end);
        expect(next.start.equals(period.end)).toBe(true);
      }),
    );
  });
});

describe('proration', () => {
  it('pieces of a period add up to its full price within one minor unit per piece (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 10_000_000 }).map((n) => new Decimal(n).div(100)),
        fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 6 }),
        (offset, price, cuts) => {
          const period = periodAt(D('2024-01-31').add({ days: offset }), month, 0);
          const days = daysBetween(period.start, period.end);
          const points = [...new Set(cuts.filter((c) => c < days))]
            .sort((a, b) => a - b)
            .map((c) => period.start.add({ days: c }));
          const bounds = [period.start, ...points, period.end];
          const pieces = bounds
            .slice(1)
            .map((end, i) => toMinorUnits(price.times(prorationFactor(period, bounds[i]!, end)), 'DKK'));
          const full = toMinorUnits(price, 'DKK');
          const sum = pieces.reduce((a, b) => a + b, 0);
          expect(Math.abs(sum - full)).toBeLessThanOrEqual(pieces.length);
        },
      ),
    );
  });

  it('a quantity change there and back again on the same day nets to zero within rounding (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 27 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        (day, from, to) => {
          const period = periodAt(D('2025-02-01'), month, 0);
          const change = period.start.add({ days: day });
          const factor = prorationFactor(period, change, period.end);
          const price = new Decimal('99.99');
          const line = (q: number) => toMinorUnits(price.times(q).times(factor), 'DKK');
          // up: credit the old quantity, charge the new; back: credit the new, charge the old
          const net = -line(from) + line(to) - line(to) + line(from);
          expect(net).toBe(0);
          const direct = toMinorUnits(price.times(to - from).times(factor), 'DKK');
          expect(Math.abs(line(to) - line(from) - direct)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('a factor is the share of days: 15 of 31 in January', () => {
    const period = periodAt(D('2025-01-01'), month, 0);
    expect(prorationFactor(period, D('2025-01-17'), D('2025-02-01')).toString()).toBe(
      new Decimal(15).div(31).toString(),
    );
    expect(prorationFactor(period, D('2024-12-01'), D('2025-03-01')).toString()).toBe('1');
    expect(prorationFactor(period, D('2025-02-01'), D('2025-03-01')).toString()).toBe('0');
  });
});

describe('contract tiers', () => {
  const tiers: DiscountTier[] = [
    { minimum_quantity: 10, discount: new Decimal('15.00'), discount_type: 'percentage' },
    { minimum_quantity: 50, discount: new Decimal('25'), discount_type: 'percentage' },
    { minimum_quantity: 5, discount: new Decimal('3'), discount_type: 'amount' },
  ];

  it('picks the tier with the highest minimum not above the quantity: the seed’s 15 % from 10', () => {
    expect(selectTier(tiers, 4)).toBeNull();
    expect(selectTier(tiers, 5)?.minimum_quantity).toBe(5);
    expect(selectTier(tiers, 10)?.minimum_quantity).toBe(10);
    expect(selectTier(tiers, 49)?.minimum_quantity).toBe(10);
    expect(discountedUnitPrice(new Decimal(100), selectTier(tiers, 12)).toString()).toBe('85');
    expect(discountedUnitPrice(new Decimal(2), selectTier(tiers, 6)).toString()).toBe('0');
  });

  it('is monotonic in quantity, never raises a price, never goes below zero (property)', () => {
    const tier = fc.record({
      minimum_quantity: fc.integer({ min: 1, max: 100 }),
      discount: fc.integer({ min: 0, max: 10000 }).map((n) => new Decimal(n).div(100)),
      discount_type: fc.constantFrom('percentage', 'amount' as const),
    });
    fc.assert(
      fc.property(
        fc.array(tier, { maxLength: 6 }),
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 0, max: 50 }),
        (ts, q, more) => {
          const low = selectTier(ts, q);
          const high = selectTier(ts, q + more);
          if (low) expect(high!.minimum_quantity).toBeGreaterThanOrEqual(low.minimum_quantity);
          const price = new Decimal(42);
          const discounted = discountedUnitPrice(price, low);
          expect(discounted.lte(price)).toBe(true);
          expect(discounted.gte(0)).toBe(true);
        },
      ),
    );
  });
});

describe('VAT', () => {
  const seller = { sellerCountry: 'DK' };
  it('charges domestic VAT, reverse-charges EU businesses with a VAT number, OSS for EU consumers, none on exports', () => {
    expect(
      vatTreatment({ ...seller, buyerCountry: 'DK', buyerIsBusiness: true, buyerVatNumber: 'DK1' }),
    ).toBe('domestic');
    expect(
      vatTreatment({ ...seller, buyerCountry: 'DE', buyerIsBusiness: true, buyerVatNumber: 'DE123456788' }),
    ).toBe('reverse_charge');
    expect(vatTreatment({ ...seller, buyerCountry: 'DE', buyerIsBusiness: true, buyerVatNumber: null })).toBe(
      'eu_consumer',
    );
    expect(
      vatTreatment({ ...seller, buyerCountry: 'US', buyerIsBusiness: false, buyerVatNumber: null }),
    ).toBe('export');
    expect(
      vatRate(
        { ...seller, buyerCountry: 'DK', buyerIsBusiness: false, buyerVatNumber: null },
        null,
      ).toString(),
    ).toBe('25');
    expect(
      vatRate(
        { ...seller, buyerCountry: 'DE', buyerIsBusiness: false, buyerVatNumber: null },
        { DE: '7' },
      ).toString(),
    ).toBe('7');
    expect(
      vatRate(
        { ...seller, buyerCountry: 'DE', buyerIsBusiness: true, buyerVatNumber: 'DE1' },
        null,
      ).toString(),
    ).toBe('0');
    expect(
      vatRate(
        { sellerCountry: 'SE', buyerCountry: 'SE', buyerIsBusiness: false, buyerVatNumber: null },
        { SE: '6' },
      ).toString(),
    ).toBe('6');
  });
});
