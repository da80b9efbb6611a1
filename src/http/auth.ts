import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/transaction.ts';
import { authenticatePortalSession, csrfMatches, PORTAL_COOKIE } from '../selfservice/portal-sessions.ts';
import { authenticateSelfService, type SelfServiceSession } from '../selfservice/self-service-tokens.ts';
import { type AuthenticatedToken, authenticateToken } from '../tenancy/authenticate-token.ts';
import type { TokenScope } from '../tenancy/token-secret.ts';
import { readCookie } from './cookies.ts';
import { sendFailure } from './problem.ts';
import type { Access } from './types.ts';

const SCOPES_FOR: Record<Exclude<Access, 'public' | 'self_service'>, readonly TokenScope[]> = {
  read: ['full', 'read'],
  write: ['full'],
  partner: ['full', 'partner'],
  import: ['full', 'import'],
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The secret of `Authorization: Token <t>` (as in the seed) or `Authorization: Bearer <t>`. */
export function tokenFromHeader(header: string | undefined): string | null {
  const match = /^(?:Token|Bearer)\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/**
 * Tokens seen in the last few seconds, by secret: the lookup is the one query every request would
 * otherwise make. A revoked token is refused by every server within TOKEN_CACHE_MS.
 */
const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_SIZE = 10_000;

function tokenCache(db: Db, clock: Clock) {
  const seen = new Map<string, { auth: AuthenticatedToken | null; until: number }>();
  return async (secret: string): Promise<AuthenticatedToken | null> => {
    const now = clock.now().getTime();
    const hit = seen.get(secret);
    if (hit && hit.until > now) return hit.auth;
    const auth = await authenticateToken(db, secret);
    if (seen.size >= TOKEN_CACHE_SIZE) seen.clear();
    // Unknown tokens are not remembered: a flood of made-up tokens must not fill the cache.
    if (auth) seen.set(secret, { auth, until: now + TOKEN_CACHE_MS });
    else seen.delete(secret);
    return auth;
  };
}

/** An onRequest hook: before the body is read, the token must be known and its scope fit the route. */
export function authHook(db: Db, clock: Clock) {
  const lookup = tokenCache(db, clock);
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    request.auth = null;
    request.customer = null;
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const secret = tokenFromHeader(request.headers.authorization);
    if (access === 'self_service') {
      let session: SelfServiceSession | null = null;
      if (secret) session = await authenticateSelfService(db, clock, secret);
      else {
        // The portal's cookie; a write must also carry the session's CSRF token.
        const cookie = readCookie(request, PORTAL_COOKIE);
        const portal = cookie ? await authenticatePortalSession(db, clock, cookie) : null;
        if (
          portal &&
          !SAFE_METHODS.has(request.method) &&
          !csrfMatches(portal, header(request, 'x-csrf-token'))
        )
          return sendFailure(
            request,
            reply,
            'csrf_failed',
            "Send the session's CSRF token in the X-CSRF-Token header (GET /api/self-service/session/ gives it).",
          );
        session = portal;
      }
      if (!session) {
        reply.header('www-authenticate', 'Token');
        return sendFailure(
          request,
          reply,
          'unauthenticated',
          'Send a live self-service token: "Authorization: Token ss_…" (tokens last 30 minutes), or sign in through a self-service link.',
        );
      }
      request.customer = session;
      return;
    }
    if (!secret) {
      reply.header('www-authenticate', 'Token');
      return sendFailure(
        request,
        reply,
        'unauthenticated',
        'Send an API token: "Authorization: Token <token>".',
      );
    }
    const auth = await lookup(secret);
    if (!auth) {
      reply.header('www-authenticate', 'Token');
      return sendFailure(request, reply, 'unauthenticated', 'The API token is unknown or revoked.');
    }
    if (!SCOPES_FOR[access].includes(auth.scope))
      return sendFailure(
        request,
        reply,
        'insufficient_scope',
        `A token of scope ${auth.scope} may not call ${request.method} ${request.routeOptions.url}.`,
      );
    request.auth = auth;
  };
}
