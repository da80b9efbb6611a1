import { sql } from 'kysely';
import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { plainArray, textArray } from '../db/pg-array.ts';
import { transact } from '../db/transaction.ts';
import { type FieldError, fail, ok, type Result } from '../errors.ts';
import { UUID_PATTERN } from '../http/common-schemas.ts';
import { newId } from '../ids.ts';
import { meteredMetrics } from './usage-metrics.ts';
import { lockForUsage, subscriptionSpan } from './usage-watermark.ts';

export interface BatchRecord {
  subscription: string;
  metric: string;
  quantity: string;
  timestamp: string;
  event_id: string;
  unique_key?: string | undefined;
  properties?: Record<string, unknown> | undefined;
}

export const MAX_BATCH = 10_000;
const CHUNK = 5_000;

/**
 * Up to 10,000 usage records at once, checked as a whole (a bad record refuses the batch, naming it,
 * and nothing is written), then written set-based: the subscriptions and metrics are resolved with two
 * queries, the records inserted in chunks, skipping event_ids already recorded. A retried batch never
 * counts twice. One audit record for the batch, not one per record: ingest must stay fast.
 */
export async function ingestUsageBatch(
  ctx: UseCaseContext,
  records: readonly BatchRecord[],
): Promise<Result<{ received: number; created: number; duplicates: number }>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const ids = [
      ...new Set(records.map((r) => r.subscription.toLowerCase()).filter((id) => UUID_PATTERN.test(id))),
    ];
    // Taken before the insert reads the watermarks (see lockForUsage).
    const timeZone = ctx.actor.organization.timezone;
    const spans = new Map(
      (await lockForUsage(tx, organizationId, ids)).map(
        (s) => [s.id, subscriptionSpan(s, timeZone)] as const,
      ),
    );
    const known = new Set(spans.keys());
    const metrics = await meteredMetrics(tx, organizationId, [...known]);
    const errors: FieldError[] = [];
    const rows = records.map((r, i) => {
      const subscriptionId = r.subscription.toLowerCase();
      if (!known.has(subscriptionId))
        errors.push({
          field: `records.${i}.subscription`,
          code: 'not_found',
          message: `records.${i}.subscription: no subscription ${r.subscription}`,
        });
      const metricId = known.has(subscriptionId) ? metrics.resolve(subscriptionId, r.metric) : undefined;
      if (known.has(subscriptionId) && !metricId)
        errors.push({
          field: `records.${i}.metric`,
          code: 'not_attached',
          message: `records.${i}.metric: ${r.metric} is not a metered component of that subscription`,
        });
      const occurredAt = new Date(r.timestamp);
      const outside = spans.get(subscriptionId)?.(occurredAt) ?? null;
      if (outside)
        errors.push({
          field: `records.${i}.timestamp`,
          code: 'outside_subscription',
          message: `records.${i}.timestamp: ${r.timestamp} ${outside}`,
        });
      return {
        organization_id: organizationId,
        id: newId(),
        subscription_id: subscriptionId,
        component_id: metricId ?? '',
        event_id: r.event_id,
        quantity: r.quantity,
        occurred_at: occurredAt,
        unique_key: r.unique_key ?? null,
        properties: r.properties ? JSON.stringify(r.properties) : null,
        created_at: ctx.clock.now(),
      };
    });
    if (errors.length > 0)
      return fail(
        'validation_failed',
        `${errors.length} record(s) are not valid; nothing was recorded`,
        errors.slice(0, 100),
      );
    // One statement per chunk with one array per column (unnest), rather than a parameter per value;
    // the arrays are literals built by hand (src/db/pg-array.ts). Ids, metrics and quantities are
    // checked above; event ids, unique keys and properties are free text and quoted.
    let created = 0;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const column = <T>(pick: (r: (typeof rows)[number]) => T) => chunk.map(pick);
      const inserted = await sql`
        insert into usage_records (organization_id, id, subscription_id, component_id, event_id, quantity, occurred_at,
          unique_key, properties, created_at, late)
        select ${organizationId}::uuid, v.*, ${ctx.clock.now()}::timestamptz, coalesce(v.occurred_at < b.usage_before, false)
        from unnest(
          ${plainArray(column((r) => r.id))}::uuid[], ${plainArray(column((r) => r.subscription_id))}::uuid[],
          ${plainArray(column((r) => r.component_id))}::uuid[], ${textArray(column((r) => r.event_id))}::text[],
          ${plainArray(column((r) => r.quantity))}::numeric[], ${plainArray(column((r) => r.occurred_at.toISOString()))}::timestamptz[],
          ${textArray(column((r) => r.unique_key))}::text[], ${textArray(column((r) => r.properties))}::jsonb[])
          as v(id, subscription_id, component_id, event_id, quantity, occurred_at, unique_key, properties)
        left join subscription_billing b on b.organization_id = ${organizationId} and b.subscription_id = v.subscription_id
        on conflict (organization_id, event_id) do nothing`.execute(tx);
      created += Number(inserted.numAffectedRows ?? 0);
    }
    const result = { received: records.length, created, duplicates: records.length - created };
    await recordChange(tx, ctx, {
      action: 'usage.batch_received',
      entityType: 'usage_batch',
      entityId: newId(),
      before: null,
      after: result,
    });
    return ok(result);
  });
}
