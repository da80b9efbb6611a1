import { type Conversion, conversionOn, convertedSum, type RateBook } from '../domain/exchange-rates.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { MOVEMENT_TYPES, type MovementTotals, noMovements } from '../domain/mrr-movements.ts';
import type { SeriesStep } from '../domain/mrr-series.ts';
import { AGE_BUCKETS, type AgeBucket, daysSalesOutstanding, percentage } from '../domain/receivables.ts';
import { formatTotals } from './metrics-views.ts';

/** One currency's figures of a summary, in its minor units. */
export interface MinorFigures {
  mrr: number;
  opening_mrr: number;
  invoiced: number;
  paid: number;
  credited: number;
  receivables: Record<AgeBucket | 'total', number>;
  /** the period's movements by type, signed */
  movements: MovementTotals;
}

/** Paying accounts across a set of currencies: at the period's opening and close, and how many churned. */
export type AccountsAcross = (currencies: ReadonlySet<string>) => {
  opening: number;
  closing: number;
  churned: number;
};

function usedRates(conversion: Conversion) {
  return conversion.rates.map((r) => ({
    currency: r.currency,
    rate: r.rate.toFixed(),
    valid_from: r.validFrom,
  }));
}

/**
 * A summary's figures in the organization's currency: every currency's figure converted at the rate
 * in force on the summary's `date` (each rounded once, then added). A currency without a rate that day
 * is named in `missing_currencies` and left out, of the amounts and of the accounts counted. Paying
 * and churned accounts are counted across the converted currencies (an account paying in two is one;
 * it churns when it stops paying in all of them); ARPA, the churn rates and DSO follow from the
 * converted amounts as they do per currency.
 */
export function convertSummary(
  book: RateBook,
  target: string,
  date: string,
  figures: ReadonlyMap<string, MinorFigures>,
  period: { days: number; accounts: AccountsAcross },
) {
  const conversion = conversionOn(book, target, date, [...figures.keys()]);
  const total = (pick: (f: MinorFigures) => number) =>
    convertedSum(conversion, new Map([...figures].map(([currency, f]) => [currency, pick(f)])));
  const money = (minor: number) => formatMinorUnits(minor, target);
  const sum = (pick: (f: MinorFigures) => number) => money(total(pick));
  const nonZero = (f: MinorFigures) =>
    f.mrr !== 0 ||
    f.opening_mrr !== 0 ||
    f.invoiced !== 0 ||
    f.paid !== 0 ||
    f.credited !== 0 ||
    f.receivables.total !== 0 ||
    MOVEMENT_TYPES.some((t) => f.movements[t] !== 0);
  const mrr = total((f) => f.mrr);
  const openingMrr = total((f) => f.opening_mrr);
  const invoiced = total((f) => f.invoiced);
  const movements = noMovements();
  for (const type of MOVEMENT_TYPES) movements[type] = total((f) => f.movements[type]);
  const lost = -(movements.churn + movements.contraction);
  const regained = movements.expansion + movements.reactivation;
  const accounts = period.accounts(
    new Set([...figures.keys()].filter((c) => !conversion.missing.includes(c))),
  );
  const receivables = Object.fromEntries(
    (['total', ...AGE_BUCKETS] as const).map((bucket) => [bucket, total((f) => f.receivables[bucket])]),
  ) as Record<AgeBucket | 'total', number>;
  return {
    currency: target,
    rates: usedRates(conversion),
    missing_currencies: conversion.missing.filter((c) => nonZero(figures.get(c)!)),
    mrr: money(mrr),
    arr: sum((f) => f.mrr * 12),
    paying_accounts: accounts.closing,
    arpa: accounts.closing === 0 ? null : money(Math.round(mrr / accounts.closing)),
    opening_mrr: money(openingMrr),
    movements: formatTotals(movements, target),
    churned_accounts: accounts.churned,
    logo_churn_rate: percentage(accounts.churned, accounts.opening),
    gross_mrr_churn_rate: percentage(lost, openingMrr),
    net_mrr_churn_rate: percentage(lost - regained, openingMrr),
    invoiced: money(invoiced),
    paid: sum((f) => f.paid),
    credited: sum((f) => f.credited),
    receivables: Object.fromEntries(
      Object.entries(receivables).map(([bucket, minor]) => [bucket, money(minor)]),
    ) as Record<AgeBucket | 'total', string>,
    dso: daysSalesOutstanding(receivables.total, invoiced, period.days),
  };
}

export interface ConvertedStep {
  start: string;
  end: string;
  mrr: number;
  movements: MovementTotals;
  /** what the change of rates added to the step: its MRR − the previous − its movements */
  currencyEffect: number;
  missing: string[];
}

/**
 * An MRR series of every currency in the organization's currency: each step's MRR and movements at the
 * rates in force on the step's last day; what the change of rates from one step to the next moved is
 * the step's currency effect, so that movements + currency effect = MRR − the previous step's MRR.
 * The opening at the rates of the day before the range.
 */
export function convertSeries(
  book: RateBook,
  target: string,
  openingDay: string,
  series: ReadonlyMap<string, { opening_mrr: number; steps: SeriesStep[] }>,
): { opening_mrr: number; missing: string[]; steps: ConvertedStep[] } {
  const currencies = [...series.keys()];
  const opening = conversionOn(book, target, openingDay, currencies);
  const openingMrr = convertedSum(opening, new Map([...series].map(([c, s]) => [c, s.opening_mrr])));
  const missing = new Set(opening.missing.filter((c) => series.get(c)!.opening_mrr !== 0));
  const length = series.values().next().value?.steps.length ?? 0;
  const steps: ConvertedStep[] = [];
  let previous = openingMrr;
  for (let i = 0; i < length; i++) {
    const { start, end } = series.values().next().value!.steps[i]!;
    const conversion = conversionOn(book, target, end, currencies);
    const stepMissing = conversion.missing.filter((c) => {
      const step = series.get(c)!.steps[i]!;
      return step.mrr !== 0 || MOVEMENT_TYPES.some((t) => step.movements[t] !== 0);
    });
    for (const c of stepMissing) missing.add(c);
    const mrr = convertedSum(conversion, new Map([...series].map(([c, s]) => [c, s.steps[i]!.mrr])));
    const movements = noMovements();
    for (const type of MOVEMENT_TYPES)
      movements[type] = convertedSum(
        conversion,
        new Map([...series].map(([c, s]) => [c, s.steps[i]!.movements[type]])),
      );
    const net = MOVEMENT_TYPES.reduce((s, t) => s + movements[t], 0);
    steps.push({ start, end, mrr, movements, currencyEffect: mrr - previous - net, missing: stepMissing });
    previous = mrr;
  }
  return { opening_mrr: openingMrr, missing: [...missing].sort(), steps };
}
