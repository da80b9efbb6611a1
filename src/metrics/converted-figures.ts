import { type Conversion, conversionOn, convertedSum, type RateBook } from '../domain/exchange-rates.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { MOVEMENT_TYPES, type MovementTotals, noMovements } from '../domain/mrr-movements.ts';
import type { SeriesStep } from '../domain/mrr-series.ts';
import { AGE_BUCKETS, type AgeBucket } from '../domain/receivables.ts';

/** One currency's figures of a summary, in its minor units. */
export interface MinorFigures {
  mrr: number;
  opening_mrr: number;
  invoiced: number;
  paid: number;
  credited: number;
  receivables: Record<AgeBucket | 'total', number>;
}

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
 * is named in `missing_currencies` and left out.
 */
export function convertSummary(
  book: RateBook,
  target: string,
  date: string,
  figures: ReadonlyMap<string, MinorFigures>,
) {
  const conversion = conversionOn(book, target, date, [...figures.keys()]);
  const sum = (pick: (f: MinorFigures) => number) =>
    formatMinorUnits(
      convertedSum(conversion, new Map([...figures].map(([currency, f]) => [currency, pick(f)]))),
      target,
    );
  const mrr = sum((f) => f.mrr);
  const nonZero = (f: MinorFigures) =>
    f.mrr !== 0 ||
    f.opening_mrr !== 0 ||
    f.invoiced !== 0 ||
    f.paid !== 0 ||
    f.credited !== 0 ||
    f.receivables.total !== 0;
  return {
    currency: target,
    rates: usedRates(conversion),
    missing_currencies: conversion.missing.filter((c) => nonZero(figures.get(c)!)),
    mrr,
    arr: sum((f) => f.mrr * 12),
    opening_mrr: sum((f) => f.opening_mrr),
    invoiced: sum((f) => f.invoiced),
    paid: sum((f) => f.paid),
    credited: sum((f) => f.credited),
    receivables: Object.fromEntries(
      (['total', ...AGE_BUCKETS] as const).map((bucket) => [bucket, sum((f) => f.receivables[bucket])]),
    ) as Record<AgeBucket | 'total', string>,
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
