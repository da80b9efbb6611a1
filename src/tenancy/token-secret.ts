import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_SCOPES = ['full', 'read', 'partner', 'import'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** A new API token: `ks_` and 32 random bytes in base64url. Shown once; only its hash is stored. */
export function generateTokenSecret(): string {
  return `ks_${randomBytes(32).toString('base64url')}`;
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
