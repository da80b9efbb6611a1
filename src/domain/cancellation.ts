import type { Temporal } from '@js-temporal/polyfill';
import type { Interval } from './interval.ts';
import { addIntervals, periodContaining } from './periods.ts';

/**
 * Where a cancellation lands: `end_of_term` the end of a term; `end_of_month` the end of a calendar
 * month, the notice period counted from the notice day itself; `months_to_month_end` the end of a
 * calendar month as German contracts count "N Monate zum Monatsende" (BGB §§ 187(1), 188(2) and (3)):
 * the notice day is not counted, the period ends with the day of the last month that has the notice
 * day's number (or that month's last day), and the contract with the end of that month.
 */
export const NOTICE_RULES = ['end_of_term', 'end_of_month', 'months_to_month_end'] as const;
export type NoticeRule = (typeof NOTICE_RULES)[number];

export interface CancellationTerms {
  /** The first paid day: the minimum term and the terms count from here. */
  anchor: Temporal.PlainDate;
  interval: Interval;
  minimumTerm: Interval | null;
  noticePeriod: Interval | null;
  noticeRule: NoticeRule;
}

export interface CancellationDates {
  /** Exclusive: the first day without service. */
  earliest: Temporal.PlainDate;
  /** The possible end after the earliest. */
  next: Temporal.PlainDate;
}

const max = (a: Temporal.PlainDate, b: Temporal.PlainDate) => (a.until(b).sign > 0 ? b : a);

/**
 * The earliest end a notice given on `noticeDate` allows. It is never before the minimum term is
 * over (anchor + minimum term) nor before the notice period has passed (notice date + notice period),
 * and it lands on a boundary: with `end_of_month` the first 1st of a month on or after both; with
 * `months_to_month_end` the same, but the notice period's last day is a day of service (the notice day
 * is not counted), so the end is the first 1st of a month after that day; with
 * `end_of_term` the first end of a term on or after both, terms being consecutive blocks of the
 * minimum term (or, without one, of the billing interval) from the anchor. Ends are exclusive.
 */
export function cancellationDates(
  terms: CancellationTerms,
  noticeDate: Temporal.PlainDate,
): CancellationDates {
  const afterMinimum = terms.minimumTerm
    ? addIntervals(terms.anchor, terms.minimumTerm, 1)
    : terms.anchor.add({ days: 1 });
  const noticeEnds = terms.noticePeriod ? addIntervals(noticeDate, terms.noticePeriod, 1) : noticeDate;
  // BGB: the period ends with the day `noticeEnds` (inclusive), so the earliest exclusive end is the day after.
  const afterNotice = terms.noticeRule === 'months_to_month_end' ? noticeEnds.add({ days: 1 }) : noticeEnds;
  const bound = max(afterMinimum, afterNotice);
  if (terms.noticeRule === 'end_of_month' || terms.noticeRule === 'months_to_month_end') {
    const earliest = bound.day === 1 ? bound : bound.with({ day: 1 }).add({ months: 1 });
    return { earliest, next: earliest.add({ months: 1 }) };
  }
  const term = terms.minimumTerm ?? terms.interval;
  // The term containing the day before the bound ends on or after the bound: that end is the first boundary.
  const containing = periodContaining(terms.anchor, term, max(bound.subtract({ days: 1 }), terms.anchor));
  const earliest = containing.end;
  return { earliest, next: periodContaining(terms.anchor, term, earliest).end };
}
