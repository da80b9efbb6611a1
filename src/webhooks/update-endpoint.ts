import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { cancelPendingDeliveries } from './cancel-deliveries.ts';
import { type EndpointPatch, urlProblem } from './endpoint-input.ts';
import { type EndpointView, endpointView, findEndpoint } from './endpoint-view.ts';

/**
 * Changes the named fields. Turning an endpoint on again clears why kassa turned it off; turning it
 * off cancels what was still waiting to go to it (a replay sends it later).
 */
export async function updateEndpoint(
  ctx: UseCaseContext,
  id: string,
  patch: EndpointPatch,
): Promise<Result<EndpointView>> {
  if (patch.url !== undefined) {
    const problem = urlProblem(patch.url, ctx.webhooks?.allowPrivate ?? false);
    if (problem) return fail('validation_failed', problem.message, [problem]);
  }
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const existing = await findEndpoint(tx, organizationId, id, true);
    if (!existing) return fail('not_found', `no webhook endpoint ${id}`);
    const now = ctx.clock.now();
    const reenabled = patch.enabled === true && !existing.enabled;
    const updated = await tx
      .updateTable('webhook_endpoints')
      .set({
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.event_types !== undefined
          ? { event_types: patch.event_types === null ? null : JSON.stringify(patch.event_types) }
          : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        ...(reenabled ? { disabled_reason: null, failing_since: null } : {}),
        updated_at: now,
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (patch.enabled === false) await cancelPendingDeliveries(tx, organizationId, existing.id, now);
    const after = endpointView(updated, now);
    await recordChange(tx, ctx, {
      action: 'webhook_endpoint.updated',
      entityType: 'webhook_endpoint',
      entityId: existing.id,
      before: endpointView(existing, now),
      after,
    });
    return ok(after);
  });
}
