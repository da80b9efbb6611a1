import { sql } from 'kysely';
import { dayStart } from '../clock.ts';
import { anyOf } from '../db/any-of.ts';
import type { Db, Tx } from '../db/transaction.ts';

/**
 * Locks subscriptions against a billing run for the rest of the transaction, answering those found
 * with their first and end days.
 * KEY SHARE conflicts only with the run's FOR UPDATE: a writer of usage waits for a run that holds
 * one of its subscriptions, and its next statement sees where that run left the watermark; a run
 * skips a subscription whose usage is being written (it is billed by the next run).
 */
export async function lockForUsage(
  tx: Tx,
  organizationId: string,
  ids: readonly string[],
): Promise<UsageSubscription[]> {
  if (ids.length === 0) return [];
  return tx
    .selectFrom('subscriptions')
    .select(['id', 'start_date', 'end_date'])
    .where('organization_id', '=', organizationId)
    .where(anyOf('id', ids))
    .forKeyShare()
    .execute();
}

export interface UsageSubscription {
  id: string;
  start_date: string;
  end_date: string | null;
}

/**
 * Usage that happened before the subscription's first day, or on or after its end, falls in no
 * period and would never be billed: it is refused, naming the record. Answers a checker per
 * subscription (its days turned into instants once), which says what is wrong or null.
 */
export function subscriptionSpan(sub: UsageSubscription, timeZone: string): (at: Date) => string | null {
  const from = dayStart(sub.start_date, timeZone).getTime();
  const to = sub.end_date === null ? Number.POSITIVE_INFINITY : dayStart(sub.end_date, timeZone).getTime();
  return (at) => {
    const time = at.getTime();
    if (time < from) return `is before the subscription starts (${sub.start_date})`;
    if (time >= to) return `is not before the subscription ends (${sub.end_date})`;
    return null;
  };
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
