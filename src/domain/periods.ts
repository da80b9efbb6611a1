import { Temporal } from '@js-temporal/polyfill';
import type { Interval } from './interval.ts';

export interface Period {
  start: Temporal.PlainDate;
  /** exclusive */
  end: Temporal.PlainDate;
}

/**
 * The anchor plus n intervals, clamped at month end relative to the anchor, never cumulatively:
 * monthly from 31 Jan gives 28/29 Feb, then 31 Mar, then 30 Apr.
 */
export function addIntervals(anchor: Temporal.PlainDate, interval: Interval, n: number): Temporal.PlainDate {
  const amount = interval.count * n;
  switch (interval.unit) {
    case 'day':
      return anchor.add({ days: amount });
    case 'week':
      return anchor.add({ weeks: amount });
    case 'month':
      return anchor.add({ months: amount }, { overflow: 'constrain' });
    case 'year':
      return anchor.add({ years: amount }, { overflow: 'constrain' });
  }
}

/** The n-th period from the anchor (n = 0 starts at the anchor), half-open. */
export function periodAt(anchor: Temporal.PlainDate, interval: Interval, n: number): Period {
  return { start: addIntervals(anchor, interval, n), end: addIntervals(anchor, interval, n + 1) };
}

export function daysBetween(from: Temporal.PlainDate, to: Temporal.PlainDate): number {
  return from.until(to, { largestUnit: 'days' }).days;
}

/** The period with start ≤ date < end. Dates before the anchor fall in the periods before it. */
export function periodContaining(
  anchor: Temporal.PlainDate,
  interval: Interval,
  date: Temporal.PlainDate,
): Period {
  // Estimate the index from elapsed days, then step to the exact period: clamping makes lengths vary.
  const approxDays = { day: 1, week: 7, month: 30.436875, year: 365.2425 }[interval.unit] * interval.count;
  let n = Math.floor(daysBetween(anchor, date) / approxDays);
  while (Temporal.PlainDate.compare(addIntervals(anchor, interval, n), date) > 0) n--;
  while (Temporal.PlainDate.compare(addIntervals(anchor, interval, n + 1), date) <= 0) n++;
  return periodAt(anchor, interval, n);
}

/** The later of two ISO dates (YYYY-MM-DD compares correctly as text). */
export function laterDate(a: string, b: string): string {
  return a >= b ? a : b;
}
