import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { systemClock } from '../clock.ts';
import type { Services } from '../context.ts';
import { anyOf } from '../db/any-of.ts';
import type { WebhookDeliveriesTable } from '../db/tables-webhooks.ts';
import { nextRetryDelay, parseRetryAfter } from '../domain/webhook-retries.ts';
import { newId } from '../ids.ts';
import { DELIVER_QUEUE } from './dispatch-events.ts';
import { type EndpointTrouble, noteEndpointHealth, tellOrganizations } from './endpoint-health.ts';
import { type EndpointRow, signingSecrets } from './endpoint-view.ts';
import { type PostResult, postWebhook, TIMEOUT_MS } from './post-webhook.ts';

type DeliveryRow = Selectable<WebhookDeliveriesTable>;

/** An attempt in flight holds its delivery this long, so no other worker sends it meanwhile. */
const LEASE_MS = TIMEOUT_MS + 45_000;

const signers = new Map<string, Webhook>();
function signer(secret: string): Webhook {
  let webhook = signers.get(secret);
  if (!webhook) {
    if (signers.size > 10_000) signers.clear();
    webhook = new Webhook(secret);
    signers.set(secret, webhook);
  }
  return webhook;
}

/**
 * The Standard Webhooks headers: the message id, the time of this attempt and one signature per
 * secret that signs now (two for 24 h after a rotation), separated by spaces. The timestamp is real
 * time, not the injected clock: receivers compare it with their own clocks to refuse replays.
 */
export function signatureHeaders(messageId: string, body: string, secrets: string[]) {
  const at = systemClock.now();
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => signer(s).sign(messageId, at, body)).join(' '),
  };
}

/**
 * Claims deliveries that are due (or the ones named, if due): each gets its attempt number and a lease.
 * Answers them with the body of their message, in the same round trip.
 */
async function claim(services: Services, now: Date, options: DeliverOptions, limit: number) {
  const { ids, organizationIds } = options;
  const lease = new Date(now.getTime() + LEASE_MS);
  const result = await sql<DeliveryRow & { message_body: string | null }>`
    with claimed as (
      update webhook_deliveries d
      set attempts = d.attempts + 1, next_attempt_at = ${lease}, updated_at = ${now}
      from (
        select organization_id, id from webhook_deliveries
        where status = 'pending' and next_attempt_at <= ${now}
          ${ids ? sql`and ${anyOf('id', ids)}` : sql``}
          ${organizationIds ? sql`and ${anyOf('organization_id', organizationIds)}` : sql``}
        order by next_attempt_at
        limit ${limit}
        for update skip locked
      ) c
      where d.organization_id = c.organization_id and d.id = c.id
      returning d.*
    )
    select claimed.*, m.body as message_body from claimed
    left join webhook_messages m on m.organization_id = claimed.organization_id and m.id = claimed.message_id`.execute(
    services.db,
  );
  return result.rows;
}

export interface DeliverOptions {
  /** Only these deliveries (a batch of jobs). */
  ids?: string[];
  /** Only these organizations' deliveries (tests sharing a database). */
  organizationIds?: string[];
  limit?: number;
}

interface Attempted {
  delivery: DeliveryRow;
  endpoint: EndpointRow;
  result: PostResult;
}

/**
 * Makes one attempt of every delivery that is due (or of those named): signs, POSTs, keeps the attempt,
 * and decides what follows. A 2xx delivers; a 410 turns the endpoint off; anything else is tried
 * again on the schedule (and `Retry-After`) until it is spent. Answers the number of attempts made.
 */
export async function deliverDue(services: Services, options: DeliverOptions = {}): Promise<number> {
  const now = services.clock.now();
  const claimed = await claim(services, now, options, options.limit ?? 200);
  if (claimed.length === 0) return 0;
  const endpoints = new Map(
    (
      await services.db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where(anyOf('id', [...new Set(claimed.map((d) => d.endpoint_id))]))
        .execute()
    ).map((e) => [`${e.organization_id}/${e.id}`, e]),
  );
  const allowPrivate = services.webhooks?.allowPrivate ?? false;
  const attempted: Attempted[] = await Promise.all(
    claimed.map(async (delivery) => {
      const endpoint = endpoints.get(`${delivery.organization_id}/${delivery.endpoint_id}`)!;
      const body = delivery.message_body!;
      const headers = signatureHeaders(delivery.message_id, body, signingSecrets(endpoint, now));
      const result = await postWebhook(endpoint.url, body, headers, { allowPrivate });
      const { message_body: _, ...row } = delivery;
      return { delivery: row, endpoint, result };
    }),
  );
  const troubles = await recordAttempts(services, attempted);
  await tellOrganizations(services, troubles);
  return attempted.length;
}

const succeeded = (a: Attempted) =>
  a.result.statusCode !== null && a.result.statusCode >= 200 && a.result.statusCode < 300;

/** The rows that keep each attempt. */
function attemptRows(attempted: Attempted[], now: Date) {
  return attempted.map(({ delivery, result }) => ({
    organization_id: delivery.organization_id,
    id: newId(),
    delivery_id: delivery.id,
    attempt: delivery.attempts,
    attempted_at: now,
    status_code: result.statusCode,
    duration_ms: result.durationMs,
    response: result.response,
    error: result.error,
  }));
}

/**
 * Keeps every attempt and moves each delivery on, atomically; answers endpoints turned off. The usual
 * round (every attempt answered 2xx by endpoints not marked failing) is one statement: the attempts
 * and the deliveries' success together; any other round is one transaction that also retries, turns
 * endpoints off and follows their health.
 */
async function recordAttempts(services: Services, attempted: Attempted[]): Promise<EndpointTrouble[]> {
  const now = services.clock.now();
  if (attempted.every((a) => succeeded(a) && a.endpoint.failing_since === null)) {
    await services.db
      .with('kept', (db) => db.insertInto('webhook_attempts').values(attemptRows(attempted, now)))
      .updateTable('webhook_deliveries')
      .set({ status: 'succeeded', next_attempt_at: null, updated_at: now })
      .where(
        anyOf(
          'id',
          attempted.map((a) => a.delivery.id),
        ),
      )
      .where('status', '=', 'pending')
      .execute();
    return [];
  }
  const retries: { data: object; startAfter: number }[] = [];
  const troubles = await services.db.transaction().execute(async (tx) => {
    await tx.insertInto('webhook_attempts').values(attemptRows(attempted, now)).execute();
    const done = attempted.filter(succeeded);
    if (done.length > 0)
      await tx
        .updateTable('webhook_deliveries')
        .set({ status: 'succeeded', next_attempt_at: null, updated_at: now })
        .where(
          anyOf(
            'id',
            done.map((a) => a.delivery.id),
          ),
        )
        .where('status', '=', 'pending')
        .execute();
    for (const { delivery, result } of attempted.filter((a) => !succeeded(a))) {
      const gone = result.statusCode === 410;
      const delay = gone
        ? null
        : nextRetryDelay(
            delivery.attempts - delivery.schedule_start,
            parseRetryAfter(result.retryAfter, systemClock.now().getTime()),
          );
      await tx
        .updateTable('webhook_deliveries')
        .set(
          delay === null
            ? { status: 'failed', next_attempt_at: null, updated_at: now }
            : { next_attempt_at: new Date(now.getTime() + delay * 1000), updated_at: now },
        )
        .where('organization_id', '=', delivery.organization_id)
        .where('id', '=', delivery.id)
        .where('status', '=', 'pending')
        .execute();
      if (delay !== null)
        retries.push({
          data: { organizationId: delivery.organization_id, deliveryId: delivery.id },
          startAfter: delay,
        });
    }
    const result = await noteEndpointHealth(
      tx,
      now,
      attempted.map((a) => ({
        endpoint: a.endpoint,
        ok: succeeded(a),
        gone: a.result.statusCode === 410,
      })),
    );
    if (services.queue && retries.length > 0) await services.queue.insert(DELIVER_QUEUE, retries, tx);
    return result;
  });
  return troubles;
}
