import { expect } from 'vitest';
import { runWebhooksNow } from '../../src/webhooks/webhook-jobs.ts';
import { authHeaders, type TestApp, type TestOrganization } from './test-app.ts';
import type { startReceiver } from './webhook-receiver.ts';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

interface Claimed {
  id: string;
  type: string;
  entityId: string;
  data: unknown;
}

/** Which outbox events of a type a check is about: one object's, or those about one invoice. */
export interface EventFilter {
  entityId?: string;
  invoice?: string;
}

/**
 * Checks events kind by kind, for one organization with one endpoint on a real receiver.
 * `expectEvent` takes the events of a type (for an object) not checked yet, and holds each one's data
 * to what the API's GET answered for that object at that moment. `expectDelivered` then runs the
 * webhooks and holds every checked event, as the receiver got it (its signature verified with
 * `standardwebhooks`), to the same data, under its own `webhook-id`, and the version of each object
 * to grow from one event to the next.
 */
export function eventChecker(t: TestApp, org: TestOrganization, receiver: Receiver) {
  const claimed: Claimed[] = [];
  const taken = new Set<string>();

  async function outbox(type: string, filter: EventFilter) {
    let query = t.services.db
      .selectFrom('outbox_events')
      .select(['id', 'entity_id', 'payload'])
      .where('organization_id', '=', org.id)
      .where('type', '=', type);
    if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
    const rows = await query.orderBy('id').execute();
    return rows.filter(
      (r) =>
        !taken.has(r.id) &&
        (filter.invoice === undefined ||
          (r.payload as { invoice?: string } | null)?.invoice === filter.invoice),
    );
  }

  return {
    /** The new events of a type: exactly `count` of them, each with `data`. Answers their object ids. */
    async expectEvent(type: string, filter: EventFilter, data: unknown, count = 1) {
      const rows = await outbox(type, filter);
      expect(rows, `${type} of ${JSON.stringify(filter)}`).toHaveLength(count);
      for (const row of rows) {
        expect(row.payload, type).toEqual(data);
        taken.add(row.id);
        claimed.push({ id: row.id, type, entityId: row.entity_id, data });
      }
      return rows.map((r) => r.entity_id);
    },
    /** How many events of a type not yet checked there are (for "nothing yet"). */
    async count(type: string, filter: EventFilter = {}) {
      return (await outbox(type, filter)).length;
    },
    async expectDelivered() {
      await runWebhooksNow(t.services, [org.id]);
      expect(receiver.refused).toHaveLength(0);
      const byId = new Map(receiver.received.map((r) => [r.id, r]));
      const versions = new Map<string, { type: string; version: number }>();
      for (const event of [...claimed].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        const got = byId.get(event.id);
        expect(got, `${event.type} ${event.id} delivered`).toBeDefined();
        expect(got!.body.type).toBe(event.type);
        expect(got!.body.data, event.type).toEqual(event.data);
        const before = versions.get(event.entityId);
        if (before)
          expect(got!.body.version, `${event.type} after ${before.type}`).toBeGreaterThan(before.version);
        else expect(got!.body.version).toBeGreaterThanOrEqual(1);
        versions.set(event.entityId, { type: event.type, version: got!.body.version });
      }
      const listed = await t.app.inject({
        url: '/api/v1/webhook-event-types/',
        headers: authHeaders(org.tokens.full),
      });
      expect(listed.statusCode).toBe(200);
      const body = listed.json() as { type: string }[] | { results: { type: string }[] };
      const types = new Set((Array.isArray(body) ? body : body.results).map((x) => x.type));
      for (const event of claimed) expect(types.has(event.type), event.type).toBe(true);
      return [...new Set(claimed.map((c) => c.type))].sort();
    },
    /** The version the receiver got for each checked event of a type, oldest first. */
    versionsOf(type: string) {
      const ids = new Set(claimed.filter((c) => c.type === type).map((c) => c.id));
      return receiver.received.filter((r) => ids.has(r.id)).map((r) => r.body.version);
    },
  };
}
