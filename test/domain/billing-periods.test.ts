import { Temporal } from '@js-temporal/polyfill';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BillingPhase,
  recurringPeriodsToBill,
  usageWindowsToBill,
} from '../../src/domain/billing-periods.ts';
import type { Interval } from '../../src/domain/interval.ts';

const month: Interval = { unit: 'month', count: 1 };
const phase = (start: string, end: string | null, anchor = start, interval = month): BillingPhase => ({
  index: 0,
  start_date: start,
  end_date: end,
  anchor_date: anchor,
  interval,
});
const sub = (start: string, end: string | null = null, trial: string | null = null) => ({
  start_date: start,
  trial_end: trial,
  end_date: end,
});

describe('recurring periods to bill', () => {
  it('bills each period once in advance, from the first paid day, up to the billing date', () => {
    const starts = (from: string | null, day: string) =>
      recurringPeriodsToBill(sub('2025-01-31'), [phase('2025-01-31', null)], from, day).map((p) => p.start);
    expect(starts(null, '2025-03-31')).toEqual(['2025-01-31', '2025-02-28', '2025-03-31']);
    expect(starts('2025-03-01', '2025-04-30')).toEqual(['2025-03-31', '2025-04-30']);
    expect(starts(null, '2025-01-30')).toEqual([]);
  });

  it('skips the trial and bills a period cut short by the end in part', () => {
    const periods = recurringPeriodsToBill(
      sub('2025-01-01', '2025-03-16', '2025-01-15'),
      [phase('2025-01-01', null, '2025-01-15')],
      null,
      '2025-12-31',
    );
    expect(periods.map((p) => [p.start, p.end])).toEqual([
      ['2025-01-15', '2025-02-15'],
      ['2025-02-15', '2025-03-15'],
      ['2025-03-15', '2025-04-15'],
    ]);
    // whole periods, then the last one for 1 of its 31 days
    expect(periods.map((p) => p.factor.times(31).toDecimalPlaces(10).toString())).toEqual(['31', '31', '1']);
  });

  it('bills each phase’s own periods: a change of interval starts new periods on its day', () => {
    const phases = [
      { ...phase('2025-01-01', '2025-03-11'), index: 0 },
      { ...phase('2025-03-11', null, '2025-03-11', { unit: 'year', count: 1 }), index: 1 },
    ];
    const periods = recurringPeriodsToBill(sub('2025-01-01'), phases, null, '2025-03-11');
    expect(periods.map((p) => `${p.phase} ${p.start} ${p.end}`)).toEqual([
      '0 2025-01-01 2025-02-01',
      '0 2025-02-01 2025-03-01',
      '0 2025-03-01 2025-04-01',
      '1 2025-03-11 2026-03-11',
    ]);
  });

  it('successive runs bill every period exactly once, whatever the run days (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 8 }),
        (startOffset, runOffsets) => {
          const start = Temporal.PlainDate.from('2024-01-01').add({ days: startOffset }).toString();
          const days = runOffsets
            .sort((a, b) => a - b)
            .map((d) => Temporal.PlainDate.from(start).add({ days: d }).toString());
          const subscription = sub(start);
          const phases = [phase(start, null)];
          let from: string | null = null;
          const billed: string[] = [];
          for (const day of days) {
            const periods = recurringPeriodsToBill(subscription, phases, from, day);
            billed.push(...periods.map((p) => p.start));
            const last = periods.at(-1);
            if (last) from = Temporal.PlainDate.from(last.start).add({ days: 1 }).toString();
          }
          const once = recurringPeriodsToBill(subscription, phases, null, days.at(-1)!).map((p) => p.start);
          expect(billed).toEqual(once);
        },
      ),
    );
  });
});

describe('usage windows', () => {
  it('closes a window at each period end, cut at phase changes and at the end', () => {
    const phases = [
      { ...phase('2025-01-01', '2025-01-20'), index: 0 },
      { ...phase('2025-01-20', null, '2025-01-01'), index: 1 },
    ];
    const windows = usageWindowsToBill(sub('2025-01-01', '2025-03-10'), phases, null, '2025-12-31');
    expect(windows.map((w) => `${w.start}..${w.end}`)).toEqual([
      '2025-01-01..2025-01-20',
      '2025-01-20..2025-02-01',
      '2025-02-01..2025-03-01',
      '2025-03-01..2025-03-10',
    ]);
    expect(usageWindowsToBill(sub('2025-01-01'), [phase('2025-01-01', null)], null, '2025-01-31')).toEqual(
      [],
    );
    expect(
      usageWindowsToBill(sub('2025-01-01'), [phase('2025-01-01', null)], '2025-02-01', '2025-03-01').map(
        (w) => w.start,
      ),
    ).toEqual(['2025-02-01']);
  });
});

describe('calendar arithmetic', () => {
  it('agrees with Temporal on every period boundary and containing period (property)', async () => {
    const { addToIso, periodAround } = await import('../../src/domain/calendar.ts');
    const { addIntervals, periodContaining } = await import('../../src/domain/periods.ts');
    const interval = fc.record({
      unit: fc.constantFrom('day', 'week', 'month', 'year' as const),
      count: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20000 }),
        interval,
        fc.integer({ min: -30, max: 60 }),
        fc.integer({ min: 0, max: 3000 }),
        (offset, iv, n, dayOffset) => {
          const anchor = Temporal.PlainDate.from('1990-01-01').add({ days: offset });
          expect(addToIso(anchor.toString(), iv.unit, iv.count * n)).toBe(
            addIntervals(anchor, iv as Interval, n).toString(),
          );
          const day = anchor.add({ days: dayOffset });
          const fast = periodAround(anchor.toString(), iv as Interval, day.toString());
          const slow = periodContaining(anchor, iv as Interval, day);
          expect([fast.start, fast.end]).toEqual([slow.start.toString(), slow.end.toString()]);
        },
      ),
    );
  });
});
