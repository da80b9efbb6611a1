import type { Services } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { newId } from '../ids.ts';
import { wantsType } from './endpoint-view.ts';
import { isWebhookEventType } from './event-types.ts';
import { ensureMessages, type OutboxEvent } from './webhook-messages.ts';

export const DELIVER_QUEUE = 'webhook-deliver';

export interface DeliveryJob {
  organizationId: string;
  deliveryId: string;
}

export interface NewDelivery {
  organization_id: string;
  id: string;
  endpoint_id: string;
  message_id: string;
  event_type: string;
  status: 'pending';
  next_attempt_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** Writes deliveries and, where a queue runs, one job each, in the caller's transaction. */
export async function insertDeliveries(services: Services, tx: Tx, deliveries: NewDelivery[]) {
  if (deliveries.length === 0) return [];
  const inserted = await tx
    .insertInto('webhook_deliveries')
    .values(deliveries)
    .onConflict((c) => c.doNothing())
    .returning(['organization_id', 'id'])
    .execute();
  if (services.queue && inserted.length > 0)
    await services.queue.insert(
      DELIVER_QUEUE,
      inserted.map((d) => ({ data: { organizationId: d.organization_id, deliveryId: d.id } })),
      tx,
    );
  return inserted;
}

/**
 * Feeds webhooks from the outbox: takes events committed and not yet dispatched (rolled-back ones
 * never exist here), makes their messages, and a delivery for every enabled endpoint that wants the
 * type. Several workers may run it at once (SKIP LOCKED). Answers how many events it took.
 * `only` narrows it to some organizations (tests sharing a database).
 */
export async function dispatchEvents(services: Services, limit = 500, only?: string[]): Promise<number> {
  return services.db.transaction().execute(async (tx) => {
    let query = tx.selectFrom('outbox_events').selectAll().where('delivered_at', 'is', null);
    if (only) query = query.where('organization_id', 'in', only);
    const events = (await query
      .orderBy('occurred_at')
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute()) as OutboxEvent[];
    if (events.length === 0) return 0;
    const organizationIds = [...new Set(events.map((e) => e.organization_id))];
    const endpoints = await tx
      .selectFrom('webhook_endpoints')
      .select(['organization_id', 'id', 'event_types'])
      .where('organization_id', 'in', organizationIds)
      .where('deleted_at', 'is', null)
      .where('enabled', '=', true)
      .execute();
    const now = services.clock.now();
    const deliveries: NewDelivery[] = [];
    const sent: OutboxEvent[] = [];
    for (const event of events) {
      if (!isWebhookEventType(event.type)) continue;
      const targets = endpoints.filter(
        (e) => e.organization_id === event.organization_id && wantsType(e, event.type),
      );
      if (targets.length === 0) continue;
      sent.push(event);
      for (const endpoint of targets)
        deliveries.push({
          organization_id: event.organization_id,
          id: newId(),
          endpoint_id: endpoint.id,
          message_id: event.id,
          event_type: event.type,
          status: 'pending',
          next_attempt_at: now,
          created_at: now,
          updated_at: now,
        });
    }
    await ensureMessages(tx, sent);
    await insertDeliveries(services, tx, deliveries);
    await tx
      .updateTable('outbox_events')
      .set({ delivered_at: now })
      .where('organization_id', 'in', organizationIds)
      .where(
        'id',
        'in',
        events.map((e) => e.id),
      )
      .execute();
    return events.length;
  });
}
