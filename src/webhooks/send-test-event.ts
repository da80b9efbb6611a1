import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { type DeliveryView, deliveryViews } from './delivery-view.ts';
import { insertDeliveries } from './dispatch-events.ts';
import { findEndpoint } from './endpoint-view.ts';
import { insertTestMessage } from './webhook-messages.ts';

/** Sends a `webhook.test` event to one endpoint (turned off or not): answers its delivery. */
export async function sendTestEvent(ctx: UseCaseContext, id: string): Promise<Result<DeliveryView>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const endpoint = await findEndpoint(tx, organizationId, id);
    if (!endpoint) return fail('not_found', `no webhook endpoint ${id}`);
    const now = ctx.clock.now();
    const messageId = await insertTestMessage(tx, organizationId, endpoint.id, now);
    const deliveryId = newId();
    await insertDeliveries(ctx, tx, [
      {
        organization_id: organizationId,
        id: deliveryId,
        endpoint_id: endpoint.id,
        message_id: messageId,
        event_type: 'webhook.test',
        status: 'pending',
        next_attempt_at: now,
        created_at: now,
        updated_at: now,
      },
    ]);
    const [view] = await deliveryViews(tx, organizationId, [deliveryId]);
    return ok(view!);
  });
}
