import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_SCOPES = ['full', 'read', 'partner', 'import'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** `token`: a bearer API token; `oauth_client`: an OAuth client, whose secret buys access tokens. */
export type TokenKind = 'token' | 'oauth_client';

/** A new API token: `ks_` and 32 random bytes in base64url. Shown once; only its hash is stored. */
export function generateTokenSecret(): string {
  return `ks_${randomBytes(32).toString('base64url')}`;
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** An OAuth client's secret: `kc_` and 32 random bytes. Shown once; only its hash is stored. */
export function generateClientSecret(): string {
  return `kc_${randomBytes(32).toString('base64url')}`;
}

/** The prefix of an access token issued by POST /oauth/token. */
export const ACCESS_TOKEN_PREFIX = 'ka_';

/** An OAuth access token: `ka_` and 32 random bytes; only its hash is stored. */
export function generateAccessToken(): string {
  return `${ACCESS_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}
