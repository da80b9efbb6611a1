import { sql } from 'kysely';
import { plainArray } from '../db/pg-array.ts';
import type { Db, Tx } from '../db/transaction.ts';

export interface UnbilledUsage {
  /** Only for late records, which are marked billed one by one; null for on-time ones. */
  id: string | null;
  subscription_id: string;
  component_id: string;
  quantity: string;
  /** When it happened, epoch milliseconds (a number: a batch reads many thousands). */
  at: number;
  unique_key: string | null;
  /** Recorded after its period was billed: billed apart, on the next draft, marked so. */
  late: boolean;
}

/**
 * What the billing run has yet to bill of many subscriptions' usage: records that came on time from
 * each subscription's watermark (`usageBefore`, null before its first bill) up to `before`, and late
 * records not billed yet. On-time records are never written to when billed: the watermark passing
 * them is what bills them (see migration 0009).
 */
export async function unbilledUsage(
  db: Db | Tx,
  organizationId: string,
  watermarks: readonly { subscriptionId: string; usageBefore: Date | null }[],
  before: Date,
): Promise<UnbilledUsage[]> {
  if (watermarks.length === 0) return [];
  const ids = watermarks.map((w) => w.subscriptionId);
  const froms = watermarks.map((w) => w.usageBefore?.toISOString() ?? null);
  const result = await sql<UnbilledUsage>`
    select null::uuid as id, u.subscription_id, u.component_id, u.quantity,
      (extract(epoch from u.occurred_at) * 1000)::float8 as at, u.unique_key, u.late
    from unnest(${plainArray(ids)}::uuid[], ${plainArray(froms)}::timestamptz[]) as w(subscription_id, usage_before)
    -- per subscription, from its watermark (offset 0 keeps it a range scan of the index, not a hash of every record)
    cross join lateral (
      select * from usage_records r where r.organization_id = ${organizationId} and r.subscription_id = w.subscription_id
        and r.occurred_at >= coalesce(w.usage_before, '-infinity') and r.occurred_at < ${before.toISOString()}::timestamptz
        and not r.late
      offset 0) u
    union all
    select u.id, u.subscription_id, u.component_id, u.quantity,
      (extract(epoch from u.occurred_at) * 1000)::float8 as at, u.unique_key, u.late
    from usage_records u
    where u.organization_id = ${organizationId} and u.subscription_id = any(${plainArray(ids)}::uuid[]) and u.late and u.billed_at is null`.execute(
    db,
  );
  return result.rows;
}

/** Marks late usage billed, each record on its draft: one statement for any number of records. */
export async function markLateUsageBilled(
  tx: Tx,
  organizationId: string,
  marks: readonly { id: string; draftId: string | null }[],
  at: Date,
) {
  for (let i = 0; i < marks.length; i += 10_000) {
    const chunk = marks.slice(i, i + 10_000);
    await sql`
      update usage_records u set billed_at = ${at}, draft_id = v.draft_id
      from (select unnest(${chunk.map((m) => m.id)}::uuid[]) as id, unnest(${plainArray(chunk.map((m) => m.draftId))}::uuid[]) as draft_id) v
      where u.organization_id = ${organizationId} and u.id = v.id and u.late`.execute(tx);
  }
}

/**
 * The usage already billed (on time or late) of some subscriptions' components in time ranges: what a
 * late record's period was billed for, to re-rate that period with it (issue 11).
 */
export async function billedUsageIn(
  db: Db | Tx,
  organizationId: string,
  ranges: readonly { subscriptionId: string; componentId: string; from: Date; to: Date }[],
): Promise<UnbilledUsage[]> {
  if (ranges.length === 0) return [];
  const result = await sql<UnbilledUsage>`
    select u.id, u.subscription_id, u.component_id, u.quantity,
      (extract(epoch from u.occurred_at) * 1000)::float8 as at, u.unique_key, u.late
    from unnest(${plainArray(ranges.map((r) => r.subscriptionId))}::uuid[], ${plainArray(ranges.map((r) => r.componentId))}::uuid[],
      ${plainArray(ranges.map((r) => r.from.toISOString()))}::timestamptz[], ${plainArray(ranges.map((r) => r.to.toISOString()))}::timestamptz[])
      as w(subscription_id, component_id, from_at, to_at)
    cross join lateral (
      select * from usage_records r where r.organization_id = ${organizationId} and r.subscription_id = w.subscription_id
        and r.component_id = w.component_id and r.occurred_at >= w.from_at and r.occurred_at < w.to_at
        and (not r.late or r.billed_at is not null)
      offset 0) u`.execute(db);
  return result.rows;
}
