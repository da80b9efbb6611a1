import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../context.ts';
import { sessionCookie } from '../http/cookies.ts';
import { integrationsOf } from '../integrations.ts';
import { SESSION_COOKIE } from './session-secret.ts';
import { SESSION_ABSOLUTE_MS } from './sessions.ts';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Secure unless the browser reached us on localhost, or our public address is plain http (a test
 * server on a LAN): a Secure cookie would never be sent back there, and sign-in would not stick.
 */
function secure(request: FastifyRequest, services: Services): boolean {
  if (LOCAL_HOSTS.has(request.hostname)) return false;
  return !integrationsOf(services).publicUrl.startsWith('http:');
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  secret: string,
) {
  reply.header(
    'set-cookie',
    sessionCookie(request, SESSION_COOKIE, secret, {
      maxAgeSeconds: Math.floor(SESSION_ABSOLUTE_MS / 1000),
      secure: secure(request, services),
    }),
  );
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, services: Services) {
  reply.header(
    'set-cookie',
    sessionCookie(request, SESSION_COOKIE, null, { secure: secure(request, services) }),
  );
}
