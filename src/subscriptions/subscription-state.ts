import { Temporal } from '@js-temporal/polyfill';
import type { Interval } from '../domain/interval.ts';
import { periodContaining } from '../domain/periods.ts';

export type SubscriptionStatus = 'trialing' | 'active' | 'ending' | 'ended';

export interface SubscriptionDates {
  start_date: string;
  trial_end: string | null;
  end_date: string | null;
}

export interface SubscriptionState {
  status: SubscriptionStatus;
  current_period_start: string;
  current_period_end: string;
}

/** The day whose state is shown: today, but never before the start nor on or after the end. */
export function shownDay(dates: SubscriptionDates, today: string): string {
  if (today < dates.start_date) return dates.start_date;
  if (dates.end_date !== null && today >= dates.end_date)
    return Temporal.PlainDate.from(dates.end_date).subtract({ days: 1 }).toString();
  return today;
}

/**
 * Status and current period follow from the dates and today (the organization's day), so they are
 * never stale. The trial is a period of its own; billing periods anchor on the phase's anchor (the
 * first paid day, or the day the billing interval last changed) and clamp at month end. An ending
 * subscription's last period stops at its end date. All ends are exclusive.
 */
export function subscriptionState(
  dates: SubscriptionDates,
  billing: { anchor: string; interval: Interval },
  today: string,
): SubscriptionState {
  const interval = billing.interval;
  const start = Temporal.PlainDate.from(dates.start_date);
  const day = Temporal.PlainDate.from(today);
  const end = dates.end_date === null ? null : Temporal.PlainDate.from(dates.end_date);
  const ended = end !== null && Temporal.PlainDate.compare(end, day) <= 0;
  const shown = Temporal.PlainDate.from(shownDay(dates, today));

  if (
    dates.trial_end !== null &&
    Temporal.PlainDate.compare(shown, Temporal.PlainDate.from(dates.trial_end)) < 0
  ) {
    const trialEnd = Temporal.PlainDate.from(dates.trial_end);
    return {
      status: ended ? 'ended' : end !== null ? 'ending' : 'trialing',
      current_period_start: start.toString(),
      current_period_end: (end !== null && Temporal.PlainDate.compare(end, trialEnd) < 0
        ? end
        : trialEnd
      ).toString(),
    };
  }
  const anchor = Temporal.PlainDate.from(billing.anchor);
  const period = periodContaining(anchor, interval, shown);
  const periodEnd = end !== null && Temporal.PlainDate.compare(end, period.end) < 0 ? end : period.end;
  return {
    status: ended ? 'ended' : end !== null ? 'ending' : 'active',
    current_period_start: period.start.toString(),
    current_period_end: periodEnd.toString(),
  };
}
