import { Decimal } from 'decimal.js';
import type { Db } from '../db/transaction.ts';
import type { DiscountTier } from '../domain/discount-tiers.ts';
import type { HistoryContract, HistoryPhase, SubscriptionHistory } from '../domain/mrr.ts';
import { type MrrSpan, mrrSpans } from '../domain/mrr.ts';
import { type MrrMovement, mrrMovements } from '../domain/mrr-movements.ts';

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Every subscription of an organization as the metrics read it, from the phases, components and
 * contracts as they stand now: a backdated change rewrites the history it reaches into. Metrics are a
 * read model, so this reads the subscription, catalog and contract tables directly, four queries
 * whatever the size.
 */
export async function subscriptionHistories(db: Db, organizationId: string): Promise<SubscriptionHistory[]> {
  const [subscriptions, phases, components, contracts, tiers] = await Promise.all([
    db
      .selectFrom('subscriptions')
      .select(['id', 'account_id', 'start_date', 'trial_end', 'end_date'])
      .where('organization_id', '=', organizationId)
      .execute(),
    db
      .selectFrom('subscription_phases as p')
      .innerJoin('plan_terms as t', (j) =>
        j.onRef('t.organization_id', '=', 'p.organization_id').onRef('t.id', '=', 'p.plan_terms_id'),
      )
      .select([
        'p.subscription_id',
        'p.plan_terms_id',
        'p.quantity',
        'p.start_date',
        'p.end_date',
        'p.unit_price',
        't.price',
        't.currency',
        't.interval_unit',
        't.interval_count',
      ])
      .where('p.organization_id', '=', organizationId)
      .orderBy('p.start_date')
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
      .execute(),
    db
      .selectFrom('contracts')
      .select(['id', 'account_id', 'plan_terms_id', 'start_date', 'end_date'])
      .where('organization_id', '=', organizationId)
      .execute(),
    db
      .selectFrom('contract_tiers')
      .select(['contract_id', 'minimum_quantity', 'discount', 'discount_type'])
      .where('organization_id', '=', organizationId)
      .execute(),
  ]);
  const tiersByContract = new Map<string, DiscountTier[]>();
  for (const t of tiers)
    push(tiersByContract, t.contract_id, {
      minimum_quantity: t.minimum_quantity,
      discount: new Decimal(t.discount),
      discount_type: t.discount_type,
    });
  const contractsByAccount = new Map<string, HistoryContract[]>();
  for (const c of contracts)
    push(contractsByAccount, c.account_id, {
      planTerms: c.plan_terms_id,
      start: c.start_date,
      end: c.end_date,
      tiers: tiersByContract.get(c.id) ?? [],
    });
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
  const phasesBySubscription = new Map<string, HistoryPhase[]>();
  for (const p of phases)
    push(phasesBySubscription, p.subscription_id, {
      start: p.start_date,
      end: p.end_date,
      planTerms: p.plan_terms_id,
      currency: p.currency,
      interval:
        p.interval_unit === null || p.interval_count === null
          ? null
          : { unit: p.interval_unit, count: p.interval_count },
      unitPrice: decimal(p.unit_price ?? p.price),
      quantity: p.quantity,
    });
  const componentsBySubscription = new Map<string, SubscriptionHistory['components'][number][]>();
  for (const c of components)
    push(componentsBySubscription, c.subscription_id, {
      start: c.start_date,
      end: c.end_date,
      currency: c.currency,
      unitPrice: new Decimal(c.price ?? 0),
      quantity: c.quantity ?? 0,
    });
  return subscriptions.map((s) => ({
    id: s.id,
    account: s.account_id,
    start: s.start_date,
    trialEnd: s.trial_end,
    end: s.end_date,
    phases: phasesBySubscription.get(s.id) ?? [],
    components: componentsBySubscription.get(s.id) ?? [],
    contracts: contractsByAccount.get(s.account_id) ?? [],
  }));
}

export interface MrrHistory {
  histories: SubscriptionHistory[];
  spans: MrrSpan[];
  movements: MrrMovement[];
}

/** The organization's whole MRR history: spans per subscription and movements per account. */
export async function mrrHistory(db: Db, organizationId: string): Promise<MrrHistory> {
  const histories = await subscriptionHistories(db, organizationId);
  const spans = histories.flatMap(mrrSpans);
  return { histories, spans, movements: mrrMovements(spans) };
}
