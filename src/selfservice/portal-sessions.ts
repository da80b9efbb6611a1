import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/transaction.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok } from '../errors.ts';
import { newId } from '../ids.ts';
import { hashTokenSecret } from '../tenancy/token-secret.ts';
import { isSelfServiceSecret, type SelfServiceSession } from './self-service-tokens.ts';

/** The portal's session cookie: HttpOnly, one account, ended 30 minutes after the last request. */
export const PORTAL_COOKIE = 'kassa_portal';
export const PORTAL_IDLE_MINUTES = 30;
const SESSION_PREFIX = 'sp_';
/** A session's last_seen_at is written at most this often: not on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface PortalSession extends SelfServiceSession {
  csrfToken: string;
}

/**
 * Exchanges a link token for a portal session, once: the token is marked used in the same transaction,
 * so two tabs opening one link get one session between them. Unknown, expired, used and archived-account
 * tokens answer null; the caller never learns which.
 */
export async function exchangeLinkToken(
  db: Db,
  clock: Clock,
  token: string,
): Promise<{ secret: string; csrfToken: string } | null> {
  if (!isSelfServiceSecret(token)) return null;
  const now = clock.now();
  const exchanged = await transact(db, async (tx) => {
    const used = await tx
      .updateTable('self_service_tokens as t')
      .set({ used_at: now })
      .from('accounts as a')
      .whereRef('a.organization_id', '=', 't.organization_id')
      .whereRef('a.id', '=', 't.account_id')
      .where('a.archived_at', 'is', null)
      .where('t.token_hash', '=', hashTokenSecret(token))
      .where('t.expires_at', '>', now)
      .where('t.used_at', 'is', null)
      .returning(['t.organization_id', 't.account_id'])
      .executeTakeFirst();
    if (!used) return fail('not_found', 'no live link');
    const secret = `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
    const csrfToken = randomBytes(32).toString('base64url');
    await tx
      .insertInto('self_service_sessions')
      .values({
        organization_id: used.organization_id,
        id: newId(),
        account_id: used.account_id,
        secret_hash: hashTokenSecret(secret),
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        ended_at: null,
      })
      .execute();
    return ok({ secret, csrfToken });
  });
  return exchanged.ok ? exchanged.value : null;
}

/**
 * The slug of the organization a link token was made for, live or not: the page saying a used or
 * expired link no longer works offers that organization's request for a new one. Null when unknown.
 */
export async function linkOrganizationSlug(db: Db, token: string): Promise<string | null> {
  if (!isSelfServiceSecret(token)) return null;
  const row = await db
    .selectFrom('self_service_tokens as t')
    .innerJoin('organizations as o', 'o.id', 't.organization_id')
    .select('o.slug')
    .where('t.token_hash', '=', hashTokenSecret(token))
    .executeTakeFirst();
  return row?.slug ?? null;
}

/** The live session of a cookie's secret, kept alive by this request; null when unknown or idle too long. */
export async function authenticatePortalSession(
  db: Db,
  clock: Clock,
  secret: string,
): Promise<PortalSession | null> {
  if (!secret.startsWith(SESSION_PREFIX)) return null;
  const now = clock.now();
  const row = await db
    .selectFrom('self_service_sessions as s')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .innerJoin('accounts as a', (join) =>
      join.onRef('a.organization_id', '=', 's.organization_id').onRef('a.id', '=', 's.account_id'),
    )
    .select([
      's.id as sessionId',
      's.account_id',
      's.csrf_token',
      's.last_seen_at',
      'a.code',
      'o.id',
      'o.country',
      'o.currency',
      'o.timezone',
    ])
    .where('s.secret_hash', '=', hashTokenSecret(secret))
    .where('s.ended_at', 'is', null)
    .where('s.last_seen_at', '>', new Date(now.getTime() - PORTAL_IDLE_MINUTES * 60_000))
    .where('a.archived_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_EVERY_MS)
    await db
      .updateTable('self_service_sessions')
      .set({ last_seen_at: now })
      .where('organization_id', '=', row.id)
      .where('id', '=', row.sessionId)
      .execute();
  return {
    tokenId: row.sessionId,
    organization: { id: row.id, country: row.country, currency: row.currency, timezone: row.timezone },
    accountId: row.account_id,
    accountCode: row.code,
    csrfToken: row.csrf_token,
  };
}

export async function endPortalSession(db: Db, clock: Clock, session: SelfServiceSession): Promise<void> {
  await db
    .updateTable('self_service_sessions')
    .set({ ended_at: clock.now() })
    .where('organization_id', '=', session.organization.id)
    .where('id', '=', session.tokenId)
    .execute();
}

/** Whether a request's CSRF header matches its session's token (compared in constant time). */
export function csrfMatches(session: PortalSession, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(session.csrfToken);
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
