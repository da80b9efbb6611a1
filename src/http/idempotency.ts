import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/transaction.ts';
import { sendFailure } from './problem.ts';

const KEEP_RESPONSES_MS = 24 * 60 * 60 * 1000;
/** A key whose first request has not answered within this time is taken to be abandoned. */
const ABANDONED_AFTER_MS = 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

function fingerprintOf(request: FastifyRequest): string {
  const path = (request.url.split('?')[0] ?? '').replace(/\/+$/, '');
  const hash = createHash('sha256').update(`${request.method} ${path}\n`);
  // A body read as bytes (partner XML) is hashed as it came.
  if (Buffer.isBuffer(request.body)) return hash.update(request.body).digest('hex');
  return hash.update(JSON.stringify(request.body ?? null)).digest('hex');
}

/**
 * `Idempotency-Key` on POST (DESIGN.md §8): the first response is stored for 24 hours and replayed
 * for the same key; the same key with other parameters is refused (422); a duplicate that arrives while
 * the first is still running gets 409. Server errors are not stored, so the request may be retried;
 * nor are answers of routes that hand out a secret (`config.answersSecret`): a secret is never kept
 * in `idempotency_keys`, and a retry of such a request makes a new one.
 * Runs after authentication and validation: a request that fails those stores nothing.
 */
export function idempotencyHooks(db: Db, clock: Clock) {
  async function claim(request: FastifyRequest, reply: FastifyReply) {
    request.idempotency = null;
    if (request.method !== 'POST' || !request.auth) return;
    const raw = request.headers['idempotency-key'];
    if (raw === undefined) return;
    const key = Array.isArray(raw) ? (raw[0] ?? '') : raw;
    if (!KEY_PATTERN.test(key))
      return sendFailure(
        request,
        reply,
        'validation_failed',
        'Idempotency-Key: 1 to 255 visible ASCII characters',
        [
          {
            field: 'header.idempotency-key',
            code: 'invalid',
            message: 'Idempotency-Key: 1 to 255 visible ASCII characters',
          },
        ],
      );
    const organizationId = request.auth.organization.id;
    const fingerprint = fingerprintOf(request);
    const now = clock.now();

    const existing = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (existing) {
      const abandoned =
        existing.status_code === null &&
        now.getTime() - new Date(existing.created_at).getTime() > ABANDONED_AFTER_MS;
      if (new Date(existing.expires_at) <= now || abandoned) {
        await db
          .deleteFrom('idempotency_keys')
          .where('organization_id', '=', organizationId)
          .where('key', '=', key)
          .execute();
      } else if (existing.fingerprint !== fingerprint) {
        return sendFailure(
          request,
          reply,
          'idempotency_key_reused',
          `Idempotency-Key ${key} was used for a request with other parameters.`,
        );
      } else if (existing.status_code === null) {
        return sendFailure(
          request,
          reply,
          'idempotency_key_in_use',
          `A request with Idempotency-Key ${key} is still being processed.`,
        );
      } else {
        return reply
          .code(existing.status_code)
          .header('idempotent-replayed', 'true')
          .type(existing.response_type ?? 'application/json')
          .serializer((payload: unknown) => String(payload))
          .send(existing.response_body ?? '');
      }
    }
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({
        organization_id: organizationId,
        key,
        fingerprint,
        created_at: now,
        expires_at: new Date(now.getTime() + KEEP_RESPONSES_MS),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!inserted)
      return sendFailure(
        request,
        reply,
        'idempotency_key_in_use',
        `A request with Idempotency-Key ${key} is still being processed.`,
      );
    request.idempotency = { key, organizationId };
  }

  async function remember(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const claimed = request.idempotency;
    if (!claimed) return payload;
    request.idempotency = null;
    const where = db
      .updateTable('idempotency_keys')
      .where('organization_id', '=', claimed.organizationId)
      .where('key', '=', claimed.key);
    // A server error, or an answer with a secret in it (not to be kept at rest): forget the key, so a
    // retry with it runs again.
    if (reply.statusCode >= 500 || request.routeOptions.config.answersSecret) {
      await db
        .deleteFrom('idempotency_keys')
        .where('organization_id', '=', claimed.organizationId)
        .where('key', '=', claimed.key)
        .execute();
    } else {
      await where
        .set({
          status_code: reply.statusCode,
          response_body:
            typeof payload === 'string' ? payload : payload == null ? '' : JSON.stringify(payload),
          response_type: String(reply.getHeader('content-type') ?? 'application/json'),
        })
        .execute();
    }
    return payload;
  }

  return { claim, remember };
}
