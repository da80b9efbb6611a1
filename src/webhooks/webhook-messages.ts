import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { anyOf } from '../db/any-of.ts';
import type { OutboxEventsTable } from '../db/schema.ts';
import type { Tx } from '../db/transaction.ts';
import { newId } from '../ids.ts';

export type OutboxEvent = Selectable<OutboxEventsTable>;

/** The version of kassa's API whose shapes `data` has. */
export const API_VERSION = '1';

/**
 * The body of a webhook (Standard Webhooks' `{type, timestamp, data}`): `data` is the object as the
 * API's GET answers it, `version` counts the object's changes (a receiver keeps the highest it has
 * seen and drops an older state that arrives late), `api_version` names the shapes.
 */
export interface WebhookBody {
  type: string;
  timestamp: string;
  data: unknown;
  version: number;
  api_version: string;
}

/** How many events each object has had up to and including each of these events (one statement). */
async function versionsOf(tx: Tx, events: OutboxEvent[]): Promise<Map<string, number>> {
  const rows = await sql<{ id: string; version: string }>`
    select e.id, (
      select count(*) from outbox_events o
      where o.organization_id = e.organization_id and o.entity_id = e.entity_id and o.id <= e.id
    ) as version
    from outbox_events e
    where ${anyOf(
      'e.id',
      events.map((e) => e.id),
    )}`.execute(tx);
  return new Map(rows.rows.map((r) => [r.id, Number(r.version)]));
}

/**
 * Makes the message of each event that has none yet, once: every endpoint and every retry sends the
 * same bytes under the same `webhook-id` (the event's id).
 */
export async function ensureMessages(tx: Tx, events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  const existing = await tx
    .selectFrom('webhook_messages')
    .select(['organization_id', 'id'])
    .where(
      anyOf(
        'id',
        events.map((e) => e.id),
      ),
    )
    .execute();
  const have = new Set(existing.map((m) => `${m.organization_id}/${m.id}`));
  const missing = events.filter((e) => !have.has(`${e.organization_id}/${e.id}`));
  if (missing.length === 0) return;
  const versions = await versionsOf(tx, missing);
  const rows = [];
  for (const event of missing) {
    const body: WebhookBody = {
      type: event.type,
      timestamp: new Date(event.occurred_at).toISOString(),
      data: event.payload,
      version: versions.get(event.id) ?? 1,
      api_version: API_VERSION,
    };
    rows.push({
      organization_id: event.organization_id,
      id: event.id,
      type: event.type,
      body: JSON.stringify(body),
      occurred_at: event.occurred_at,
    });
  }
  await tx
    .insertInto('webhook_messages')
    .values(rows)
    .onConflict((c) => c.doNothing())
    .execute();
}

/** A `webhook.test` message for one endpoint. */
export async function insertTestMessage(tx: Tx, organizationId: string, endpointId: string, now: Date) {
  const id = newId();
  const body: WebhookBody = {
    type: 'webhook.test',
    timestamp: now.toISOString(),
    data: { endpoint: endpointId, message: 'A test event from kassa: this endpoint receives webhooks.' },
    version: 1,
    api_version: API_VERSION,
  };
  await tx
    .insertInto('webhook_messages')
    .values({
      organization_id: organizationId,
      id,
      type: 'webhook.test',
      body: JSON.stringify(body),
      occurred_at: now,
    })
    .execute();
  return id;
}
