import { Temporal } from '@js-temporal/polyfill';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CancellationTerms, cancellationDates } from '../../src/domain/cancellation.ts';
import type { Interval } from '../../src/domain/interval.ts';
import { addIntervals } from '../../src/domain/periods.ts';

const D = (s: string) => Temporal.PlainDate.from(s);
const annual = (anchor: string, rule: CancellationTerms['noticeRule']): CancellationTerms => ({
  anchor: D(anchor),
  interval: { unit: 'year', count: 1 },
  minimumTerm: { unit: 'month', count: 12 },
  noticePeriod: { unit: 'month', count: 3 },
  noticeRule: rule,
});
const dates = (terms: CancellationTerms, notice: string) => {
  const r = cancellationDates(terms, D(notice));
  return [r.earliest.toString(), r.next.toString()];
};

describe('cancellation: annual plan, 12-month minimum term, 3-month notice', () => {
  it.each([
    ['2025-01-01', ['2026-01-01', '2027-01-01']],
    ['2025-06-15', ['2026-01-01', '2027-01-01']],
    ['2025-09-30', ['2026-01-01', '2027-01-01']],
    ['2025-10-01', ['2026-01-01', '2027-01-01']],
    ['2025-10-02', ['2027-01-01', '2028-01-01']],
    ['2025-12-31', ['2027-01-01', '2028-01-01']],
    ['2026-09-30', ['2027-01-01', '2028-01-01']],
  ])('to the end of a term, notice on %s', (notice, expected) => {
    expect(dates(annual('2025-01-01', 'end_of_term'), notice)).toEqual(expected);
  });

  it.each([
    ['2025-06-15', ['2026-01-01', '2026-02-01']],
    ['2025-10-31', ['2026-02-01', '2026-03-01']],
    ['2026-03-31', ['2026-07-01', '2026-08-01']],
    ['2026-11-30', ['2027-03-01', '2027-04-01']],
  ])('to the end of a month, notice on %s', (notice, expected) => {
    expect(dates(annual('2025-01-01', 'end_of_month'), notice)).toEqual(expected);
  });

  it('counts terms from a leap day and clamps them', () => {
    expect(dates(annual('2024-02-29', 'end_of_term'), '2024-11-28')).toEqual(['2025-02-28', '2026-02-28']);
    // 29 Nov + 3 months is clamped to 28 Feb: still in time for the first term's end.
    expect(dates(annual('2024-02-29', 'end_of_term'), '2024-11-29')).toEqual(['2025-02-28', '2026-02-28']);
    expect(dates(annual('2024-02-29', 'end_of_term'), '2024-12-01')).toEqual(['2026-02-28', '2027-02-28']);
    expect(dates(annual('2024-02-29', 'end_of_month'), '2024-12-15')).toEqual(['2025-04-01', '2025-05-01']);
  });

  it('without minimum term or notice, ends with the current billing period', () => {
    const monthly: CancellationTerms = {
      anchor: D('2025-01-15'),
      interval: { unit: 'month', count: 1 },
      minimumTerm: null,
      noticePeriod: null,
      noticeRule: 'end_of_term',
    };
    expect(dates(monthly, '2025-03-20')).toEqual(['2025-04-15', '2025-05-15']);
    // Without a notice period, notice on a period's first day ends the subscription that day.
    expect(dates(monthly, '2025-03-15')).toEqual(['2025-03-15', '2025-04-15']);
    expect(dates(monthly, '2025-01-15')).toEqual(['2025-02-15', '2025-03-15']);
  });

  it('never ends before the minimum term or the notice period, always on a boundary of its rule (property)', () => {
    const interval = fc.record({
      unit: fc.constantFrom('day', 'week', 'month', 'year' as const),
      count: fc.integer({ min: 1, max: 3 }),
    });
    const optional = fc.option(
      fc.record({ unit: fc.constantFrom('week', 'month' as const), count: fc.integer({ min: 1, max: 12 }) }),
      { nil: null },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        interval,
        optional,
        optional,
        fc.constantFrom('end_of_term', 'end_of_month' as const),
        fc.integer({ min: 0, max: 1500 }),
        (offset, iv, minimumTerm, noticePeriod, noticeRule, noticeOffset) => {
          const anchor = D('2020-01-01').add({ days: offset });
          const terms: CancellationTerms = {
            anchor,
            interval: iv as Interval,
            minimumTerm,
            noticePeriod,
            noticeRule,
          };
          const notice = anchor.add({ days: noticeOffset });
          const { earliest, next } = cancellationDates(terms, notice);
          if (minimumTerm)
            expect(
              Temporal.PlainDate.compare(earliest, addIntervals(anchor, minimumTerm, 1)),
            ).toBeGreaterThanOrEqual(0);
          if (noticePeriod)
            expect(
              Temporal.PlainDate.compare(earliest, addIntervals(notice, noticePeriod, 1)),
            ).toBeGreaterThanOrEqual(0);
          expect(Temporal.PlainDate.compare(earliest, anchor)).toBeGreaterThan(0);
          expect(Temporal.PlainDate.compare(next, earliest)).toBeGreaterThan(0);
          if (noticeRule === 'end_of_month') expect([earliest.day, next.day]).toEqual([1, 1]);
          else {
            const term = minimumTerm ?? iv;
            let n = 0;
            while (Temporal.PlainDate.compare(addIntervals(anchor, term as Interval, n), earliest) < 0) n++;
            expect(addIntervals(anchor, term as Interval, n).toString()).toBe(earliest.toString());
          }
        },
      ),
    );
  });
});
