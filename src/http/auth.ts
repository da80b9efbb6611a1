import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import type { OrganizationRef } from '../context.ts';
import type { Role } from '../db/tables-people.ts';
import type { Db } from '../db/transaction.ts';
import { authenticatePortalSession, csrfMatches, PORTAL_COOKIE } from '../selfservice/portal-sessions.ts';
import { authenticateSelfService, type SelfServiceSession } from '../selfservice/self-service-tokens.ts';
import { type AuthenticatedToken, authenticateToken, wasRevokedHere } from '../tenancy/authenticate-token.ts';
import type { TokenScope } from '../tenancy/token-secret.ts';
import { isCsrfTokenOf, SESSION_COOKIE } from '../users/session-secret.ts';
import { authenticateSession, type SignedInPerson } from '../users/sessions.ts';
import { readCookie } from './cookies.ts';
import { FailureThrottle } from './failure-throttle.ts';
import { sendFailure } from './problem.ts';
import type { Access } from './types.ts';

type Granted = Exclude<Access, 'public' | 'self_service'>;

/** What each token scope may call. `full` manages people and tokens too (owner routes). */
const TOKEN_GRANTS: Record<TokenScope, readonly Granted[]> = {
  full: ['read', 'write', 'partner', 'import', 'owner'],
  read: ['read'],
  partner: ['partner'],
  import: ['import'],
};

/**
 * What each role of a signed-in person may call: an owner everything, people and tokens included;
 * a member all billing work (what a `full` token does, but people and tokens); a viewer reads.
 */
export const ROLE_GRANTS: Record<Role, readonly Granted[]> = {
  owner: ['read', 'write', 'partner', 'import', 'owner', 'person'],
  member: ['read', 'write', 'partner', 'import', 'person'],
  viewer: ['read', 'person'],
};

/** Who a request acts as: a token, or a person signed in with the session cookie. */
export interface RequestAuth {
  organization: OrganizationRef;
  /** The API token's id; null for a session. */
  tokenId: string | null;
  scope: TokenScope | null;
  person: SignedInPerson | null;
}

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
 * otherwise make. A revoked token is refused at once by the server that revoked it, and by every other
 * within TOKEN_CACHE_MS.
 */
const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_SIZE = 10_000;

function tokenCache(db: Db, clock: Clock) {
  const seen = new Map<string, { auth: AuthenticatedToken | null; until: number }>();
  return async (secret: string): Promise<AuthenticatedToken | null> => {
    const now = clock.now().getTime();
    const hit = seen.get(secret);
    if (hit && hit.until > now && !(hit.auth && wasRevokedHere(hit.auth.tokenId))) return hit.auth;
    const auth = await authenticateToken(db, secret, new Date(now));
    if (seen.size >= TOKEN_CACHE_SIZE) seen.clear();
    // Unknown tokens are not remembered: a flood of made-up tokens must not fill the cache. An
    // OAuth access token is remembered no longer than it lives.
    const until = Math.min(now + TOKEN_CACHE_MS, auth?.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
    if (auth) seen.set(secret, { auth, until });
    else seen.delete(secret);
    return auth;
  };
}

/** Failed token authentications (unknown, revoked, expired) allowed per address in 15 minutes. */
export const FAILED_TOKENS_PER_ADDRESS = 100;

function unauthenticated(request: FastifyRequest, reply: FastifyReply, detail: string) {
  reply.header('www-authenticate', 'Token');
  return sendFailure(request, reply, 'unauthenticated', detail);
}

/**
 * An onRequest hook: before the body is read, the caller must be known and allowed the route. An
 * `Authorization` header is a token; without one, the `kassa_session` cookie is a signed-in person,
 * whose unsafe requests must carry the session's `X-CSRF-Token`.
 */
export function authHook(db: Db, clock: Clock, failedTokensPerAddress = FAILED_TOKENS_PER_ADDRESS) {
  const lookup = tokenCache(db, clock);
  // Made-up tokens get a rate-limit bucket each (the limit counts per secret): counted per address
  // instead, past the limit every token from there waits, as sign-in does.
  const throttle = new FailureThrottle(clock);
  const limits = (request: FastifyRequest) => [[`address:${request.ip}`, failedTokensPerAddress] as const];
  const throttled = (request: FastifyRequest, reply: FastifyReply) => {
    if (failedTokensPerAddress <= 0) return null;
    const wait = throttle.retryAfter(limits(request));
    if (wait === 0) return null;
    reply.header('retry-after', String(wait));
    return sendFailure(
      request,
      reply,
      'rate_limited',
      `Too many requests with unknown, revoked or expired tokens from this address: try again in ${wait} s.`,
    );
  };
  const failed = (request: FastifyRequest) => {
    if (failedTokensPerAddress > 0) throttle.failed(limits(request));
  };
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    request.auth = null;
    request.customer = null;
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const secret = tokenFromHeader(request.headers.authorization);
    if (access === 'self_service') {
      let session: SelfServiceSession | null = null;
      if (secret) {
        const refused = throttled(request, reply);
        if (refused) return refused;
        session = await authenticateSelfService(db, clock, secret);
        if (!session) failed(request);
      } else {
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
      if (!session)
        return unauthenticated(
          request,
          reply,
          'Send a live self-service token: "Authorization: Token ss_…" (tokens last 30 minutes), or sign in through a self-service link.',
        );
      request.customer = session;
      return;
    }
    const cookie = readCookie(request, SESSION_COOKIE);
    if (!secret && !request.headers.authorization && cookie)
      return authenticateByCookie(request, reply, access, cookie);
    if (!secret)
      return unauthenticated(
        request,
        reply,
        'Send an API token ("Authorization: Token <token>") or sign in (POST /api/v1/session/).',
      );
    const refused = throttled(request, reply);
    if (refused) return refused;
    const auth = await lookup(secret);
    if (!auth) failed(request);
    if (!auth)
      return unauthenticated(
        request,
        reply,
        'The API token is unknown or revoked, or the OAuth access token has expired.',
      );
    if (!TOKEN_GRANTS[auth.scope].includes(access))
      return sendFailure(
        request,
        reply,
        'insufficient_scope',
        access === 'person'
          ? `${request.method} ${request.routeOptions.url} is for a signed-in person, not an API token.`
          : `A token of scope ${auth.scope} may not call ${request.method} ${request.routeOptions.url}.`,
      );
    request.auth = {
      organization: auth.organization,
      tokenId: auth.tokenId,
      scope: auth.scope,
      person: null,
    };
  };

  async function authenticateByCookie(
    request: FastifyRequest,
    reply: FastifyReply,
    access: Granted,
    cookie: string,
  ) {
    const session = await authenticateSession(db, clock, cookie);
    if (!session) return unauthenticated(request, reply, 'The session has ended or expired: sign in again.');
    const { person } = session;
    if (!ROLE_GRANTS[person.role].includes(access))
      return sendFailure(
        request,
        reply,
        'insufficient_scope',
        `The role ${person.role} may not call ${request.method} ${request.routeOptions.url}.`,
      );
    if (!SAFE_METHODS.has(request.method)) {
      if (!isCsrfTokenOf(cookie, header(request, 'x-csrf-token')))
        return sendFailure(
          request,
          reply,
          'csrf_failed',
          'Send the csrf_token of GET /api/v1/session/ as the X-CSRF-Token header.',
        );
    }
    request.auth = { organization: session.organization, tokenId: null, scope: null, person };
  }
}
