import { createHash } from 'node:crypto';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import { PORTAL_COOKIE } from '../selfservice/portal-sessions.ts';
import { SESSION_COOKIE } from '../users/session-secret.ts';
import { tokenFromHeader } from './auth.ts';
import { readCookie } from './cookies.ts';
import type { App } from './types.ts';

type Counted = { current: number; ttl: number };
type Window = { count: number; start: number };

/**
 * @fastify/rate-limit's store, counting fixed windows by the injected clock rather than Date.now(),
 * so that tests travel past a window as everything else does. Each API server counts its own.
 */
function clockStore(clock: Clock) {
  return class ClockStore {
    private readonly windows = new Map<string, Window>();

    incr(key: string, done: (error: Error | null, counted: Counted) => void, timeWindow: number) {
      const now = clock.now().getTime();
      let window = this.windows.get(key);
      if (!window || now - window.start >= timeWindow) {
        if (this.windows.size >= 10_000) this.windows.clear();
        window = { count: 0, start: now };
        this.windows.set(key, window);
      }
      window.count++;
      done(null, { current: window.count, ttl: window.start + timeWindow - now });
    }

    child() {
      return new ClockStore();
    }
  };
}

/**
 * Whose requests are counted together: the credential a request presents (a token, the web app's or
 * the portal's session cookie; hashed, the secret itself is not kept), else its address.
 */
function rateKey(request: FastifyRequest): string {
  const secret =
    tokenFromHeader(request.headers.authorization) ??
    readCookie(request, SESSION_COOKIE) ??
    readCookie(request, PORTAL_COOKIE);
  return secret ? `secret:${createHash('sha256').update(secret).digest('base64url')}` : `ip:${request.ip}`;
}

/**
 * Requests per minute for each token or session (each address without one), by @fastify/rate-limit.
 * It runs first, before authentication, so every answer carries the standard `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` headers, a 401 included; past the limit: 429
 * `rate_limited` with `Retry-After`. 0 turns it off.
 */
export async function registerRateLimit(app: App, limitPerMinute: number, clock: Clock) {
  if (limitPerMinute <= 0) return;
  await app.register(fastifyRateLimit, {
    global: false,
    max: limitPerMinute,
    timeWindow: 60_000,
    enableDraftSpec: true,
    store: clockStore(clock),
    keyGenerator: rateKey,
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new Error(`This token may make ${limitPerMinute} requests a minute; retry in ${context.after}.`),
        { statusCode: 429, code: 'KASSA_RATE_LIMITED' },
      ),
  });
  app.addHook('onRequest', app.rateLimit());
}
