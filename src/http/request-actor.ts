import type { FastifyRequest } from 'fastify';
import type { Actor, Services, UseCaseContext } from '../context.ts';

const MAX_HEADER_VALUE = 200;

function headerValue(request: FastifyRequest, name: string): string | null {
  const raw = request.headers[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value.slice(0, MAX_HEADER_VALUE) : null;
}

/** The actor of an authenticated request: its token or person, and the `X-Client-System` and `X-User` headers. */
export function actorOf(request: FastifyRequest): Actor {
  const auth = request.auth;
  if (!auth) throw new Error(`route ${request.routeOptions.url} reads the actor but is public`);
  return {
    organization: auth.organization,
    organizationId: auth.organization.id,
    tokenId: auth.tokenId,
    userId: auth.person?.userId ?? null,
    clientSystem: headerValue(request, 'x-client-system'),
    // A signed-in person is who they signed in as, whatever X-User says.
    user: auth.person?.email ?? headerValue(request, 'x-user'),
    requestId: String(request.id),
  };
}

/** The use-case context of a request: the shared services and the request's actor. */
export function contextOf(services: Services, request: FastifyRequest): UseCaseContext {
  return { ...services, actor: actorOf(request) };
}
