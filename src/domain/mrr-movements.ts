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

/** One account's MRR change in one currency on one day, and the subscriptions behind it. */
export interface MrrMovement {
  date: string;
  account: string;
  currency: string;
  type: MovementType;
  /** after − before: positive for new, expansion and reactivation, negative for the others */
  amount: number;
  before: number;
  after: number;
  subscriptions: SubscriptionChange[];
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

interface Step {
  date: string;
  account: string;
  currency: string;
  change: SubscriptionChange;
}

/** Where each subscription's MRR changes: each span's start, and its end when nothing follows it. */
function subscriptionSteps(spans: readonly MrrSpan[]): Step[] {
  const last = new Map<string, MrrSpan>();
  const steps: Step[] = [];
  const step = (span: MrrSpan, date: string, before: number, after: number, reason: MrrReason) =>
    steps.push({
      date,
      account: span.account,
      currency: span.currency,
      change: { subscription: span.subscription, before, after, reason },
    });
  // mrrSpans answers each subscription's spans in date order, so a span's predecessor comes first.
  for (const span of spans) {
    const key = `${span.subscription}|${span.currency}`;
    const previous = last.get(key);
    const adjoins = previous !== undefined && previous.to === span.from;
    if (previous && !adjoins && previous.to !== null)
      step(previous, previous.to, previous.amount, 0, 'subscription_ended');
    step(span, span.from, adjoins ? previous.amount : 0, span.amount, span.reason);
    last.set(key, span);
  }
  for (const span of last.values())
    if (span.to !== null) step(span, span.to, span.amount, 0, 'subscription_ended');
  return steps;
}

/**
 * Every movement of every account over the whole history of the spans, in date order (then account
 * and currency). Days on which an account's MRR in a currency ends where it began give none.
 */
export function mrrMovements(spans: readonly MrrSpan[]): MrrMovement[] {
  const byAccount = new Map<string, Step[]>();
  for (const step of subscriptionSteps(spans)) {
    const key = `${step.account}|${step.currency}`;
    const list = byAccount.get(key);
    if (list) list.push(step);
    else byAccount.set(key, [step]);
  }
  const movements: MrrMovement[] = [];
  for (const steps of byAccount.values()) {
    steps.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    let mrr = 0;
    let hadMrr = false;
    for (let i = 0; i < steps.length; ) {
      const date = steps[i]!.date;
      const changes: SubscriptionChange[] = [];
      let after = mrr;
      for (; i < steps.length && steps[i]!.date === date; i++) {
        const change = steps[i]!.change;
        changes.push(change);
        after += change.after - change.before;
      }
      const type = classifyMovement(mrr, after, hadMrr);
      if (type !== null)
        movements.push({
          date,
          account: steps[0]!.account,
          currency: steps[0]!.currency,
          type,
          amount: after - mrr,
          before: mrr,
          after,
          subscriptions: changes.filter((c) => c.before !== c.after),
        });
      mrr = after;
      if (mrr > 0) hadMrr = true;
    }
  }
  return movements.sort(
    (a, b) => compare(a.date, b.date) || compare(a.account, b.account) || compare(a.currency, b.currency),
  );
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
