import { componentsByIds } from '../catalog/components-lookup.ts';
import { anyOf } from '../db/any-of.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { UUID_PATTERN } from '../http/common-schemas.ts';

/**
 * The metered components attached to subscriptions, so that usage can be checked against them: a
 * metric is named by the component's uuid or code and must be attached to the subscription.
 */
export async function meteredMetrics(
  db: Db | Tx,
  organizationId: string,
  subscriptionIds: readonly string[],
) {
  const attached =
    subscriptionIds.length === 0
      ? []
      : await db
          .selectFrom('subscription_components')
          .select(['subscription_id', 'component_id'])
          .where('organization_id', '=', organizationId)
          .where(anyOf('subscription_id', [...new Set(subscriptionIds)]))
          .execute();
  const components = await componentsByIds(
    db,
    organizationId,
    attached.map((a) => a.component_id),
  );
  const bySubscription = new Map<string, { id: string; code: string }[]>();
  for (const a of attached) {
    const c = components.get(a.component_id);
    if (c?.kind !== 'metered') continue;
    bySubscription.set(a.subscription_id, [
      ...(bySubscription.get(a.subscription_id) ?? []),
      { id: c.id, code: c.code },
    ]);
  }
  return {
    /** The component id of `metric` on the subscription, or undefined. */
    resolve(subscriptionId: string, metric: string): string | undefined {
      const list = bySubscription.get(subscriptionId) ?? [];
      const byId = UUID_PATTERN.test(metric) ? metric.toLowerCase() : null;
      return list.find((m) => m.id === byId || m.code === metric)?.id;
    },
  };
}
