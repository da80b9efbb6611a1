import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import {
  type EndpointView,
  endpointView,
  findEndpoint,
  newSecret,
  PREVIOUS_SECRET_HOURS,
} from './endpoint-view.ts';

/** A new secret; the old one keeps signing beside it for 24 hours. The new secret is shown this once. */
export async function rotateSecret(
  ctx: UseCaseContext,
  id: string,
): Promise<Result<EndpointView & { secret: string }>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const existing = await findEndpoint(tx, organizationId, id, true);
    if (!existing) return fail('not_found', `no webhook endpoint ${id}`);
    const now = ctx.clock.now();
    const secret = newSecret();
    const updated = await tx
      .updateTable('webhook_endpoints')
      .set({
        secret,
        previous_secret: existing.secret,
        previous_secret_expires_at: new Date(now.getTime() + PREVIOUS_SECRET_HOURS * 3_600_000),
        updated_at: now,
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = endpointView(updated, now);
    await recordChange(tx, ctx, {
      action: 'webhook_endpoint.updated',
      entityType: 'webhook_endpoint',
      entityId: existing.id,
      before: endpointView(existing, now),
      after,
    });
    return ok({ ...after, secret });
  });
}
