import type { UseCaseContext } from '../context.ts';
import { addToIso, daysFromTo } from '../domain/calendar.ts';
import { formatMinorUnits } from '../domain/money.ts';
import type { MrrMovement } from '../domain/mrr-movements.ts';
import { mrrSeries, mrrSeriesAccounts, type SeriesInterval } from '../domain/mrr-series.ts';
import { fieldFailure, ok, type Result } from '../errors.ts';
import { loadRateBook } from '../exchange-rates/exchange-rate-view.ts';
import { convertSeries } from './converted-figures.ts';
import { formatTotals } from './metrics-views.ts';
import { mrrHistory } from './subscription-histories.ts';

/** At most this many steps in one series: ten years of days, a century of months. */
export const MAX_SERIES_DAYS = 3660;

export interface MrrSeriesInput {
  from: string;
  to: string;
  interval: SeriesInterval;
  currency: string;
  /** every currency converted to `currency`, the organization's */
  convert?: boolean;
}

/** MRR at the close of each day or month from `from` through `to`, with each step's movements. */
export async function mrrSeriesReport(ctx: UseCaseContext, input: MrrSeriesInput) {
  const invalid = checkRange(input.from, input.to);
  if (invalid) return invalid;
  if (input.interval === 'day' && daysFromTo(input.from, input.to) >= MAX_SERIES_DAYS)
    return fieldFailure('query.to', 'too_long', `to: a daily series covers at most ${MAX_SERIES_DAYS} days`);
  const history = await mrrHistory(ctx.db, ctx.actor.organizationId);
  if (input.convert) return ok(await convertedReport(ctx, input, history.movements));
  const series = mrrSeries(history.movements, input.currency, input.from, input.to, input.interval);
  const money = (minor: number) => formatMinorUnits(minor, input.currency);
  return ok({
    currency: input.currency,
    interval: input.interval,
    from: input.from,
    to: input.to,
    opening_mrr: money(series.opening_mrr),
    converted: false,
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

/** The series of every currency in the organization's currency (docs/metrics.md, "Currency conversion"). */
async function convertedReport(
  ctx: UseCaseContext,
  input: MrrSeriesInput,
  movements: readonly MrrMovement[],
) {
  const currencies = new Set([input.currency, ...movements.map((m) => m.currency)]);
  const { book } = await loadRateBook(ctx.db, ctx.actor.organizationId);
  const converted = convertSeries(
    book,
    input.currency,
    addToIso(input.from, 'day', -1),
    new Map(
      [...currencies].map((c) => [c, mrrSeries(movements, c, input.from, input.to, input.interval)] as const),
    ),
  );
  // Paying accounts are counted across currencies: an account paying in two is one.
  const accounts = mrrSeriesAccounts(movements, input.from, input.to, input.interval);
  const money = (minor: number) => formatMinorUnits(minor, input.currency);
  return {
    currency: input.currency,
    interval: input.interval,
    from: input.from,
    to: input.to,
    opening_mrr: money(converted.opening_mrr),
    converted: true,
    missing_currencies: converted.missing,
    results: converted.steps.map((step, i) => ({
      start: step.start,
      end: step.end,
      mrr: money(step.mrr),
      arr: money(step.mrr * 12),
      paying_accounts: accounts[i]!,
      movements: formatTotals(step.movements, input.currency),
      currency_effect: money(step.currencyEffect),
    })),
  };
}

/** `from` after `to` names `from`. */
export function checkRange(from: string, to: string): Result<never> | null {
  return from > to ? fieldFailure('query.from', 'invalid', 'from: must not be after to') : null;
}
