import { addToIso } from './calendar.ts';
import type { MrrReason, MrrSpan } from './mrr.ts';

export type MovementType = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';

export const MOVEMENT_TYPES: readonly MovementType[] = [
  'new',
  'expansion',
  'contraction',
  'churn',
  'reactivation',
];

export interface SubscriptionChange {
  subscription: string;
  /** minor units per month, before and after the day */
  before: number;
  after: number;
  reason: MrrReason;
}

/** One account's MRR change in one currency on one day (movementChanges names the subscriptions behind it). */
export interface MrrMovement {
  date: string;
  account: string;
  currency: string;
  type: MovementType;
  /** after − before: positive for new, expansion and reactivation, negative for the others */
  amount: number;
  before: number;
  after: number;
}

/**
 * ChartMogul's rule, on an account's MRR in a currency from one day to the next: from nothing to
 * something is new business, or reactivation when the account had MRR before; to nothing is churn
 * (an account's last subscription ending); up is expansion, down is contraction (one of several
 * subscriptions ending included).
 */
export function classifyMovement(before: number, after: number, hadMrrBefore: boolean): MovementType | null {
  if (before === after) return null;
  if (before === 0) return hadMrrBefore ? 'reactivation' : 'new';
  if (after === 0) return 'churn';
  return after > before ? 'expansion' : 'contraction';
}

interface Step extends SubscriptionChange {
  date: string;
  currency: string;
}

const byDate = (a: Step, b: Step) => compare(a.date, b.date);

/**
 * Where each of one account's subscriptions changes its MRR: each span's start, and its end when
 * nothing follows it (in that order: the spans' own steps, then the last span of each subscription and
 * currency ending), then sorted by date (stably: a day's steps keep that order), added to `steps`.
 * mrrSpans answers each subscription's spans in date order, so a span's predecessor comes first.
 */
function accountSteps(spans: readonly MrrSpan[], from: number, to: number, steps: Step[] = []): Step[] {
  // The last span of each subscription and currency so far: an account has a few.
  const last: MrrSpan[] = [];
  for (let i = from; i < to; i++) {
    const span = spans[i]!;
    let index = last.length - 1;
    while (
      index >= 0 &&
      (last[index]!.subscription !== span.subscription || last[index]!.currency !== span.currency)
    )
      index--;
    const previous = index < 0 ? undefined : last[index]!;
    const adjoins = previous !== undefined && previous.to === span.from;
    if (previous && !adjoins && previous.to !== null)
      steps.push(step(previous, previous.to, previous.amount, 0, 'subscription_ended'));
    steps.push(step(span, span.from, adjoins ? previous.amount : 0, span.amount, span.reason));
    if (index < 0) last.push(span);
    else last[index] = span;
  }
  for (const span of last)
    if (span.to !== null) steps.push(step(span, span.to, span.amount, 0, 'subscription_ended'));
  // Mostly in date order already (an account with one subscription): then there is nothing to sort.
  for (let i = 1; i < steps.length; i++) if (steps[i - 1]!.date > steps[i]!.date) return steps.sort(byDate);
  return steps;
}

const step = (span: MrrSpan, date: string, before: number, after: number, reason: MrrReason): Step => ({
  date,
  currency: span.currency,
  subscription: span.subscription,
  before,
  after,
  reason,
});

/** One account's movements in one currency, from its steps in date order, each onto its date's list. */
function currencyMovements(
  account: string,
  currency: string,
  steps: readonly Step[],
  onDate: (date: string) => MrrMovement[],
) {
  let mrr = 0;
  let hadMrr = false;
  for (let i = 0; i < steps.length; ) {
    const date = steps[i]!.date;
    let after = mrr;
    for (; i < steps.length && steps[i]!.date === date; i++) after += steps[i]!.after - steps[i]!.before;
    const type = classifyMovement(mrr, after, hadMrr);
    if (type !== null)
      onDate(date).push({ date, account, currency, type, amount: after - mrr, before: mrr, after });
    mrr = after;
    if (mrr > 0) hadMrr = true;
  }
}

/** The spans in account order: as they are when they already are (mrrHistory reads them so), else sorted (stably). */
function inAccountOrder(spans: readonly MrrSpan[]): readonly MrrSpan[] {
  for (let i = 1; i < spans.length; i++)
    if (spans[i - 1]!.account > spans[i]!.account)
      return [...spans].sort((a, b) => compare(a.account, b.account));
  return spans;
}

/**
 * Every movement of every account over the whole history of the spans, in date order (then account
 * and currency). Days on which an account's MRR in a currency ends where it began give none. One
 * account at a time, in account order, so each day's movements come out in order without a sort of them all.
 */
export function mrrMovements(allSpans: readonly MrrSpan[]): MrrMovement[] {
  const spans = inAccountOrder(allSpans);
  const days = new Map<string, MrrMovement[]>();
  const onDate = (date: string) => {
    let list = days.get(date);
    if (list === undefined) {
      list = [];
      days.set(date, list);
    }
    return list;
  };
  // Each account's steps, in a list used again for the next account.
  const steps: Step[] = [];
  for (let from = 0; from < spans.length; ) {
    const account = spans[from]!.account;
    const to = accountEnd(spans, from);
    steps.length = 0;
    accountSteps(spans, from, to, steps);
    if (oneCurrency(steps)) currencyMovements(account, steps[0]!.currency, steps, onDate);
    else
      for (const currency of [...new Set(steps.map((s) => s.currency))].sort())
        currencyMovements(
          account,
          currency,
          steps.filter((s) => s.currency === currency),
          onDate,
        );
    from = to;
  }
  return [...days.keys()].sort().flatMap((date) => days.get(date)!);
}

function oneCurrency(steps: readonly Step[]): boolean {
  for (let i = 1; i < steps.length; i++) if (steps[i]!.currency !== steps[0]!.currency) return false;
  return true;
}

/** Where the spans of the account at `from` end (spans in account order). */
function accountEnd(spans: readonly MrrSpan[], from: number): number {
  const account = spans[from]!.account;
  let to = from + 1;
  while (to < spans.length && spans[to]!.account === account) to++;
  return to;
}

/**
 * The subscriptions behind each of `movements` and how each one's MRR changed (those that stayed the
 * same left out), from the spans the movements came from. Worked out for the movements asked about
 * only (a page of them), not kept with every movement.
 */
export function movementChanges(
  allSpans: readonly MrrSpan[],
  movements: readonly MrrMovement[],
): SubscriptionChange[][] {
  const spans = inAccountOrder(allSpans);
  return movements.map((m) => {
    // The first span of the account: spans are in account order.
    let low = 0;
    let high = spans.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (spans[middle]!.account < m.account) low = middle + 1;
      else high = middle;
    }
    if (low >= spans.length || spans[low]!.account !== m.account) return [];
    return accountSteps(spans, low, accountEnd(spans, low))
      .filter((s) => s.date === m.date && s.currency === m.currency && s.before !== s.after)
      .map((s) => ({ subscription: s.subscription, before: s.before, after: s.after, reason: s.reason }));
  });
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export type MovementTotals = Record<MovementType, number>;

export const noMovements = (): MovementTotals => ({
  new: 0,
  expansion: 0,
  contraction: 0,
  churn: 0,
  reactivation: 0,
});

/** Movements summed by type (signed: churn and contraction negative). */
export function totalsOf(movements: readonly MrrMovement[]): MovementTotals {
  const totals = noMovements();
  for (const m of movements) totals[m.type] += m.amount;
  return totals;
}

/** The day before, for ranges that start after a day's close. */
export const dayBefore = (day: string) => addToIso(day, 'day', -1);
