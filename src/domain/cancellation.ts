import type { Temporal } from '@js-temporal/polyfill';
import type { Interval } from './interval.ts';
import { addIntervals, periodContaining } from './periods.ts';

export interface CancellationTerms {
  /** The first paid day: the minimum term and the terms count from here. */
  anchor: Temporal.PlainDate;
  interval: Interval;
  minimumTerm: Interval | null;
  noticePeriod: Interval | null;
  noticeRule: 'end_of_term' | 'end_of_month';
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
  const afterNotice = terms.noticePeriod ? addIntervals(noticeDate, terms.noticePeriod, 1) : noticeDate;
  const bound = max(afterMinimum, afterNotice);
  if (terms.noticeRule === 'end_of_month') {
    const earliest = bound.day === 1 ? bound : bound.with({ day: 1 }).add({ months: 1 });
    return { earliest, next: earliest.add({ months: 1 }) };
  }
  const term = terms.minimumTerm ?? terms.interval;
  // The term containing the day before the bound ends on or after the bound: that end is the first boundary.
  const containing = periodContaining(terms.anchor, term, max(bound.subtract({ days: 1 }), terms.anchor));
  const earliest = containing.end;
  return { earliest, next: periodContaining(terms.anchor, term, earliest).end };
}
