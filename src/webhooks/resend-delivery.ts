import { sql } from 'kysely';
import type { Services, UseCaseContext } from '../context.ts';
import { anyOf } from '../db/any-of.ts';
import { findOwnRow } from '../db/find-own-row.ts';
import { type Tx, transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { type DeliveryView, deliveryViews } from './delivery-view.ts';
import { DELIVER_QUEUE } from './dispatch-events.ts';
import { findEndpoint } from './endpoint-view.ts';

/**
 * Puts deliveries back in line, due now, with a fresh retry schedule (their attempts are kept):
 * also ones that succeeded, since whoever asks wants them sent again.
 */
export async function requeueDeliveries(services: Services, tx: Tx, organizationId: string, ids: string[]) {
  if (ids.length === 0) return;
  const now = services.clock.now();
  await tx
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now, schedule_start: sql`attempts`, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where(anyOf('id', ids))
    .execute();
  if (services.queue)
    await services.queue.insert(
      DELIVER_QUEUE,
      ids.map((deliveryId) => ({ data: { organizationId, deliveryId } })),
      tx,
    );
}

/** Sends one delivery again, whatever became of it; refused when its endpoint was deleted. */
export async function resendDelivery(ctx: UseCaseContext, id: string): Promise<Result<DeliveryView>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const delivery = await findOwnRow(tx, 'webhook_deliveries', organizationId, id, { lock: true });
    if (!delivery || !(await findEndpoint(tx, organizationId, delivery.endpoint_id)))
      return fail('not_found', `no webhook delivery ${id}`);
    await requeueDeliveries(ctx, tx, organizationId, [delivery.id]);
    const [view] = await deliveryViews(tx, organizationId, [delivery.id]);
    return ok(view!);
  });
}
