import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import { commandLineActor, type OrganizationRef } from '../context.ts';
import { anyOf } from '../db/any-of.ts';
import type { OutboxEventsTable } from '../db/schema.ts';
import type { Tx } from '../db/transaction.ts';
import { newId } from '../ids.ts';
import { creditNoteView, findInvoice, invoiceView, linesOfInvoices } from '../invoices/invoice-view.ts';
import { findSubscription, subscriptionView } from '../subscriptions/subscription-view.ts';

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

/**
 * Objects whose event payload is not what their GET answers (the audit keeps extra or fewer fields):
 * their data is read as GET reads it when the message is made, right after the change committed.
 */
async function currentView(tx: Tx, clock: Clock, org: OrganizationRef, event: OutboxEvent): Promise<unknown> {
  const id = event.entity_id;
  if (event.entity_type === 'invoice' || event.entity_type === 'credit_note') {
    const row = await findInvoice(tx, org.id, id, event.entity_type);
    if (!row) return undefined;
    const lines = await linesOfInvoices(tx, org.id, [row.id]);
    return row.kind === 'invoice' ? invoiceView(row, lines) : creditNoteView(row, lines);
  }
  if (event.entity_type === 'subscription') {
    const row = await findSubscription(tx, org.id, id);
    return row ? subscriptionView({ db: tx, clock, actor: commandLineActor(org) }, row) : undefined;
  }
  return undefined;
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

async function organizations(tx: Tx, ids: string[]): Promise<Map<string, OrganizationRef>> {
  const rows = await tx
    .selectFrom('organizations')
    .select(['id', 'country', 'currency', 'timezone'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Makes the message of each event that has none yet, once: every endpoint and every retry sends the
 * same bytes under the same `webhook-id` (the event's id).
 */
export async function ensureMessages(tx: Tx, clock: Clock, events: OutboxEvent[]): Promise<void> {
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
  const orgs = await organizations(tx, [...new Set(missing.map((e) => e.organization_id))]);
  const versions = await versionsOf(tx, missing);
  const rows = [];
  for (const event of missing) {
    const org = orgs.get(event.organization_id)!;
    const data = (await currentView(tx, clock, org, event)) ?? event.payload;
    const body: WebhookBody = {
      type: event.type,
      timestamp: new Date(event.occurred_at).toISOString(),
      data,
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
