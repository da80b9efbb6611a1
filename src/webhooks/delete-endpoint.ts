import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { cancelPendingDeliveries } from './cancel-deliveries.ts';
import { endpointView, findEndpoint } from './endpoint-view.ts';

/** Deletes an endpoint: it is gone from the API, and what was still waiting to go to it is cancelled. */
export async function deleteEndpoint(ctx: UseCaseContext, id: string): Promise<Result<null>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const existing = await findEndpoint(tx, organizationId, id, true);
    if (!existing) return fail('not_found', `no webhook endpoint ${id}`);
    const now = ctx.clock.now();
    await tx
      .updateTable('webhook_endpoints')
      .set({ deleted_at: now, enabled: false, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', existing.id)
      .execute();
    await cancelPendingDeliveries(tx, organizationId, existing.id, now);
    await recordChange(tx, ctx, {
      action: 'webhook_endpoint.deleted',
      entityType: 'webhook_endpoint',
      entityId: existing.id,
      before: endpointView(existing, now),
      after: null,
    });
    return ok(null);
  });
}
