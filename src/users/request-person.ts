import type { FastifyRequest } from 'fastify';
import type { SignedInPerson } from './sessions.ts';

/** The signed-in person of a request the auth hook let through on a `person` route. */
export function personOf(request: FastifyRequest): { person: SignedInPerson; organizationId: string } {
  const person = request.auth?.person;
  if (!request.auth || !person) throw new Error(`route ${request.routeOptions.url} needs a signed-in person`);
  return { person, organizationId: request.auth.organization.id };
}
