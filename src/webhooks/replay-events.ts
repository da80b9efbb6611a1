import type { UseCaseContext } from '../context.ts';
import { anyOf } from '../db/any-of.ts';
import { transact } from '../db/transaction.ts';
import { fail, fieldFailure, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { insertDeliveries, type NewDelivery } from './dispatch-events.ts';
import { findEndpoint, wantsType } from './endpoint-view.ts';
import { isWebhookEventType } from './event-types.ts';
import { requeueDeliveries } from './resend-delivery.ts';
import { ensureMessages, type OutboxEvent } from './webhook-messages.ts';

/** Events one replay may send: a longer range is replayed in pieces. */
export const MAX_REPLAY_EVENTS = 10_000;

export interface ReplayRequest {
  from: Date;
  to: Date;
  types?: string[] | undefined;
}

/**
 * Sends an endpoint every event of a time range again (a receiver's outage, a new endpoint catching
 * up), those from before it existed too: the types it wants, narrowed by `types`. An event it already
 * had is sent again under its same id; the receiver drops what it has seen.
 */
export async function replayEvents(
  ctx: UseCaseContext,
  endpointId: string,
  request: ReplayRequest,
): Promise<Result<{ events: number }>> {
  if (request.to <= request.from) return fieldFailure('to', 'invalid', 'to: must be after from');
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const endpoint = await findEndpoint(tx, organizationId, endpointId);
    if (!endpoint) return fail('not_found', `no webhook endpoint ${endpointId}`);
    let query = tx
      .selectFrom('outbox_events')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('occurred_at', '>=', request.from)
      .where('occurred_at', '<', request.to)
      .where('delivered_at', 'is not', null);
    if (request.types) query = query.where('type', 'in', request.types);
    const events = (
      (await query
        .orderBy('occurred_at')
        .orderBy('id')
        .limit(MAX_REPLAY_EVENTS + 1)
        .execute()) as OutboxEvent[]
    ).filter((e) => isWebhookEventType(e.type) && wantsType(endpoint, e.type));
    if (events.length > MAX_REPLAY_EVENTS)
      return fieldFailure(
        'to',
        'too_many',
        `to: more than ${MAX_REPLAY_EVENTS} events in the range; replay a shorter one`,
      );
    await ensureMessages(tx, events);
    const now = ctx.clock.now();
    const existing = new Map(
      (events.length === 0
        ? []
        : await tx
            .selectFrom('webhook_deliveries')
            .select(['id', 'message_id'])
            .where('organization_id', '=', organizationId)
            .where('endpoint_id', '=', endpoint.id)
            .where(
              anyOf(
                'message_id',
                events.map((e) => e.id),
              ),
            )
            .execute()
      ).map((d) => [d.message_id, d.id]),
    );
    const fresh: NewDelivery[] = events
      .filter((e) => !existing.has(e.id))
      .map((e) => ({
        organization_id: organizationId,
        id: newId(),
        endpoint_id: endpoint.id,
        message_id: e.id,
        event_type: e.type,
        status: 'pending',
        next_attempt_at: now,
        created_at: now,
        updated_at: now,
      }));
    await insertDeliveries(ctx, tx, fresh);
    await requeueDeliveries(ctx, tx, organizationId, [...existing.values()]);
    return ok({ events: events.length });
  });
}
