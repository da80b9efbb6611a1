import type { UseCaseContext } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { writeEvent } from '../events/write-event.ts';
import { newId } from '../ids.ts';

export interface Change {
  /** The event type, also the audit action: `account.created`. */
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  /**
   * The event's `data` (what a webhook carries): the object as its GET answers it, built by the same
   * view function, when the audit's `after` is not that (a summary, or extra fields). Default: `after`,
   * or `before` when there is no after.
   */
  data?: unknown;
}

/**
 * Records a mutation in the caller's transaction: an audit row (who, through which system, what,
 * before and after) and the matching domain event in the outbox. Both commit with the change or not at all.
 */
export async function recordChange(tx: Tx, ctx: Pick<UseCaseContext, 'actor' | 'clock'>, change: Change) {
  const { actor } = ctx;
  const now = ctx.clock.now();
  await tx
    .insertInto('audit_log')
    .values({
      organization_id: actor.organizationId,
      id: newId(),
      occurred_at: now,
      token_id: actor.tokenId,
      user_id: actor.userId ?? null,
      client_system: actor.clientSystem,
      user_name: actor.user,
      request_id: actor.requestId,
      action: change.action,
      entity_type: change.entityType,
      entity_id: change.entityId,
      before: change.before === null ? null : JSON.stringify(change.before),
      after: change.after === null ? null : JSON.stringify(change.after),
    })
    .execute();
  await writeEvent(tx, actor.organizationId, now, {
    type: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    payload: change.data !== undefined ? change.data : (change.after ?? change.before),
  });
}
