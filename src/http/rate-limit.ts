import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import { sendFailure } from './problem.ts';

/**
 * Requests per token (or session) and minute, counted in a fixed window in this process (each API server counts
 * its own). Past the limit: 429 `rate_limited` with Retry-After. 0 turns it off.
 */
export function rateLimitHook(limitPerMinute: number, clock: Clock) {
  const windows = new Map<string, { start: number; count: number }>();
  return async function limitRate(request: FastifyRequest, reply: FastifyReply) {
    const key = request.auth?.tokenId ?? request.auth?.person?.sessionId ?? request.customer?.tokenId;
    if (limitPerMinute <= 0 || !key) return;
    const now = clock.now().getTime();
    let window = windows.get(key);
    if (!window || now - window.start >= 60_000) {
      if (windows.size > 10_000) windows.clear();
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    window.count++;
    if (window.count > limitPerMinute) {
      reply.header('retry-after', String(Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000))));
      return sendFailure(
        request,
        reply,
        'rate_limited',
        `This token may make ${limitPerMinute} requests a minute; wait and retry.`,
      );
    }
  };
}
