import type { OrganizationRef } from '../context.ts';
import type { Db } from '../db/transaction.ts';
import { ACCESS_TOKEN_PREFIX, hashTokenSecret, type TokenScope } from './token-secret.ts';

export interface AuthenticatedToken {
  /** The API token's id; for an OAuth access token, its client's id (what the audit log names). */
  tokenId: string;
  scope: TokenScope;
  organization: OrganizationRef;
  /** When an OAuth access token expires; null for an API token, which lasts until revoked. */
  expiresAt: Date | null;
}

/**
 * Finds the live API token with this secret, or the unexpired OAuth access token (`ka_…`) of a live
 * client, and its organization. Unknown, revoked and expired tokens answer null.
 */
export async function authenticateToken(
  db: Db,
  secret: string,
  now: Date,
): Promise<AuthenticatedToken | null> {
  const hash = hashTokenSecret(secret);
  const base = db
    .selectFrom('api_tokens')
    .innerJoin('organizations', 'organizations.id', 'api_tokens.organization_id')
    .select([
      'api_tokens.id as tokenId',
      'api_tokens.scope',
      'organizations.id',
      'organizations.country',
      'organizations.currency',
      'organizations.timezone',
    ])
    .where('api_tokens.revoked_at', 'is', null);
  const row = secret.startsWith(ACCESS_TOKEN_PREFIX)
    ? await base
        .innerJoin('oauth_access_tokens as access', (join) =>
          join
            .onRef('access.organization_id', '=', 'api_tokens.organization_id')
            .onRef('access.client_id', '=', 'api_tokens.id'),
        )
        .select('access.expires_at as expiresAt')
        .where('access.token_hash', '=', hash)
        .where('access.expires_at', '>', now)
        .where('api_tokens.kind', '=', 'oauth_client')
        .executeTakeFirst()
    : await base
        .select((eb) => eb.val<Date | null>(null).as('expiresAt'))
        .where('api_tokens.token_hash', '=', hash)
        .where('api_tokens.kind', '=', 'token')
        .executeTakeFirst();
  if (!row) return null;
  return {
    tokenId: row.tokenId,
    scope: row.scope,
    organization: { id: row.id, country: row.country, currency: row.currency, timezone: row.timezone },
    expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt),
  };
}

/**
 * Tokens revoked in this process: a server's short token cache (src/http/auth.ts) drops them at once,
 * so a revoke stops the token on the server that did it; other servers follow within their cache time.
 */
const revokedHere = new Set<string>();
const REVOKED_KEPT = 10_000;

export function noteRevoked(tokenId: string): void {
  // Past the bound, the oldest are forgotten: their cache entries have long expired.
  if (revokedHere.size >= REVOKED_KEPT) revokedHere.delete(revokedHere.values().next().value as string);
  revokedHere.add(tokenId);
}

export function wasRevokedHere(tokenId: string): boolean {
  return revokedHere.has(tokenId);
}
