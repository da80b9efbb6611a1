import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { OrganizationRef } from '../context.ts';
import type { Db } from '../db/transaction.ts';
import { newId } from '../ids.ts';
import { hashTokenSecret } from '../tenancy/token-secret.ts';

export const SELF_SERVICE_MINUTES = 30;
const PREFIX = 'ss_';

/** A customer signed in through self-service: one account of one organization, for 30 minutes. */
export interface SelfServiceSession {
  /** The link token's id, or the portal session's. */
  tokenId: string;
  organization: OrganizationRef;
  accountId: string;
  accountCode: string;
}

export function isSelfServiceSecret(secret: string): boolean {
  return secret.startsWith(PREFIX);
}

/** A new token for one account; only its hash is kept. */
export async function issueSelfServiceToken(
  db: Db,
  clock: Clock,
  organizationId: string,
  accountId: string,
): Promise<{ token: string; expires_at: string }> {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = clock.now();
  const expires = new Date(now.getTime() + SELF_SERVICE_MINUTES * 60_000);
  await db
    .insertInto('self_service_tokens')
    .values({
      organization_id: organizationId,
      id: newId(),
      account_id: accountId,
      token_hash: hashTokenSecret(token),
      expires_at: expires,
      created_at: now,
      used_at: null,
    })
    .execute();
  return { token, expires_at: expires.toISOString() };
}

/** The session of a live token; unknown, expired, used (exchanged for a portal session) and archived-account tokens answer null. */
export async function authenticateSelfService(
  db: Db,
  clock: Clock,
  secret: string,
): Promise<SelfServiceSession | null> {
  if (!isSelfServiceSecret(secret)) return null;
  const row = await db
    .selectFrom('self_service_tokens as t')
    .innerJoin('organizations as o', 'o.id', 't.organization_id')
    .innerJoin('accounts as a', (join) =>
      join.onRef('a.organization_id', '=', 't.organization_id').onRef('a.id', '=', 't.account_id'),
    )
    .select(['t.id as tokenId', 't.account_id', 'a.code', 'o.id', 'o.country', 'o.currency', 'o.timezone'])
    .where('t.token_hash', '=', hashTokenSecret(secret))
    .where('t.expires_at', '>', clock.now())
    .where('t.used_at', 'is', null)
    .where('a.archived_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    tokenId: row.tokenId,
    organization: { id: row.id, country: row.country, currency: row.currency, timezone: row.timezone },
    accountId: row.account_id,
    accountCode: row.code,
  };
}
