import type { OrganizationRef } from '../context.ts';
import type { Db } from '../db/transaction.ts';
import { hashTokenSecret, type TokenScope } from './token-secret.ts';

export interface AuthenticatedToken {
  tokenId: string;
  scope: TokenScope;
  organization: OrganizationRef;
}

/** Finds the live token with this secret, and its organization. Unknown and revoked tokens answer null. */
export async function authenticateToken(db: Db, secret: string): Promise<AuthenticatedToken | null> {
  const row = await db
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
    .where('api_tokens.token_hash', '=', hashTokenSecret(secret))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    tokenId: row.tokenId,
    scope: row.scope,
    organization: { id: row.id, country: row.country, currency: row.currency, timezone: row.timezone },
  };
}
