import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToIso } from '../../src/domain/calendar.ts';
import {
  AGE_BUCKETS,
  ageBucket,
  ageItems,
  daysSalesOutstanding,
  percentage,
} from '../../src/domain/receivables.ts';

describe('receivables ageing', () => {
  it('counts days past the due date: due today is 0, 30 still 0–30, 31 the next bucket, 91 over 90', () => {
    expect(ageBucket('2025-01-15', '2025-01-14')).toBe('not_due');
    expect(ageBucket('2025-01-15', '2025-01-15')).toBe('days_0_30');
    expect(ageBucket('2025-01-15', '2025-02-14')).toBe('days_0_30');
    expect(ageBucket('2025-01-15', '2025-02-15')).toBe('days_31_60');
    expect(ageBucket('2025-01-15', '2025-04-15')).toBe('days_61_90');
    expect(ageBucket('2025-01-15', '2025-04-16')).toBe('days_over_90');
  });

  it('the buckets add up to the total, and an item moves only to older buckets as days pass (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ due: fc.integer({ min: 0, max: 400 }), outstanding: fc.integer({ min: 1, max: 1e9 }) }),
          {
            maxLength: 30,
          },
        ),
        fc.integer({ min: 0, max: 500 }),
        (raw, offset) => {
          const day = addToIso('2024-01-01', 'day', offset);
          const items = raw.map((r, i) => ({
            invoice: `i${i}`,
            account: `a${i % 3}`,
            currency: 'DKK',
            due: addToIso('2024-01-01', 'day', r.due),
            outstanding: r.outstanding,
          }));
          const ageing = ageItems(items, day, (i) => i.currency).get('DKK');
          const total = items.reduce((s, i) => s + i.outstanding, 0);
          expect(ageing?.total ?? 0).toBe(total);
          expect(AGE_BUCKETS.reduce((s, b) => s + (ageing?.[b] ?? 0), 0)).toBe(total);
          for (const item of items)
            expect(AGE_BUCKETS.indexOf(ageBucket(item.due, addToIso(day, 'day', 1)))).toBeGreaterThanOrEqual(
              AGE_BUCKETS.indexOf(ageBucket(item.due, day)),
            );
        },
      ),
    );
  });

  it('DSO and rates: one decimal and two, null when there is nothing to divide by', () => {
    expect(daysSalesOutstanding(15000, 25000, 31)).toBe('18.6');
    expect(daysSalesOutstanding(100, 0, 30)).toBeNull();
    expect(percentage(320, 1670)).toBe('19.16');
    expect(percentage(-100, 1350)).toBe('-7.41');
    expect(percentage(1, 0)).toBeNull();
  });
});

describe('the metrics examples of the OpenAPI document', () => {
  it('are valid against their schemas', async () => {
    const views = await import('../../src/metrics/metrics-views.ts');
    const examples = await import('../../src/metrics/metrics-examples.ts');
    expect(views.summarySchema.parse(examples.summaryExample)).toEqual(examples.summaryExample);
    expect(views.mrrSeriesSchema.parse(examples.mrrSeriesExample)).toEqual(examples.mrrSeriesExample);
    expect(views.movementSchema.parse(examples.movementExample)).toEqual(examples.movementExample);
    expect(views.receivablesSchema.parse(examples.receivablesExample)).toEqual(examples.receivablesExample);
    expect(() => views.summarySchema.parse({ ...examples.summaryExample, date: '2025-02-30' })).toThrow();
  });
});
