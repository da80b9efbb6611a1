import { sql } from 'kysely';
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

/**
 * Marks usage billed, each record on its draft, with `late` for records that came after their period
 * was billed: one statement for any number of records and drafts (arrays unnested into rows).
 */
export async function markUsageBilled(
  tx: Tx,
  organizationId: string,
  marks: readonly { id: string; draftId: string; late: boolean }[],
  at: Date,
) {
  for (let i = 0; i < marks.length; i += 10_000) {
    const chunk = marks.slice(i, i + 10_000);
    await sql`
      update usage_records u set billed_at = ${at}, draft_id = v.draft_id, late = v.late
      from (select unnest(${chunk.map((m) => m.id)}::uuid[]) as id, unnest(${chunk.map((m) => m.draftId)}::uuid[]) as draft_id,
                   unnest(${chunk.map((m) => m.late)}::boolean[]) as late) v
      where u.organization_id = ${organizationId} and u.id = v.id`.execute(tx);
  }
}
