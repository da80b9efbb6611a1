import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../context.ts';
import { problemSchema, sendFailure, sendProblem } from '../http/problem.ts';
import type { App } from '../http/types.ts';
import { acceptInvitation } from './accept-invitation.ts';
import { PASSWORD_MAX_LENGTH } from './passwords.ts';
import { personOf } from './request-person.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';
import { csrfTokenFor } from './session-secret.ts';
import { sessionSchema } from './session-view.ts';
import { endSession, sessionViewOf } from './sessions.ts';
import { type SignedIn, signIn } from './sign-in.ts';
import { SignInThrottle } from './sign-in-throttle.ts';
import { switchOrganization } from './switch-organization.ts';

const signInBody = z
  .strictObject({
    email: z.string().trim().min(1).max(254),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    totp_code: z
      .string()
      .max(10)
      .optional()
      .describe('The 6-digit code of the authenticator app, when the person has enrolled one'),
    organization: z
      .string()
      .max(63)
      .optional()
      .describe("The slug of the organization to act for; the person's first when left out"),
  })
  .meta({ examples: [{ email: 'ann@nordlys.dk', password: 'correct horse battery staple' }] });

const switchBody = z
  .strictObject({ organization: z.string().min(1).max(63).describe('The slug of one of your organizations') })
  .meta({ examples: [{ organization: 'fjall-gym' }] });

/** A new session: its cookie, and the session as GET answers it. */
async function answerSignedIn(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  { secret, userId, organizationId }: SignedIn,
) {
  setSessionCookie(request, reply, services, secret);
  return reply.send(await sessionViewOf(services.db, userId, organizationId, csrfTokenFor(secret)));
}

/**
 * Sign-in, the session, sign-out and switching organization: the way a person (the web app) comes
 * in. The session lives in the `kassa_session` cookie; nothing of it is readable by scripts.
 */
export function registerSessionRoutes(app: App, services: Services) {
  const tags = ['Session'];
  const throttle = new SignInThrottle(services.clock);

  app.post('/api/v1/session/', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'createSession',
      summary: 'Sign in',
      description:
        'Checks the e-mail and password (and `totp_code` when the person has enrolled a second factor), ' +
        'starts a session and sets it as the `kassa_session` cookie (HttpOnly, SameSite=Lax, Secure outside ' +
        'localhost). A wrong e-mail or password answers 401 `unauthenticated` either way; a missing or wrong ' +
        'code 401 `totp_required` or `totp_invalid`. After 5 failures for one e-mail (or 20 from one address) ' +
        'in 15 minutes, 429 with Retry-After. Sessions end after 8 hours idle and 7 days at most.',
      body: signInBody,
      response: { 200: sessionSchema, 400: problemSchema, 401: problemSchema, 429: problemSchema },
    },
    handler: async (request, reply) => {
      const { email } = request.body;
      const wait = throttle.retryAfter(email, request.ip);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        return sendFailure(
          request,
          reply,
          'rate_limited',
          `Too many failed sign-ins: try again in ${wait} s.`,
        );
      }
      const result = await signIn(services, request.body);
      if (!result.ok) {
        if (result.failure.code === 'unauthenticated' || result.failure.code === 'totp_invalid')
          throttle.failed(email, request.ip);
        return sendProblem(request, reply, result.failure);
      }
      throttle.succeeded(email);
      return answerSignedIn(request, reply, services, result.value);
    },
  });

  app.get('/api/v1/session/', {
    config: { access: 'person' },
    schema: {
      tags,
      operationId: 'getSession',
      summary: 'The signed-in person',
      description:
        'The person, the organization the session acts for, their role there and their other ' +
        'organizations, with a fresh `csrf_token` (every token of the session stays valid). 401 when ' +
        'not signed in or the session has expired.',
      response: { 200: sessionSchema, 401: problemSchema, 403: problemSchema },
    },
    handler: async (request, reply) => {
      const { person, organizationId } = personOf(request);
      return reply.send(
        await sessionViewOf(services.db, person.userId, organizationId, csrfTokenFor(person.sessionSecret)),
      );
    },
  });

  app.delete('/api/v1/session/', {
    config: { access: 'person' },
    schema: {
      tags,
      operationId: 'deleteSession',
      summary: 'Sign out',
      description: 'Ends the session on the server and clears the cookie. Needs the X-CSRF-Token header.',
      response: { 204: z.null().describe('Signed out'), 401: problemSchema, 403: problemSchema },
    },
    handler: async (request, reply) => {
      const { person, organizationId } = personOf(request);
      await endSession(services.db, organizationId, person.sessionId);
      clearSessionCookie(request, reply, services);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/session/organization/', {
    config: { access: 'person' },
    schema: {
      tags,
      operationId: 'switchSessionOrganization',
      summary: 'Switch organization',
      description:
        'Lets the session act for another organization of the same person, with their role there. ' +
        'Answers the session as GET does. Needs the X-CSRF-Token header.',
      body: switchBody,
      response: { 200: sessionSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema },
    },
    handler: async (request, reply) => {
      const { person, organizationId } = personOf(request);
      const result = await switchOrganization(services.db, organizationId, person, request.body.organization);
      if (!result.ok) return sendProblem(request, reply, result.failure);
      return reply.send(
        await sessionViewOf(
          services.db,
          person.userId,
          result.value.organizationId,
          csrfTokenFor(person.sessionSecret),
        ),
      );
    },
  });

  app.post('/api/v1/invitations/accept/', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'acceptInvitation',
      summary: 'Accept an invitation',
      description:
        'An invited person chooses their password with the `token` of the invitation link (`/accept-invitation?token=…`) and is signed in: the answer and the cookie are those of sign-in. The link works once, for 7 days: an unknown or used one answers 404 `not_found`, an old one 410 `link_expired`.',
      body: z
        .strictObject({
          token: z.string().min(1).max(200),
          password: z.string().max(PASSWORD_MAX_LENGTH).describe('10 to 200 characters'),
        })
        .meta({ examples: [{ token: 'ksi_3q2f…', password: 'correct horse battery staple' }] }),
      response: { 200: sessionSchema, 400: problemSchema, 404: problemSchema, 410: problemSchema },
    },
    handler: async (request, reply) => {
      const result = await acceptInvitation(services, request.body, String(request.id));
      if (!result.ok) return sendProblem(request, reply, result.failure);
      return answerSignedIn(request, reply, services, result.value);
    },
  });
}
