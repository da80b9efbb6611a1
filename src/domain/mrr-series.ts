import { addToIso } from './calendar.ts';
import { type MovementTotals, type MrrMovement, noMovements } from './mrr-movements.ts';

export type SeriesInterval = 'day' | 'month';

export interface SeriesStep {
  /** first and last day of the step (the range's own ends cut the first and last month) */
  start: string;
  end: string;
  /** MRR at the close of `end` */
  mrr: number;
  /** the movements of the step's days, by type, signed */
  movements: MovementTotals;
  /** accounts with MRR at the close of `end` */
  paying_accounts: number;
}

/** The steps of a range: each day, or each calendar month cut to the range. */
export function seriesSteps(
  from: string,
  to: string,
  interval: SeriesInterval,
): { start: string; end: string }[] {
  const steps: { start: string; end: string }[] = [];
  let start = from;
  while (start <= to) {
    const next =
      interval === 'day' ? addToIso(start, 'day', 1) : `${addToIso(`${start.slice(0, 7)}-01`, 'month', 1)}`;
    const end = addToIso(next, 'day', -1);
    steps.push({ start, end: end < to ? end : to });
    start = next;
  }
  return steps;
}

/**
 * The MRR series of one currency: MRR at the close of each step and the movements that led there,
 * so that each step's movements add up to its MRR minus the previous step's (the first step's to its
 * MRR minus the MRR at the close of the day before the range). `movements` in date order, all history.
 */
export function mrrSeries(
  movements: readonly MrrMovement[],
  currency: string,
  from: string,
  to: string,
  interval: SeriesInterval,
): { opening_mrr: number; steps: SeriesStep[] } {
  // Each account's movements in a currency chain (one's `before` is the previous one's `after`), so
  // the paying accounts are counted as they start and stop paying.
  let paying = 0;
  let mrr = 0;
  let i = 0;
  const apply = (m: MrrMovement) => {
    mrr += m.amount;
    paying += (m.after > 0 ? 1 : 0) - (m.before > 0 ? 1 : 0);
  };
  for (; i < movements.length && movements[i]!.date < from; i++)
    if (movements[i]!.currency === currency) apply(movements[i]!);
  const opening = mrr;
  const steps: SeriesStep[] = [];
  for (const step of seriesSteps(from, to, interval)) {
    const totals = noMovements();
    for (; i < movements.length && movements[i]!.date <= step.end; i++) {
      const m = movements[i]!;
      if (m.currency !== currency) continue;
      totals[m.type] += m.amount;
      apply(m);
    }
    steps.push({ ...step, mrr, movements: totals, paying_accounts: paying });
  }
  return { opening_mrr: opening, steps };
}

/** Accounts with MRR in any currency at the close of each step (an account paying in two counts once). */
export function mrrSeriesAccounts(
  movements: readonly MrrMovement[],
  from: string,
  to: string,
  interval: SeriesInterval,
): number[] {
  // How many currencies each account pays in: an account's movements in a currency chain (one's
  // `before` is the previous one's `after`), so each one starts or stops paying in at most its own.
  const paying = new Map<string, number>();
  const apply = (m: MrrMovement) => {
    const change = (m.after > 0 ? 1 : 0) - (m.before > 0 ? 1 : 0);
    if (change === 0) return;
    const currencies = (paying.get(m.account) ?? 0) + change;
    if (currencies > 0) paying.set(m.account, currencies);
    else paying.delete(m.account);
  };
  let i = 0;
  for (; i < movements.length && movements[i]!.date < from; i++) apply(movements[i]!);
  return seriesSteps(from, to, interval).map((step) => {
    for (; i < movements.length && movements[i]!.date <= step.end; i++) apply(movements[i]!);
    return paying.size;
  });
}

/**
 * Accounts paying in any of `currencies` at the opening of a period (the close of the day before
 * `from`) and at the close of `to`, and how often an account stopped paying in all of them on a day
 * of the period (logo churn across currencies: an account that still pays in another of them has
 * not churned). `movements` in date order, then account, all history.
 */
export function accountsAcross(
  movements: readonly MrrMovement[],
  currencies: ReadonlySet<string>,
  from: string,
  to: string,
): { opening: number; closing: number; churned: number } {
  const paying = new Map<string, number>();
  let opening: number | null = null;
  let churned = 0;
  for (let i = 0; i < movements.length && movements[i]!.date <= to; ) {
    const { date, account } = movements[i]!;
    if (opening === null && date >= from) opening = paying.size;
    const before = paying.get(account) ?? 0;
    let after = before;
    for (; i < movements.length && movements[i]!.date === date && movements[i]!.account === account; i++) {
      const m = movements[i]!;
      if (currencies.has(m.currency)) after += (m.after > 0 ? 1 : 0) - (m.before > 0 ? 1 : 0);
    }
    if (after > 0) paying.set(account, after);
    else paying.delete(account);
    if (date >= from && before > 0 && after === 0) churned++;
  }
  return { opening: opening ?? paying.size, closing: paying.size, churned };
}
