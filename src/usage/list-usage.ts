import type { UseCaseContext } from '../context.ts';
import { listPage, mapPage, type Page, type PageRequest, type SortColumns } from '../db/list-page.ts';
import { fail, type Result } from '../errors.ts';
import { UUID_PATTERN } from '../http/common-schemas.ts';
import { findSubscription } from '../subscriptions/subscription-view.ts';
import { meteredMetrics } from './usage-metrics.ts';
import { type UsageRow, type UsageView, usageView } from './usage-view.ts';
import { billedCondition, usageWatermark } from './usage-watermark.ts';

/** What `ordering` may name besides `created_date` (when it was recorded): when it happened. */
export const USAGE_SORTS = {
  timestamp: { column: 'occurred_at', type: 'instant' },
} as const satisfies SortColumns;

export interface UsageFilters extends PageRequest {
  metric?: string | undefined;
  timestamp__gte?: string | undefined;
  timestamp__lte?: string | undefined;
  billed?: 'true' | 'false' | undefined;
}

/** A subscription's usage records, billed and not yet billed, a page at a time. */
export async function listUsage(
  ctx: UseCaseContext,
  subscriptionId: string,
  q: UsageFilters,
): Promise<Result<Page<UsageView>>> {
  const organizationId = ctx.actor.organizationId;
  const subscription = await findSubscription(ctx.db, organizationId, subscriptionId);
  if (!subscription) return fail('not_found', `no subscription ${subscriptionId}`);
  let query = ctx.db
    .selectFrom('usage_records')
    .where('organization_id', '=', organizationId)
    .where('subscription_id', '=', subscription.id);
  if (q.metric) {
    const metricId = (await meteredMetrics(ctx.db, organizationId, [subscription.id])).resolve(
      subscription.id,
      q.metric,
    );
    query = query.where(
      'component_id',
      '=',
      metricId && UUID_PATTERN.test(metricId) ? metricId : '00000000-0000-0000-0000-000000000000',
    );
  }
  if (q.timestamp__gte) query = query.where('occurred_at', '>=', new Date(q.timestamp__gte));
  if (q.timestamp__lte) query = query.where('occurred_at', '<=', new Date(q.timestamp__lte));
  const watermark = await usageWatermark(ctx.db, organizationId, subscription.id);
  if (q.billed)
    query =
      q.billed === 'true'
        ? query.where(billedCondition(watermark))
        : query.where((eb) => eb.not(billedCondition(watermark)));
  return mapPage(await listPage<UsageRow>(query, q, { created: 'created_at', sorts: USAGE_SORTS }), (rows) =>
    rows.map((row) => usageView(row, watermark)),
  );
}
