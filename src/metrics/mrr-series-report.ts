import type { UseCaseContext } from '../context.ts';
import { daysFromTo } from '../domain/calendar.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { mrrSeries, type SeriesInterval } from '../domain/mrr-series.ts';
import { fieldFailure, ok, type Result } from '../errors.ts';
import { formatTotals } from './metrics-views.ts';
import { mrrHistory } from './subscription-histories.ts';

/** At most this many steps in one series: ten years of days, a century of months. */
export const MAX_SERIES_DAYS = 3660;

export interface MrrSeriesInput {
  from: string;
  to: string;
  interval: SeriesInterval;
  currency: string;
}

/** MRR at the close of each day or month from `from` through `to`, with each step's movements. */
export async function mrrSeriesReport(ctx: UseCaseContext, input: MrrSeriesInput) {
  const invalid = checkRange(input.from, input.to);
  if (invalid) return invalid;
  if (input.interval === 'day' && daysFromTo(input.from, input.to) >= MAX_SERIES_DAYS)
    return fieldFailure('query.to', 'too_long', `to: a daily series covers at most ${MAX_SERIES_DAYS} days`);
  const history = await mrrHistory(ctx.db, ctx.actor.organizationId);
  const series = mrrSeries(history.movements, input.currency, input.from, input.to, input.interval);
  const money = (minor: number) => formatMinorUnits(minor, input.currency);
  return ok({
    currency: input.currency,
    interval: input.interval,
    from: input.from,
    to: input.to,
    opening_mrr: money(series.opening_mrr),
    results: series.steps.map((step) => ({
      start: step.start,
      end: step.end,
      mrr: money(step.mrr),
      arr: money(step.mrr * 12),
      paying_accounts: step.paying_accounts,
      movements: formatTotals(step.movements, input.currency),
    })),
  });
}

/** `from` after `to` names `from`. */
export function checkRange(from: string, to: string): Result<never> | null {
  return from > to ? fieldFailure('query.from', 'invalid', 'from: must not be after to') : null;
}
