import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/transaction.ts';
import type { App } from '../http/types.ts';

const PREFIX = '/api/self-service/';
const METHODS = 'GET, POST, PUT, PATCH, DELETE';
const REQUEST_HEADERS = 'Authorization, Content-Type, X-Request-Id';
const EXPOSED = 'X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset';

function originOf(request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  return typeof origin === 'string' && origin !== 'null' ? origin.toLowerCase() : null;
}

/**
 * CORS for the self-service API, so that an organization's own page on another origin can call it with
 * a customer's self-service token. Only on the customer routes under /api/self-service/, and only
 * for the origins an organization lists in `self_service_origins`: an answer to a customer's token
 * carries `Access-Control-Allow-Origin` when the token's organization lists the origin; a preflight
 * (which carries no token) and an answer without a session (401) when any organization lists it. Cookies
 * are never allowed across origins (no Allow-Credentials): the portal's cookie session stays
 * same-origin.
 */
export function registerSelfServiceCors(app: App, db: Db) {
  const listedBy = async (origin: string, organizationId: string | null) => {
    let query = db
      .selectFrom('organizations')
      .select('id')
      .where(sql<boolean>`${origin} = any(self_service_origins)`);
    if (organizationId) query = query.where('id', '=', organizationId);
    return (await query.limit(1).executeTakeFirst()) !== undefined;
  };

  app.options(
    `${PREFIX}*`,
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const origin = originOf(request);
      if (origin && (await listedBy(origin, null)))
        reply
          .header('access-control-allow-origin', origin)
          .header('access-control-allow-methods', METHODS)
          .header('access-control-allow-headers', REQUEST_HEADERS)
          .header('access-control-max-age', '600');
      return reply.code(204).header('vary', 'Origin').send();
    },
  );

  app.addHook('onSend', async (request, reply, payload) => {
    // Customer routes only: /api/self-service/initiate-organization/ takes an API token, never a browser's.
    if (request.routeOptions.config?.access !== 'self_service' || !request.url.startsWith(PREFIX))
      return payload;
    const vary = reply.getHeader('vary');
    reply.header('vary', vary ? `${vary}, Origin` : 'Origin');
    const origin = originOf(request);
    if (origin && (await listedBy(origin, request.customer?.organization.id ?? null)))
      reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSED);
    return payload;
  });
}
