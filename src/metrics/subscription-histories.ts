import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { Db } from '../db/transaction.ts';
import type { DiscountTier } from '../domain/discount-tiers.ts';
import type { HistoryComponent, HistoryContract, HistoryPhase, SubscriptionHistory } from '../domain/mrr.ts';
import { addMrrSpans, type MrrSpan } from '../domain/mrr.ts';
import { type MrrMovement, mrrMovements } from '../domain/mrr-movements.ts';

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Walks rows ordered by a key alongside another list ordered by the same key: `take(key)` answers the
 * rows of that key, each row visited once, so no map of a hundred thousand keys is built.
 */
function ordered<T, V>(rows: readonly T[], keyOf: (row: T) => string, toValue: (row: T) => V) {
  let i = 0;
  return (key: string): V[] => {
    while (i < rows.length && keyOf(rows[i]!) < key) i++;
    if (i >= rows.length || keyOf(rows[i]!) !== key) return NONE;
    const values: V[] = [];
    for (; i < rows.length && keyOf(rows[i]!) === key; i++) values.push(toValue(rows[i]!));
    return values;
  };
}
const NONE: never[] = [];

/** The rows a history is built from, as the database answers them (bench/metrics reads them as its baseline). */
export async function historyRows(db: Db, organizationId: string) {
  const [subscriptions, phases, terms, components, contracts, tiers] = await Promise.all([
    db
      .selectFrom('subscriptions')
      .select(['id', 'account_id', 'start_date', 'trial_end', 'end_date'])
      // where the subscription goes in account order; the rows come in id order, as the phases do
      .select(sql<number>`(row_number() over (order by account_id, id))::int - 1`.as('position'))
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('subscription_phases')
      .select(['subscription_id', 'plan_terms_id', 'quantity', 'start_date', 'end_date', 'unit_price'])
      .where('organization_id', '=', organizationId)
      .orderBy('subscription_id')
      .orderBy('start_date')
      .execute(),
    db
      .selectFrom('plan_terms')
      .select(['id', 'price', 'currency', 'interval_unit', 'interval_count'])
      .where('organization_id', '=', organizationId)
      .execute(),
    db
      .selectFrom('subscription_components as s')
      .innerJoin('components as c', (j) =>
        j.onRef('c.organization_id', '=', 's.organization_id').onRef('c.id', '=', 's.component_id'),
      )
      .select(['s.subscription_id', 's.quantity', 's.start_date', 's.end_date', 'c.price', 'c.currency'])
      .where('s.organization_id', '=', organizationId)
      .where('c.kind', '=', 'recurring')
      .where('s.quantity', 'is not', null)
      .orderBy('s.subscription_id')
      .execute(),
    db
      .selectFrom('contracts')
      .select(['id', 'account_id', 'plan_terms_id', 'start_date', 'end_date'])
      .where('organization_id', '=', organizationId)
      .orderBy('account_id')
      .execute(),
    db
      .selectFrom('contract_tiers')
      .select(['contract_id', 'minimum_quantity', 'discount', 'discount_type'])
      .where('organization_id', '=', organizationId)
      .execute(),
  ]);
  return { subscriptions, phases, terms, components, contracts, tiers };
}

/**
 * Where each subscription's rows lie in rows ordered by subscription id as the subscriptions are:
 * subscription i's are `rows[from[i]]` up to `rows[to[i]]`.
 */
function rowRanges<T>(
  subscriptions: readonly { id: string }[],
  rows: readonly T[],
  subscriptionOf: (row: T) => string,
): { from: Int32Array; to: Int32Array } {
  const from = new Int32Array(subscriptions.length);
  const to = new Int32Array(subscriptions.length);
  let r = 0;
  for (let i = 0; i < subscriptions.length; i++) {
    const id = subscriptions[i]!.id;
    while (r < rows.length && subscriptionOf(rows[r]!) < id) r++;
    from[i] = r;
    while (r < rows.length && subscriptionOf(rows[r]!) === id) r++;
    to[i] = r;
  }
  return { from, to };
}

/**
 * Every subscription of an organization as the metrics read it, from the phases, components and
 * contracts as they stand now (a backdated change rewrites the history it reaches into), handed to
 * `visit` one at a time in account order (an account's subscriptions together), each one's phases in
 * date order. Metrics are a read model, so this reads the subscription, catalog and contract tables
 * directly, six queries whatever the size; the plan terms are read once, not with each phase. A history
 * lives only as long as `visit` keeps it: most are let go at once, which spares the memory a hundred
 * thousand of them would hold.
 */
export async function forEachSubscriptionHistory(
  db: Db,
  organizationId: string,
  visit: (history: SubscriptionHistory) => void,
): Promise<void> {
  const { subscriptions, phases, terms, components, contracts, tiers } = await historyRows(
    db,
    organizationId,
  );
  // One Decimal per distinct price: a hundred thousand phases have a handful of prices.
  const decimals = new Map<string, Decimal>();
  const decimal = (text: string) => {
    let value = decimals.get(text);
    if (value === undefined) {
      value = new Decimal(text);
      decimals.set(text, value);
    }
    return value;
  };
  const tiersByContract = new Map<string, DiscountTier[]>();
  for (const t of tiers)
    push(tiersByContract, t.contract_id, {
      minimum_quantity: t.minimum_quantity,
      discount: decimal(t.discount),
      discount_type: t.discount_type,
    });
  const termsById = new Map(
    terms.map((t) => [
      t.id,
      {
        currency: t.currency,
        interval:
          t.interval_unit === null || t.interval_count === null
            ? null
            : { unit: t.interval_unit, count: t.interval_count },
        price: decimal(t.price),
      },
    ]),
  );
  const phaseRows = rowRanges(subscriptions, phases, (p) => p.subscription_id);
  const componentRows = rowRanges(subscriptions, components, (c) => c.subscription_id);
  const contractsOf = ordered(
    contracts,
    (c) => c.account_id,
    (c): HistoryContract => ({
      planTerms: c.plan_terms_id,
      start: c.start_date,
      end: c.end_date,
      tiers: tiersByContract.get(c.id) ?? [],
    }),
  );
  // The subscriptions come in id order, as the phases do; `position` is each one's place in account order.
  const inAccountOrder = new Int32Array(subscriptions.length);
  for (let i = 0; i < subscriptions.length; i++) inAccountOrder[subscriptions[i]!.position] = i;
  let account: string | null = null;
  let accountContracts: HistoryContract[] = NONE;
  for (const i of inAccountOrder) {
    const s = subscriptions[i]!;
    // An account's subscriptions share its contracts.
    if (s.account_id !== account) {
      account = s.account_id;
      accountContracts = contractsOf(account);
    }
    const historyPhases: HistoryPhase[] = [];
    for (let r = phaseRows.from[i]!; r < phaseRows.to[i]!; r++) {
      const p = phases[r]!;
      const t = termsById.get(p.plan_terms_id)!;
      historyPhases.push({
        start: p.start_date,
        end: p.end_date,
        planTerms: p.plan_terms_id,
        currency: t.currency,
        interval: t.interval,
        unitPrice: p.unit_price === null ? t.price : decimal(p.unit_price),
        quantity: p.quantity,
      });
    }
    const historyComponents: HistoryComponent[] = [];
    for (let r = componentRows.from[i]!; r < componentRows.to[i]!; r++) {
      const c = components[r]!;
      historyComponents.push({
        start: c.start_date,
        end: c.end_date,
        currency: c.currency,
        unitPrice: new Decimal(c.price ?? 0),
        quantity: c.quantity ?? 0,
      });
    }
    visit({
      id: s.id,
      account: s.account_id,
      start: s.start_date,
      trialEnd: s.trial_end,
      end: s.end_date,
      phases: historyPhases,
      components: historyComponents,
      contracts: accountContracts,
    });
  }
}

export interface MrrHistory {
  spans: MrrSpan[];
  movements: MrrMovement[];
  /** the subscriptions that began with a trial */
  trials: SubscriptionHistory[];
}

/**
 * The organization's whole MRR history: spans per subscription and movements per account. The
 * histories themselves are let go once their spans are known, but the trials'.
 */
export async function mrrHistory(db: Db, organizationId: string): Promise<MrrHistory> {
  const spans: MrrSpan[] = [];
  const trials: SubscriptionHistory[] = [];
  await forEachSubscriptionHistory(db, organizationId, (history) => {
    addMrrSpans(history, spans);
    if (history.trialEnd !== null && history.trialEnd > history.start) trials.push(history);
  });
  return { spans, movements: mrrMovements(spans), trials };
}
