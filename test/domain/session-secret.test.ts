import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  csrfTokenFor,
  generateSessionSecret,
  hashSessionSecret,
  isCsrfTokenOf,
} from '../../src/users/session-secret.ts';

describe('session secrets and CSRF tokens', () => {
  it('a session secret is kss_ and 32 random bytes; only its SHA-256 hash is stored', () => {
    const secret = generateSessionSecret();
    expect(secret).toMatch(/^kss_[A-Za-z0-9_-]{43}$/);
    expect(generateSessionSecret()).not.toBe(secret);
    expect(hashSessionSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionSecret(secret)).not.toContain(secret.slice(4, 12));
  });

  it('every CSRF token of a session differs and every one is valid for it, and for no other session', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.string({ minLength: 1, maxLength: 60 }),
        (a, b) => {
          const first = csrfTokenFor(a);
          const second = csrfTokenFor(a);
          expect(first).not.toBe(second);
          expect(isCsrfTokenOf(a, first)).toBe(true);
          expect(isCsrfTokenOf(a, second)).toBe(true);
          if (a !== b) expect(isCsrfTokenOf(b, first)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a changed, cut, missing or oversized token is refused', () => {
    const secret = generateSessionSecret();
    const token = csrfTokenFor(secret);
    const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    for (const bad of [
      flipped,
      token.slice(0, -2),
      '',
      undefined,
      'x'.repeat(300),
      hashSessionSecret(secret),
    ])
      expect(isCsrfTokenOf(secret, bad)).toBe(false);
  });
});
