import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { type Tx, transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { getOrganization } from '../tenancy/update-organization.ts';
import { applyOrder, staleFailure } from './apply-order.ts';
import { effectiveStatus, findOrder, type OrderRow, type OrderView, orderView } from './order-view.ts';

export type OrderDecision = 'commit' | 'approve' | 'decline';

const NEEDS: Record<OrderDecision, 'preview' | 'pending_approval'> = {
  commit: 'preview',
  approve: 'pending_approval',
  decline: 'pending_approval',
};

/**
 * Moves an order on. Commit applies a preview atomically, or, where the organization requires
 * approval, leaves it pending; approve applies a pending order; decline ends it unapplied. An
 * expired preview, or one whose subscription changed since it was priced, is refused.
 */
export async function decideOrder(
  ctx: UseCaseContext,
  id: string,
  decision: OrderDecision,
): Promise<Result<OrderView>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const row = await findOrder(tx, organizationId, id, { lock: true });
    if (!row) return fail('not_found', `no order ${id}`);
    const now = ctx.clock.now();
    const status = effectiveStatus(row, now);
    if (status === 'expired')
      return fail(
        'order_expired',
        `order ${id} expired at ${new Date(row.expires_at).toISOString()}; create a new one`,
      );
    if (status !== NEEDS[decision])
      return fail(
        'order_state',
        `order ${id} is ${status}: it cannot be ${decision === 'commit' ? 'committed' : `${decision}d`}`,
      );

    let next: OrderView['status'];
    let subscriptionId = row.subscription_id;
    if (decision === 'decline') {
      next = 'declined';
    } else {
      const stale = await staleFailure(tx, organizationId, row);
      if (stale) return stale;
      const approval =
        decision === 'commit' && (await getOrganization(tx, organizationId)).order_approval_required;
      if (approval) {
        next = 'pending_approval';
      } else {
        const applied = await applyOrder(tx, ctx, row);
        if (!applied.ok) return applied;
        subscriptionId = applied.value;
        next = 'committed';
      }
    }
    const updated = await tx
      .updateTable('orders')
      .set({
        status: next,
        subscription_id: subscriptionId,
        updated_at: now,
        ...(decision === 'commit' ? { committed_at: now } : { decided_at: now }),
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = orderView(updated, now);
    const action =
      next === 'pending_approval'
        ? 'order.pending_approval'
        : next === 'declined'
          ? 'order.declined'
          : decision === 'approve'
            ? 'order.approved'
            : 'order.committed';
    await recordChange(tx, ctx, {
      action,
      entityType: 'order',
      entityId: row.id,
      before: orderView(row, now),
      after,
    });
    return ok(after);
  });
}

/**
 * Commits a preview at once in the caller's transaction, without the approval step: for the import,
 * whose leading system has decided already.
 */
export async function commitOrderIn(tx: Tx, ctx: UseCaseContext, row: OrderRow): Promise<Result<OrderRow>> {
  const applied = await applyOrder(tx, ctx, row);
  if (!applied.ok) return applied;
  const now = ctx.clock.now();
  const updated = await tx
    .updateTable('orders')
    .set({ status: 'committed', subscription_id: applied.value, updated_at: now, committed_at: now })
    .where('organization_id', '=', ctx.actor.organizationId)
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChange(tx, ctx, {
    action: 'order.committed',
    entityType: 'order',
    entityId: row.id,
    before: orderView(row, now),
    after: orderView(updated, now),
  });
  return ok(updated);
}
