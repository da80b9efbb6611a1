import { Temporal } from '@js-temporal/polyfill';
import { Decimal } from 'decimal.js';
import type { Interval } from './interval.ts';
import { daysBetween, laterDate, periodContaining } from './periods.ts';

export interface BillingPhase {
  index: number;
  start_date: string;
  /** exclusive; null: runs on */
  end_date: string | null;
  anchor_date: string;
  interval: Interval;
}

export interface BillingSubscription {
  start_date: string;
  trial_end: string | null;
  end_date: string | null;
}

export interface PeriodToBill {
  phase: number;
  start: string;
  end: string;
  /** Less than 1 when the subscription ends inside the period. */
  factor: Decimal;
}

const earlierOf = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : a <= b ? a : b;

/**
 * The recurring periods to bill in advance by `billingDate`: each phase's periods that start within
 * the phase, on or after `from` (what earlier runs covered) and the first paid day, on or before the
 * billing date, and before the subscription's end. A period cut short by the end is billed in part.
 */
export function recurringPeriodsToBill(
  sub: BillingSubscription,
  phases: readonly BillingPhase[],
  from: string | null,
  billingDate: string,
): PeriodToBill[] {
  const firstPaid = laterDate(
    laterDate(sub.start_date, sub.trial_end ?? sub.start_date),
    from ?? sub.start_date,
  );
  const result: PeriodToBill[] = [];
  for (const phase of phases) {
    const stop = earlierOf(phase.end_date, sub.end_date);
    const anchor = Temporal.PlainDate.from(phase.anchor_date);
    const lowest = laterDate(phase.start_date, firstPaid);
    const around = periodContaining(anchor, phase.interval, Temporal.PlainDate.from(lowest));
    let start = around.start.toString() < lowest ? around.end : around.start;
    for (;;) {
      const s = start.toString();
      if (s > billingDate || (stop !== null && s >= stop)) break;
      const end = periodContaining(anchor, phase.interval, start).end;
      const cut =
        sub.end_date !== null && sub.end_date < end.toString() ? Temporal.PlainDate.from(sub.end_date) : end;
      const factor = new Decimal(daysBetween(start, cut)).div(daysBetween(start, end));
      result.push({ phase: phase.index, start: s, end: end.toString(), factor });
      start = end;
    }
  }
  return result;
}

export interface UsageWindow {
  phase: number;
  start: string;
  end: string;
}

/**
 * The closed usage windows to bill in arrears by `billingDate`: billing periods cut at phase changes
 * and at the end, tiling time from the start, each ending on or before the billing date and starting
 * on or after `from`.
 */
export function usageWindowsToBill(
  sub: BillingSubscription,
  phases: readonly BillingPhase[],
  from: string | null,
  billingDate: string,
): UsageWindow[] {
  const result: UsageWindow[] = [];
  const lowest = from ?? sub.start_date;
  for (const phase of phases) {
    const stop = earlierOf(phase.end_date, sub.end_date);
    const anchor = Temporal.PlainDate.from(phase.anchor_date);
    let start = laterDate(phase.start_date, lowest);
    while (stop === null || start < stop) {
      const periodEnd = periodContaining(
        anchor,
        phase.interval,
        Temporal.PlainDate.from(start),
      ).end.toString();
      const end = stop !== null && stop < periodEnd ? stop : periodEnd;
      if (end > billingDate) break;
      result.push({ phase: phase.index, start, end });
      start = end;
    }
  }
  return result;
}
