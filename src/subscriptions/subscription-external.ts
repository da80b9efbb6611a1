import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { findSubscription, subscriptionView } from './subscription-view.ts';

/**
 * What a leading system sets on a subscription it owns: the external id it knows it by, and how it is
 * paid. In the caller's transaction, audited; nothing is written when nothing changes.
 */
export async function setExternalFields(
  tx: Tx,
  ctx: UseCaseContext,
  id: string,
  fields: { externalId?: string; collectionMethod?: 'card' | 'invoice' },
): Promise<void> {
  const organizationId = ctx.actor.organizationId;
  const row = (await findSubscription(tx, organizationId, id, { lock: true }))!;
  const change = {
    ...(fields.externalId !== undefined && fields.externalId !== row.external_id
      ? { external_id: fields.externalId }
      : {}),
    ...(fields.collectionMethod !== undefined && fields.collectionMethod !== row.collection_method
      ? { collection_method: fields.collectionMethod }
      : {}),
  };
  if (Object.keys(change).length === 0) return;
  const before = await subscriptionView({ ...ctx, db: tx }, row);
  const updated = await tx
    .updateTable('subscriptions')
    .set({ ...change, updated_at: ctx.clock.now() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChange(tx, ctx, {
    action: 'subscription.updated',
    entityType: 'subscription',
    entityId: row.id,
    before,
    after: await subscriptionView({ ...ctx, db: tx }, updated),
  });
}
