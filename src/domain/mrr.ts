import { Decimal } from 'decimal.js';
import { addToIso } from './calendar.ts';
import { type DiscountTier, discountedUnitPrice, selectTier } from './discount-tiers.ts';
import type { Interval } from './interval.ts';
import { toMinorUnits } from './money.ts';

/**
 * Monthly recurring revenue, as docs/metrics.md defines it: the recurring price of a subscription's
 * plan terms and recurring components at the quantity in force, after contract tier discounts and
 * price overrides, without VAT, normalized to a month. Trials, metered usage, rated items, one-off
 * lines and punch cards are not MRR.
 */

const TWELVE = new Decimal(12);

/** What one billing interval's price is worth per month: a year ÷ 12, a quarter ÷ 3, a week × 52 ÷ 12. */
export function monthlyShare(price: Decimal, interval: Interval): Decimal {
  const perUnit =
    interval.unit === 'month'
      ? price
      : interval.unit === 'year'
        ? price.div(TWELVE)
        : interval.unit === 'week'
          ? price.times(52).div(TWELVE)
          : price.times(365).div(TWELVE);
  return perUnit.div(interval.count);
}

export interface HistoryPhase {
  start: string;
  /** exclusive; null: runs on */
  end: string | null;
  planTerms: string;
  currency: string;
  /** null: punch-card terms, not recurring */
  interval: Interval | null;
  /** the phase's own price (override) where it has one, else its plan terms' price */
  unitPrice: Decimal;
  quantity: number;
}

export interface HistoryComponent {
  start: string;
  end: string | null;
  currency: string;
  unitPrice: Decimal;
  quantity: number;
}

export interface HistoryContract {
  planTerms: string;
  start: string;
  /** inclusive, as contracts are; null: open-ended */
  end: string | null;
  tiers: readonly DiscountTier[];
}

/** One subscription's history as the metrics read it: dates are ISO days, ends exclusive. */
export interface SubscriptionHistory {
  id: string;
  account: string;
  start: string;
  /** exclusive: the first paying day; null without a trial */
  trialEnd: string | null;
  end: string | null;
  phases: readonly HistoryPhase[];
  /** recurring components only (metered ones are usage, not MRR) */
  components: readonly HistoryComponent[];
  /** the account's contracts (any plan terms; the ones of a phase's terms apply to it) */
  contracts: readonly HistoryContract[];
}

export type MrrReason =
  | 'subscription_started'
  | 'trial_converted'
  | 'plan_changed'
  | 'quantity_changed'
  | 'price_changed'
  | 'component_changed'
  | 'discount_changed'
  | 'subscription_ended';

/** A stretch of days over which a subscription's MRR in one currency stays the same. */
export interface MrrSpan {
  subscription: string;
  account: string;
  currency: string;
  from: string;
  /** exclusive; null: runs on */
  to: string | null;
  /** minor units per month */
  amount: number;
  /** why the MRR became this amount on `from` */
  reason: MrrReason;
}

const covers = (from: string, to: string | null, day: string) => from <= day && (to === null || day < to);

/**
 * A phase's monthly share at its price, quantity and tier, exact and rounded to its currency's minor
 * units. Most subscriptions share a few of these (the same terms and seats), so each is computed once
 * per distinct price object (the histories share one Decimal per distinct price): decimal arithmetic
 * is most of a history's cost.
 */
interface Share {
  exact: Decimal;
  minor: number;
}
const shares = new WeakMap<Decimal, Map<string, Share>>();
const tierKeys = new WeakMap<DiscountTier, string>();
function tierKey(tier: DiscountTier): string {
  let key = tierKeys.get(tier);
  if (key === undefined) {
    key = `${tier.discount_type}|${tier.discount.toString()}`;
    tierKeys.set(tier, key);
  }
  return key;
}
function phaseShare(phase: HistoryPhase, interval: Interval, tier: DiscountTier | null): Share {
  let byPrice = shares.get(phase.unitPrice);
  if (byPrice === undefined) {
    byPrice = new Map();
    shares.set(phase.unitPrice, byPrice);
  }
  const key = `${phase.currency}|${phase.quantity}|${interval.unit}|${interval.count}|${tier ? tierKey(tier) : ''}`;
  let share = byPrice.get(key);
  if (share === undefined) {
    const exact = monthlyShare(discountedUnitPrice(phase.unitPrice, tier).times(phase.quantity), interval);
    share = { exact, minor: toMinorUnits(exact, phase.currency) };
    byPrice.set(key, share);
  }
  return share;
}

/** The phase in force on `day` and its contract tier, or null when none (or a punch card). */
function pricedPhaseOn(
  history: SubscriptionHistory,
  day: string,
): { phase: HistoryPhase; share: Share; interval: Interval } | null {
  const phase = history.phases.find((p) => covers(p.start, p.end, day));
  if (!phase || phase.interval === null) return null;
  const interval = phase.interval;
  let tier: DiscountTier | null = null;
  for (const c of history.contracts)
    if (c.planTerms === phase.planTerms && c.start <= day && (c.end === null || day <= c.end)) {
      tier = selectTier(c.tiers, phase.quantity);
      break;
    }
  return { phase, share: phaseShare(phase, interval, tier), interval };
}

/** The subscription's MRR per currency on one day, exact (not yet rounded), its phase priced. */
function exactMrrOn(
  history: SubscriptionHistory,
  priced: NonNullable<ReturnType<typeof pricedPhaseOn>>,
  day: string,
): Map<string, Decimal> {
  const result = new Map<string, Decimal>([[priced.phase.currency, priced.share.exact]]);
  // Recurring components are billed each period of the phase in force, at their own price.
  for (const component of history.components)
    if (covers(component.start, component.end, day)) {
      const amount = monthlyShare(component.unitPrice.times(component.quantity), priced.interval);
      result.set(component.currency, (result.get(component.currency) ?? new Decimal(0)).plus(amount));
    }
  return result;
}

/**
 * The MRR per currency on one day of a subscription with components, in minor units, only those above
 * zero, written into `amounts`: each currency's exact sum rounded once. (Without components it is the
 * phase's rounded share alone, which addMrrSpans takes as it is.)
 */
function amountsOn(history: SubscriptionHistory, day: string, amounts: Map<string, number>) {
  amounts.clear();
  const priced = pricedPhaseOn(history, day);
  if (!priced) return;
  for (const [currency, exact] of exactMrrOn(history, priced, day)) {
    const amount = toMinorUnits(exact, currency);
    if (amount > 0) amounts.set(currency, amount);
  }
}

/** Why the MRR may change on `day`: the first thing that begins or ends there. */
function reasonOn(history: SubscriptionHistory, day: string, firstPaying: string): MrrReason {
  if (day === firstPaying) return history.trialEnd === day ? 'trial_converted' : 'subscription_started';
  const index = history.phases.findIndex((p) => p.start === day);
  if (index > 0) {
    const before = history.phases[index - 1]!;
    const after = history.phases[index]!;
    if (before.planTerms !== after.planTerms) return 'plan_changed';
    if (before.quantity !== after.quantity) return 'quantity_changed';
    return 'price_changed';
  }
  if (history.components.some((c) => c.start === day || c.end === day)) return 'component_changed';
  return 'discount_changed';
}

/** The days a subscription's MRR may change on, in order: its first paying day and every boundary after it. */
function breakDays(history: SubscriptionHistory, firstPaying: string): string[] {
  const end = history.end;
  const breaks = [firstPaying];
  const within = (day: string | null) => {
    if (day !== null && day > firstPaying && (end === null || day < end) && !breaks.includes(day))
      breaks.push(day);
  };
  for (const p of history.phases) {
    within(p.start);
    within(p.end);
  }
  for (const c of history.components) {
    within(c.start);
    within(c.end);
  }
  for (const c of history.contracts) {
    within(c.start);
    if (c.end !== null) within(addToIso(c.end, 'day', 1));
  }
  return breaks.sort();
}

const openSpans = new Map<string, MrrSpan>();
const dayAmounts = new Map<string, number>();

/**
 * A subscription's MRR over its life as spans, one per stretch of equal MRR in a currency. Each
 * span's amount is rounded to minor units once, half away from zero.
 */
export function mrrSpans(history: SubscriptionHistory): MrrSpan[] {
  const spans: MrrSpan[] = [];
  addMrrSpans(history, spans);
  return spans;
}

/** mrrSpans, added to `spans` (the metrics gather every subscription's in one list). */
export function addMrrSpans(history: SubscriptionHistory, spans: MrrSpan[]): void {
  const firstPaying =
    history.trialEnd !== null && history.trialEnd > history.start ? history.trialEnd : history.start;
  const end = history.end;
  if (end !== null && end <= firstPaying) return;
  const breaks = breakDays(history, firstPaying);
  const opened = (currency: string, day: string, next: string | null, amount: number): MrrSpan => {
    const span: MrrSpan = {
      subscription: history.id,
      account: history.account,
      currency,
      from: day,
      to: next,
      amount,
      reason: reasonOn(history, day, firstPaying),
    };
    spans.push(span);
    return span;
  };
  if (history.components.length === 0) {
    // The phase alone: one currency a day, so at most one span open (most subscriptions).
    let open: MrrSpan | null = null;
    for (let i = 0; i < breaks.length; i++) {
      const day = breaks[i]!;
      const next = breaks[i + 1] ?? end;
      const priced = pricedPhaseOn(history, day);
      const amount = priced === null ? 0 : priced.share.minor;
      if (open !== null && (open.currency !== priced?.phase.currency || open.amount !== amount)) {
        open.to = day;
        open = null;
      }
      if (amount <= 0) continue;
      if (open !== null) open.to = next;
      else open = opened(priced!.phase.currency, day, next, amount);
    }
    return;
  }
  // Reused from one subscription to the next: addMrrSpans runs to its end without yielding.
  const open = openSpans;
  const amounts = dayAmounts;
  open.clear();
  for (let i = 0; i < breaks.length; i++) {
    const day = breaks[i]!;
    const next = breaks[i + 1] ?? end;
    amountsOn(history, day, amounts);
    for (const [currency, span] of open)
      if (amounts.get(currency) !== span.amount) {
        span.to = day;
        open.delete(currency);
      }
    for (const [currency, amount] of amounts) {
      const current = open.get(currency);
      if (current) current.to = next;
      else open.set(currency, opened(currency, day, next, amount));
    }
  }
}

/** MRR in a currency on a day: the spans that cover it, summed. */
export function mrrOn(spans: readonly MrrSpan[], currency: string, day: string): number {
  let total = 0;
  for (const span of spans)
    if (span.currency === currency && covers(span.from, span.to, day)) total += span.amount;
  return total;
}
