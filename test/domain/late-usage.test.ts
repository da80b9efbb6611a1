import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lateUsageLines, pricedUsage } from '../../src/billing/late-usage.ts';
import type { ComponentRow } from '../../src/catalog/components-lookup.ts';
import { toMinorUnits } from '../../src/domain/money.ts';
import type { UnbilledUsage } from '../../src/usage/unbilled-usage.ts';

const tiers = [
  { up_to: 5, unit_price: '5' },
  { up_to: 10, unit_price: '4.125' },
  { up_to: null, unit_price: '3', flat_fee: '2' },
];
const models = [
  { model: 'per_unit', unit_price: '0.333' },
  { model: 'graduated', tiers },
  { model: 'volume', tiers },
  { model: 'package', package_size: 5, package_price: '3' },
];
const aggregations = ['sum', 'max', 'count', 'unique_count', 'last'] as const;
const month = { unit: 'month' as const, count: 1 };
const sub = { start_date: '2025-01-01', trial_end: null, end_date: null };
const phases = [
  { index: 0, start_date: '2025-01-01', end_date: null, anchor_date: '2025-01-01', interval: month },
];
const JANUARY = Date.parse('2025-01-01T00:00:00+01:00');

/** A catalog component as the batch loads it; only what pricing reads matters here. */
const component = (price_model: object, aggregation: (typeof aggregations)[number]) =>
  ({ id: 'c', currency: 'DKK', price_model, aggregation }) as unknown as ComponentRow;

describe('property: late usage brings each period to the price of all its usage', () => {
  it('for any price model, aggregation and split of January records into on time and late batches', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        fc.constantFrom(...aggregations),
        fc.array(
          fc.record({
            quantity: fc.integer({ min: 0, max: 20 }),
            minute: fc.integer({ min: 0, max: 30 * 24 * 60 }),
            key: fc.constantFrom('a', 'b', 'c', 'd'),
            batch: fc.integer({ min: 0, max: 3 }),
          }),
          { minLength: 1, maxLength: 15 },
        ),
        (model, aggregation, drawn) => {
          const c = component(model, aggregation);
          const records: (UnbilledUsage & { batch: number })[] = drawn.map((r, i) => ({
            id: `r${String(i).padStart(3, '0')}`,
            subscription_id: 's',
            component_id: 'c',
            quantity: String(r.quantity),
            at: JANUARY + r.minute * 60_000 + i,
            unique_key: r.key,
            late: r.batch > 0,
            batch: r.batch,
          }));
          // Batch 0 was billed on time in February; batches 1 to 3 arrived late, one run each.
          let billedLines = toMinorUnits(
            pricedUsage(
              c,
              records.filter((r) => r.batch === 0),
            ).exact,
            'DKK',
          );
          for (const batch of [1, 2, 3]) {
            const lines = lateUsageLines(
              sub,
              phases,
              '2025-02-01',
              'Europe/Copenhagen',
              records.filter((r) => r.batch === batch),
              records.filter((r) => r.batch < batch),
              new Map([['c', c]]),
            );
            expect(lines.every((l) => l.periodStart === '2025-01-01' && l.periodEnd === '2025-02-01')).toBe(
              true,
            );
            billedLines += lines.reduce((sum, l) => sum + l.amount, 0);
          }
          expect(billedLines).toBe(toMinorUnits(pricedUsage(c, records).exact, 'DKK'));
        },
      ),
    );
  });

  it('issue 11: 12 units billed graduated at 51.00, 4 late units add 12.00, not 20.00', () => {
    const graduated = component(
      {
        model: 'graduated',
        tiers: [
          { up_to: 5, unit_price: '5' },
          { up_to: 10, unit_price: '4' },
          { up_to: null, unit_price: '3' },
        ],
      },
      'sum',
    );
    const at = (day: number) => Date.parse(`2025-01-${day}T12:00:00Z`);
    const usage = (id: string, quantity: number, day: number, late: boolean): UnbilledUsage => ({
      id,
      subscription_id: 's',
      component_id: 'c',
      quantity: String(quantity),
      at: at(day),
      unique_key: null,
      late,
    });
    const [line] = lateUsageLines(
      sub,
      phases,
      '2025-02-01',
      'Europe/Copenhagen',
      [usage('late', 4, 25, true)],
      [usage('on-time', 12, 10, false)],
      new Map([['c', graduated]]),
    );
    // graduated(16) − graduated(12) = (25 + 20 + 18) − (25 + 20 + 6) = 12.00
    expect(line).toMatchObject({
      amount: 1200,
      quantityBefore: new Decimal(12),
      quantityAfter: new Decimal(16),
    });
  });
});
