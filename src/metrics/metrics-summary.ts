import type { UseCaseContext } from '../context.ts';
import { addToIso, daysFromTo } from '../domain/calendar.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { totalsOf } from '../domain/mrr-movements.ts';
import { accountsAcross, mrrSeries } from '../domain/mrr-series.ts';
import {
  type AgeBucket,
  ageItems,
  daysSalesOutstanding,
  emptyAgeing,
  percentage,
} from '../domain/receivables.ts';
import { fieldFailure, ok, type Result } from '../errors.ts';
import { loadRateBook } from '../exchange-rates/exchange-rate-view.ts';
import { convertSummary, type MinorFigures } from './converted-figures.ts';
import { invoiceTotals, openItemsOn } from './invoice-figures.ts';
import { type MovementAmounts, movementAmounts } from './metrics-views.ts';
import { mrrHistory } from './subscription-histories.ts';

export interface CurrencySummary {
  currency: string;
  mrr: string;
  arr: string;
  active_subscriptions: number;
  paying_accounts: number;
  arpa: string | null;
  opening_mrr: string;
  movements: MovementAmounts;
  churned_accounts: number;
  logo_churn_rate: string | null;
  gross_mrr_churn_rate: string | null;
  net_mrr_churn_rate: string | null;
  invoiced: string;
  paid: string;
  credited: string;
  receivables: Record<AgeBucket | 'total', string> & { invoices: number };
  dso: string | null;
}

export interface MetricsSummary {
  date: string;
  period: { start: string; end: string; days: number };
  organization_currency: string;
  trials: { started: number; ended: number; converted: number; conversion_rate: string | null };
  currencies: CurrencySummary[];
  converted: ReturnType<typeof convertSummary> | null;
}

/** The day after `date` minus one month: a period of one month ending on `date`. */
export function defaultPeriodStart(date: string): string {
  return addToIso(addToIso(date, 'month', -1), 'day', 1);
}

/**
 * The figures of docs/metrics.md at the close of a day, and over the period from `from` through it
 * (by default the month ending that day), per currency. Everything is computed from the phases and
 * documents as they stand, so any past day can be asked and backdated changes show.
 */
export async function metricsSummary(
  ctx: UseCaseContext,
  input: { date: string; from?: string | undefined },
): Promise<Result<MetricsSummary>> {
  const org = ctx.actor.organization;
  const from = input.from ?? defaultPeriodStart(input.date);
  if (from > input.date) return fieldFailure('query.from', 'invalid', 'from: must not be after date');
  const [history, totals, items, rates] = await Promise.all([
    mrrHistory(ctx.db, org.id),
    invoiceTotals(ctx.db, org.id, from, input.date),
    openItemsOn(ctx.db, org.id, input.date, org.timezone),
    loadRateBook(ctx.db, org.id),
  ]);
  const figures = new Map<string, MinorFigures>();
  const ageing = ageItems(items, input.date, (i) => i.currency);
  const days = daysFromTo(from, input.date) + 1;
  const currencies = new Set<string>([org.currency, ...totals.keys(), ...ageing.keys()]);
  for (const m of history.movements) currencies.add(m.currency);

  const ordered = [org.currency, ...[...currencies].filter((c) => c !== org.currency).sort()];
  const summaries: CurrencySummary[] = ordered.map((currency) => {
    const series = mrrSeries(history.movements, currency, from, input.date, 'month');
    const closing = series.steps.at(-1)!;
    const openingAccounts = mrrSeries(
      history.movements,
      currency,
      addToIso(from, 'day', -1),
      addToIso(from, 'day', -1),
      'day',
    ).steps[0]!.paying_accounts;
    const moved = history.movements.filter(
      (m) => m.currency === currency && m.date >= from && m.date <= input.date,
    );
    const sum = (type: string) => moved.filter((m) => m.type === type).reduce((s, m) => s + m.amount, 0);
    const churned = moved.filter((m) => m.type === 'churn').length;
    const lost = -(sum('churn') + sum('contraction'));
    const regained = sum('expansion') + sum('reactivation');
    const active = new Set(
      history.spans
        .filter(
          (s) => s.currency === currency && s.from <= input.date && (s.to === null || input.date < s.to),
        )
        .map((s) => s.subscription),
    ).size;
    const t = totals.get(currency) ?? { invoiced: 0, paid: 0, credited: 0 };
    const receivables = ageing.get(currency) ?? emptyAgeing();
    const money = (minor: number) => formatMinorUnits(minor, currency);
    figures.set(currency, {
      mrr: closing.mrr,
      opening_mrr: series.opening_mrr,
      invoiced: t.invoiced,
      paid: t.paid,
      credited: t.credited,
      receivables,
      movements: totalsOf(moved),
    });
    return {
      currency,
      mrr: money(closing.mrr),
      arr: money(closing.mrr * 12),
      active_subscriptions: active,
      paying_accounts: closing.paying_accounts,
      arpa: closing.paying_accounts === 0 ? null : money(Math.round(closing.mrr / closing.paying_accounts)),
      opening_mrr: money(series.opening_mrr),
      movements: movementAmounts(moved, currency),
      churned_accounts: churned,
      logo_churn_rate: percentage(churned, openingAccounts),
      gross_mrr_churn_rate: percentage(lost, series.opening_mrr),
      net_mrr_churn_rate: percentage(lost - regained, series.opening_mrr),
      invoiced: money(t.invoiced),
      paid: money(t.paid),
      credited: money(t.credited),
      receivables: {
        total: money(receivables.total),
        invoices: receivables.invoices,
        not_due: money(receivables.not_due),
        days_0_30: money(receivables.days_0_30),
        days_31_60: money(receivables.days_31_60),
        days_61_90: money(receivables.days_61_90),
        days_over_90: money(receivables.days_over_90),
      },
      dso: daysSalesOutstanding(receivables.total, t.invoiced, days),
    };
  });

  const trials = history.trials;
  // A trial ends on its last day's morrow, or earlier when the subscription ends during it.
  const trialOver = (h: (typeof trials)[number]) =>
    h.end !== null && h.end < h.trialEnd! ? h.end : h.trialEnd!;
  const ended = trials.filter((h) => trialOver(h) >= from && trialOver(h) <= input.date);
  const converted = ended.filter((h) => h.end === null || h.end > h.trialEnd!).length;
  return ok({
    date: input.date,
    period: { start: from, end: input.date, days },
    organization_currency: org.currency,
    trials: {
      started: trials.filter((h) => h.start >= from && h.start <= input.date).length,
      ended: ended.length,
      converted,
      conversion_rate: percentage(converted, ended.length),
    },
    currencies: summaries,
    converted:
      rates.count === 0
        ? null
        : convertSummary(rates.book, org.currency, input.date, figures, {
            days,
            accounts: (converted) => accountsAcross(history.movements, converted, from, input.date),
          }),
  });
}
