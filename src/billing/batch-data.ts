import { Temporal } from '@js-temporal/polyfill';
import type { AccountRow } from '../accounts/account-view.ts';
import { type ComponentRow, componentsByIds, taxCategoryRates } from '../catalog/components-lookup.ts';
import { billingInterval, type PlanTermsRow, planTermsByIds } from '../catalog/plan-terms-lookup.ts';
import { dayStart } from '../clock.ts';
import { type ContractPricing, contractsForAccounts } from '../contracts/contracts-for-accounts.ts';
import { anyOf } from '../db/any-of.ts';
import type { Tx } from '../db/transaction.ts';
import type { SubscriptionComponentRow } from '../subscriptions/subscription-components.ts';
import type { PhaseRow } from '../subscriptions/subscription-phases.ts';
import type { SubscriptionRow } from '../subscriptions/subscription-view.ts';
import { billedUsageIn, type UnbilledUsage, unbilledUsage } from '../usage/unbilled-usage.ts';

type RatedItem = {
  id: string;
  subscription_id: string;
  description: string;
  quantity: string;
  unit_price: string;
  currency: string;
  tax_category_id: string | null;
};

function bySubscription<T extends { subscription_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.subscription_id);
    if (list) list.push(row);
    else map.set(row.subscription_id, [row]);
  }
  return map;
}

// Only the columns billing reads: a batch reads thousands of rows, and every timestamp costs a parse.
const SUBSCRIPTION_COLUMNS = ['id', 'account_id', 'start_date', 'trial_end', 'end_date'] as const;
const PHASE_COLUMNS = [
  'subscription_id',
  'plan_terms_id',
  'quantity',
  'unit_price',
  'start_date',
  'end_date',
  'anchor_date',
] as const;
const ACCOUNT_COLUMNS = ['id', 'type', 'legal_country', 'vat_number'] as const;
const COMPONENT_COLUMNS = [
  'id',
  'subscription_id',
  'component_id',
  'quantity',
  'start_date',
  'end_date',
] as const;
export type BatchSubscription = Pick<SubscriptionRow, (typeof SUBSCRIPTION_COLUMNS)[number]>;
export type BatchPhase = Pick<PhaseRow, (typeof PHASE_COLUMNS)[number]>;
export type BatchAccount = Pick<AccountRow, (typeof ACCOUNT_COLUMNS)[number]>;
export type BatchComponent = Pick<SubscriptionComponentRow, (typeof COMPONENT_COLUMNS)[number]>;

/** Everything the billing of one batch of subscriptions reads, loaded with a few queries. */
export interface BatchData {
  subscriptions: BatchSubscription[];
  /** by subscription, in date order */
  phases: Map<string, BatchPhase[]>;
  terms: Map<string, PlanTermsRow>;
  accounts: Map<string, BatchAccount>;
  state: Map<
    string,
    { next_period_from: string | null; usage_from: string | null; usage_before: Date | string | null }
  >;
  /** by subscription */
  components: Map<string, BatchComponent[]>;
  catalogComponents: Map<string, ComponentRow>;
  contracts: ContractPricing;
  taxRates: Map<string, Record<string, string>>;
  /** by subscription */
  usage: Map<string, UnbilledUsage[]>;
  /** by subscription: usage billed already around its late records, to re-rate their periods */
  billedUsage: Map<string, UnbilledUsage[]>;
  /** by subscription */
  ratedItems: Map<string, RatedItem[]>;
}

/**
 * Locks the batch's subscriptions, skipping any another run holds (that run bills them), and loads
 * what billing them needs. Answers null when every one was locked elsewhere.
 */
export async function loadBatch(
  tx: Tx,
  organizationId: string,
  ids: readonly string[],
  billingDate: string,
  timeZone: string,
  taxRates: Map<string, Record<string, string>> | null,
): Promise<BatchData | null> {
  const subscriptions = await tx
    .selectFrom('subscriptions')
    .select(SUBSCRIPTION_COLUMNS)
    .where('organization_id', '=', organizationId)
    .where(anyOf('id', ids))
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();
  if (subscriptions.length === 0) return null;
  const subIds = subscriptions.map((s) => s.id);
  const phases = bySubscription(
    await tx
      .selectFrom('subscription_phases')
      .select(PHASE_COLUMNS)
      .where('organization_id', '=', organizationId)
      .where(anyOf('subscription_id', subIds))
      .orderBy('start_date')
      .execute(),
  );
  const terms = await planTermsByIds(
    tx,
    organizationId,
    [...phases.values()].flat().map((p) => p.plan_terms_id),
  );
  const accountIds = subscriptions.map((s) => s.account_id);
  const stateRows = await tx
    .selectFrom('subscription_billing')
    .select(['subscription_id', 'next_period_from', 'usage_from', 'usage_before'])
    .where('organization_id', '=', organizationId)
    .where(anyOf('subscription_id', subIds))
    .execute();
  const components = await tx
    .selectFrom('subscription_components')
    .select(COMPONENT_COLUMNS)
    .where('organization_id', '=', organizationId)
    .where(anyOf('subscription_id', subIds))
    .execute();
  const ratedItems = await tx
    .selectFrom('rated_items')
    .select(['id', 'subscription_id', 'description', 'quantity', 'unit_price', 'currency', 'tax_category_id'])
    .where('organization_id', '=', organizationId)
    .where(anyOf('subscription_id', subIds))
    .where('billed_at', 'is', null)
    .execute();
  // Usage up to the end of the billing day; closed windows end on or before it.
  const usageBefore = dayStart(Temporal.PlainDate.from(billingDate).add({ days: 1 }).toString(), timeZone);
  const state = new Map(stateRows.map((r) => [r.subscription_id, r]));
  const watermarks = subIds.map((id) => {
    const at = state.get(id)?.usage_before;
    return { subscriptionId: id, usageBefore: at ? new Date(at) : null };
  });
  const usage = await unbilledUsage(tx, organizationId, watermarks, usageBefore);
  return {
    subscriptions,
    phases,
    terms,
    accounts: new Map(
      (
        await tx
          .selectFrom('accounts')
          .select(ACCOUNT_COLUMNS)
          .where('organization_id', '=', organizationId)
          .where(anyOf('id', [...new Set(accountIds)]))
          .execute()
      ).map((a) => [a.id, a]),
    ),
    state,
    components: bySubscription(components),
    catalogComponents: await componentsByIds(
      tx,
      organizationId,
      components.map((c) => c.component_id),
    ),
    contracts: await contractsForAccounts(tx, organizationId, accountIds),
    taxRates: taxRates ?? (await taxCategoryRates(tx, organizationId)),
    usage: bySubscription(usage),
    billedUsage: bySubscription(
      await billedUsageIn(tx, organizationId, aroundLateUsage(usage, phases, terms)),
    ),
    ratedItems: bySubscription(ratedItems),
  };
}

const DAY_MS = 86_400_000;
const UNIT_DAYS = { day: 1, week: 7, month: 31, year: 366 } as const;

/**
 * Per subscription and component with late records, a time range sure to hold their periods: from a
 * longest period (plus a day for time zones) before the first to one after the last.
 */
function aroundLateUsage(
  usage: readonly UnbilledUsage[],
  phases: Map<string, BatchPhase[]>,
  terms: Map<string, PlanTermsRow>,
) {
  const ranges = new Map<string, { subscriptionId: string; componentId: string; from: Date; to: Date }>();
  for (const record of usage) {
    if (!record.late) continue;
    const span =
      (Math.max(
        ...(phases.get(record.subscription_id) ?? []).map((p) => {
          const interval = billingInterval(terms.get(p.plan_terms_id)!)!;
          return UNIT_DAYS[interval.unit] * interval.count;
        }),
      ) +
        1) *
      DAY_MS;
    const key = `${record.subscription_id}:${record.component_id}`;
    const range = ranges.get(key);
    const from = new Date(record.at - span);
    const to = new Date(record.at + span);
    if (!range)
      ranges.set(key, { subscriptionId: record.subscription_id, componentId: record.component_id, from, to });
    else {
      if (from < range.from) range.from = from;
      if (to > range.to) range.to = to;
    }
  }
  return [...ranges.values()];
}
