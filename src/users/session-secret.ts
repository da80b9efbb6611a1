import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The name of the session cookie. */
export const SESSION_COOKIE = 'kassa_session';

/** A new session secret: `kss_` and 32 random bytes. Only its SHA-256 hash is stored. */
export function generateSessionSecret(): string {
  return `kss_${randomBytes(32).toString('base64url')}`;
}

export function hashSessionSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * The session's CSRF secret, derived from the session secret itself: nothing more to store, and
 * only whoever holds the cookie's value can compute it (the hash in the database does not give it).
 */
function csrfSecretOf(sessionSecret: string): Buffer {
  return createHmac('sha256', sessionSecret).update('kassa csrf token').digest();
}

/**
 * A CSRF token for the session: a fresh random mask and the secret XOR the mask (as Django masks
 * its token), so every answer carries a different token and all of them stay valid for the session.
 */
export function csrfTokenFor(sessionSecret: string): string {
  const secret = csrfSecretOf(sessionSecret);
  const mask = randomBytes(secret.length);
  const masked = Buffer.alloc(secret.length);
  for (let i = 0; i < secret.length; i++) masked[i] = secret[i]! ^ mask[i]!;
  return Buffer.concat([mask, masked]).toString('base64url');
}

/** True when the token was made by `csrfTokenFor` for this session. */
export function isCsrfTokenOf(sessionSecret: string, token: string | undefined): boolean {
  if (!token || token.length > 200) return false;
  const secret = csrfSecretOf(sessionSecret);
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== secret.length * 2) return false;
  const unmasked = Buffer.alloc(secret.length);
  for (let i = 0; i < secret.length; i++) unmasked[i] = raw[i]! ^ raw[i + secret.length]!;
  return timingSafeEqual(unmasked, secret);
}
