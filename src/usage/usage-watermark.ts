import { sql } from 'kysely';
import { anyOf } from '../db/any-of.ts';
import type { Db, Tx } from '../db/transaction.ts';

/**
 * Locks subscriptions against a billing run for the rest of the transaction, answering those found.
 * KEY SHARE conflicts only with the run's FOR UPDATE: a writer of usage waits for a run that holds
 * one of its subscriptions, and its next statement sees where that run left the watermark; a run
 * skips a subscription whose usage is being written (it is billed by the next run).
 */
export async function lockForUsage(
  tx: Tx,
  organizationId: string,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('subscriptions')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where(anyOf('id', ids))
    .forKeyShare()
    .execute();
  return rows.map((r) => r.id);
}

/** The instant before which a subscription's on-time usage is billed; null before its first bill. */
export async function usageWatermark(db: Db | Tx, organizationId: string, subscriptionId: string) {
  const row = await db
    .selectFrom('subscription_billing')
    .select('usage_before')
    .where('organization_id', '=', organizationId)
    .where('subscription_id', '=', subscriptionId)
    .executeTakeFirst();
  return row?.usage_before ? new Date(row.usage_before) : null;
}

/**
 * Billed: a late record once the run has marked it, an on-time one once the watermark has passed it.
 */
export function isBilled(
  row: { late: boolean; billed_at: Date | string | null; occurred_at: Date | string },
  watermark: Date | null,
): boolean {
  if (row.late) return row.billed_at !== null;
  return watermark !== null && new Date(row.occurred_at).getTime() < watermark.getTime();
}

/** The same test in SQL, for filters, against a known watermark. */
export function billedCondition(watermark: Date | null) {
  return sql<boolean>`(case when late then billed_at is not null else coalesce(occurred_at < ${watermark?.toISOString() ?? null}::timestamptz, false) end)`;
}
