import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { retryOnUniqueViolation, transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { findSubscription } from '../subscriptions/subscription-view.ts';
import { meteredMetrics } from './usage-metrics.ts';
import { sameUsage, type UsageView, usageView } from './usage-view.ts';
import { lockForUsage, subscriptionSpan, usageWatermark } from './usage-watermark.ts';

export interface NewUsage {
  metric: string;
  quantity: string;
  timestamp: string;
  event_id?: string | undefined;
  unique_key?: string | undefined;
  properties?: Record<string, unknown> | undefined;
}

/**
 * Records one usage event of a metered component on a subscription. The same event_id again answers
 * the record already kept (`created: false`), so a retried request never counts twice; the same
 * event_id with other content is refused. Requests racing with one event_id all get the winner's
 * record: the losers' inserts hit the unique key, and their retry finds the record.
 */
export async function recordUsage(
  ctx: UseCaseContext,
  subscriptionId: string,
  input: NewUsage,
): Promise<Result<{ record: UsageView; created: boolean }>> {
  const organizationId = ctx.actor.organizationId;
  return retryOnUniqueViolation(() => recordUsageOnce(ctx, organizationId, subscriptionId, input));
}

function recordUsageOnce(
  ctx: UseCaseContext,
  organizationId: string,
  subscriptionId: string,
  input: NewUsage,
): Promise<Result<{ record: UsageView; created: boolean }>> {
  return transact(ctx.db, async (tx) => {
    const subscription = await findSubscription(tx, organizationId, subscriptionId);
    if (!subscription) return fail('not_found', `no subscription ${subscriptionId}`);
    const metricId = (await meteredMetrics(tx, organizationId, [subscription.id])).resolve(
      subscription.id,
      input.metric,
    );
    if (!metricId) {
      const message = `metric: ${input.metric} is not a metered component of this subscription`;
      return fail('validation_failed', message, [{ field: 'metric', code: 'not_attached', message }]);
    }
    await lockForUsage(tx, organizationId, [subscription.id]);
    const watermark = await usageWatermark(tx, organizationId, subscription.id);
    const eventId = input.event_id ?? newId();
    const existing = await tx
      .selectFrom('usage_records')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (existing) {
      if (existing.subscription_id === subscription.id && sameUsage(existing, { ...input, metricId }))
        return ok({ record: usageView(existing, watermark), created: false });
      return fail('event_id_reused', `event_id ${eventId} was recorded with other content`);
    }
    const occurredAt = new Date(input.timestamp);
    const outside = subscriptionSpan(subscription, ctx.actor.organization.timezone)(occurredAt);
    if (outside) {
      const message = `timestamp: ${input.timestamp} ${outside}`;
      return fail('validation_failed', message, [
        { field: 'timestamp', code: 'outside_subscription', message },
      ]);
    }
    const row = await tx
      .insertInto('usage_records')
      .values({
        organization_id: organizationId,
        id: newId(),
        subscription_id: subscription.id,
        component_id: metricId,
        event_id: eventId,
        quantity: input.quantity,
        occurred_at: occurredAt,
        // After its period was billed (the watermark passed it): billed apart, on the next draft.
        late: watermark !== null && occurredAt < watermark,
        unique_key: input.unique_key ?? null,
        properties: input.properties ? JSON.stringify(input.properties) : null,
        created_at: ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const record = usageView(row, watermark);
    await recordChange(tx, ctx, {
      action: 'usage.created',
      entityType: 'usage',
      entityId: row.id,
      before: null,
      after: record,
    });
    return ok({ record, created: true });
  });
}
