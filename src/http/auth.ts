import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/transaction.ts';
import { authenticateSelfService } from '../selfservice/self-service-tokens.ts';
import { type AuthenticatedToken, authenticateToken } from '../tenancy/authenticate-token.ts';
import type { TokenScope } from '../tenancy/token-secret.ts';
import { sendFailure } from './problem.ts';
import type { Access } from './types.ts';

const SCOPES_FOR: Record<Exclude<Access, 'public' | 'self_service'>, readonly TokenScope[]> = {
  read: ['full', 'read'],
  write: ['full'],
  partner: ['full', 'partner'],
  import: ['full', 'import'],
};

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
      const session = secret ? await authenticateSelfService(db, clock, secret) : null;
      if (!session) {
        reply.header('www-authenticate', 'Token');
        return sendFailure(
          request,
          reply,
          'unauthenticated',
          'Send a live self-service token: "Authorization: Token ss_…" (tokens last 30 minutes).',
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
