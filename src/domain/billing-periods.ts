import { Decimal } from 'decimal.js';
import { daysFromTo, periodAround } from './calendar.ts';
import type { Interval } from './interval.ts';
import { laterDate } from './periods.ts';

const ONE = new Decimal(1);

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
  /** The day after the last day billed (exclusive): the period's end, or the subscription's inside it. */
  until: string;
  /** Less than 1 when the subscription ends inside the period: the days billed over the period's days. */
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
    const anchor = phase.anchor_date;
    const lowest = laterDate(phase.start_date, firstPaid);
    const around = periodAround(anchor, phase.interval, lowest);
    let start = around.start < lowest ? around.end : around.start;
    for (;;) {
      if (start > billingDate || (stop !== null && start >= stop)) break;
      const end = periodAround(anchor, phase.interval, start).end;
      const cut = sub.end_date !== null && sub.end_date < end ? sub.end_date : end;
      const factor = cut === end ? ONE : new Decimal(daysFromTo(start, cut)).div(daysFromTo(start, end));
      result.push({ phase: phase.index, start, end, until: cut, factor });
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
    let start = laterDate(phase.start_date, lowest);
    while (stop === null || start < stop) {
      const periodEnd = periodAround(phase.anchor_date, phase.interval, start).end;
      const end = stop !== null && stop < periodEnd ? stop : periodEnd;
      if (end > billingDate) break;
      result.push({ phase: phase.index, start, end });
      start = end;
    }
  }
  return result;
}
