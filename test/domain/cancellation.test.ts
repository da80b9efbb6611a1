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
        fc.constantFrom('end_of_term', 'end_of_month', 'months_to_month_end' as const),
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
            ).toBeGreaterThanOrEqual(noticeRule === 'months_to_month_end' ? 1 : 0);
          expect(Temporal.PlainDate.compare(earliest, anchor)).toBeGreaterThan(0);
          expect(Temporal.PlainDate.compare(next, earliest)).toBeGreaterThan(0);
          if (noticeRule !== 'end_of_term') expect([earliest.day, next.day]).toEqual([1, 1]);
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

/** Monthly terms, no minimum term, N months' notice to the end of a month, the BGB way. */
const bgb = (months: number | null, minimumTerm: Interval | null = null): CancellationTerms => ({
  anchor: D('2020-01-01'),
  interval: { unit: 'month', count: 1 },
  minimumTerm,
  noticePeriod: months === null ? null : { unit: 'month', count: months },
  noticeRule: 'months_to_month_end',
});

describe('cancellation: months_to_month_end (BGB §§ 187, 188: "N Monate zum Monatsende")', () => {
  it.each([
    // notice day, months, the last day of service (the end is the day after)
    ['2025-03-15', 3, '2025-06-30'],
    ['2025-03-31', 3, '2025-06-30'], // the period ends with 30 June (no 31st): in time for June
    ['2025-04-01', 3, '2025-07-31'], // the notice day is not counted: 1 April to 1 July, then July's end
    ['2025-03-01', 3, '2025-06-30'],
    ['2025-02-28', 3, '2025-05-31'],
    ['2025-11-30', 3, '2026-02-28'], // clamped to 28 February: its month's end
    ['2023-11-30', 3, '2024-02-29'], // leap year
    ['2025-01-31', 1, '2025-02-28'],
    ['2025-12-01', 2, '2026-02-28'], // end_of_month would allow 31 January
    ['2025-06-30', 1, '2025-07-31'],
  ])('notice on %s, %i months: service until %s', (notice, months, lastDay) => {
    const { earliest, next } = cancellationDates(bgb(months), D(notice));
    expect(earliest.subtract({ days: 1 }).toString()).toBe(lastDay);
    expect(next.toString()).toBe(earliest.add({ months: 1 }).toString());
  });

  it('differs from end_of_month only when the notice period ends on a 1st (notice on a 1st, for months)', () => {
    const monthEnd = (notice: string) =>
      cancellationDates({ ...bgb(3), noticeRule: 'end_of_month' }, D(notice)).earliest.toString();
    expect(monthEnd('2025-04-01')).toBe('2025-07-01');
    expect(cancellationDates(bgb(3), D('2025-04-01')).earliest.toString()).toBe('2025-08-01');
    expect(monthEnd('2025-04-02')).toBe(cancellationDates(bgb(3), D('2025-04-02')).earliest.toString());
  });

  it('without a notice period, ends with the notice month; never before the minimum term', () => {
    expect(cancellationDates(bgb(null), D('2025-05-01')).earliest.toString()).toBe('2025-06-01');
    expect(cancellationDates(bgb(null), D('2025-05-31')).earliest.toString()).toBe('2025-06-01');
    const withTerm = bgb(1, { unit: 'month', count: 24 });
    // Minimum term over at 2022-01-01 (exclusive), already a 1st.
    expect(cancellationDates(withTerm, D('2021-06-10')).earliest.toString()).toBe('2022-01-01');
    expect(cancellationDates(withTerm, D('2021-12-01')).earliest.toString()).toBe('2022-02-01');
  });

  it('is the first month end on which the whole period, notice day excluded, has passed (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 24 }), (offset, months) => {
        const notice = D('2020-01-01').add({ days: offset });
        const { earliest } = cancellationDates(bgb(months), notice);
        const lastDay = earliest.subtract({ days: 1 });
        // The last day of service is a month's last day.
        expect(lastDay.day).toBe(lastDay.daysInMonth);
        // BGB § 188(2), (3): the period ends with the day numbered as the notice day, N months on, or
        // with that month's last day. It must have passed by the last day of service...
        const target = notice.toPlainYearMonth().add({ months });
        const periodEnd = target.toPlainDate({ day: Math.min(notice.day, target.daysInMonth) });
        expect(Temporal.PlainDate.compare(lastDay, periodEnd)).toBeGreaterThanOrEqual(0);
        // ...and the month before would have been too early: it is the first such month end.
        const monthBefore = earliest.subtract({ months: 1 }).subtract({ days: 1 });
        expect(Temporal.PlainDate.compare(monthBefore, periodEnd)).toBeLessThan(0);
        // Counting the days: more than N months have passed from the day after the notice day.
        expect(
          Temporal.PlainDate.compare(notice.add({ days: 1 }).add({ months }), earliest),
        ).toBeLessThanOrEqual(0);
      }),
    );
  });
});
