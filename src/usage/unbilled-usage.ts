import type { Db, Tx } from '../db/transaction.ts';

export interface UnbilledUsage {
  id: string;
  subscription_id: string;
  component_id: string;
  quantity: string;
  occurred_at: Date;
  unique_key: string | null;
}

/** Usage not yet billed, of many subscriptions, that happened before an instant (the billing run). */
export function unbilledUsage(
  db: Db | Tx,
  organizationId: string,
  subscriptionIds: readonly string[],
  before: Date,
): Promise<UnbilledUsage[]> {
  if (subscriptionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('usage_records')
    .select(['id', 'subscription_id', 'component_id', 'quantity', 'occurred_at', 'unique_key'])
    .where('organization_id', '=', organizationId)
    .where('subscription_id', 'in', subscriptionIds)
    .where('billed_at', 'is', null)
    .where('occurred_at', '<', before)
    .execute();
}

/** Marks usage billed on a draft, with `late` for records that came after their period was billed. */
export async function markUsageBilled(
  tx: Tx,
  organizationId: string,
  ids: readonly string[],
  draftId: string,
  late: boolean,
  at: Date,
) {
  for (let i = 0; i < ids.length; i += 5000)
    await tx
      .updateTable('usage_records')
      .set({ billed_at: at, draft_id: draftId, late })
      .where('organization_id', '=', organizationId)
      .where('id', 'in', ids.slice(i, i + 5000))
      .execute();
}
