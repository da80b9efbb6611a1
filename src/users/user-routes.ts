import { z } from 'zod';
import type { Services } from '../context.ts';
import { ok } from '../errors.ts';
import { emptyObjectBody, exampleOf, uuidParam } from '../http/common-schemas.ts';
import { dateRanges, listQueryShape, pageSchema } from '../http/list-query.ts';
import { problemResponses, sendProblem } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { actorOf, contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { changePassword } from './change-password.ts';
import { createUser, INVITATION_DAYS } from './create-user.ts';
import { invitationUrl, sendInvitationMail } from './invitation-mail.ts';
import { listUsers } from './list-users.ts';
import { PASSWORD_MAX_LENGTH } from './passwords.ts';
import { removeUser } from './remove-user.ts';
import { renewInvitation } from './renew-invitation.ts';
import { personOf } from './request-person.ts';
import { languageSchema, roleSchema } from './session-view.ts';
import { confirmTotp, disableTotp, enrolTotp } from './totp-enrolment.ts';
import { updateUser } from './update-user.ts';
import { findMember, type UserView, userSchema, userViewOf } from './user-view.ts';

const tags = ['Users'];
const errors = problemResponses;

const listQuery = z.strictObject({
  ...listQueryShape,
  role: roleSchema.optional(),
  search: z.string().min(1).max(254).optional().describe('Part of the e-mail or the name, any case'),
});

const inviteBody = z
  .strictObject({
    email: z.email().max(254),
    name: z.string().trim().min(1).max(200).optional().describe('Default: the e-mail before the @'),
    role: roleSchema,
    language: languageSchema
      .optional()
      .describe("Of the invitation e-mail and the app; default the organization country's"),
  })
  .meta({ examples: [{ email: 'bo@nordlys.dk', name: 'Bo Bogholder', role: 'member', language: 'da' }] });

const invitedSchema = userSchema
  .extend({
    invitation_url: z
      .string()
      .nullable()
      .describe(
        'Where a new person sets their password (also e-mailed); null for someone who already signs in',
      ),
    invitation_expires_date: z.iso.datetime().nullable(),
    emailed: z.boolean().describe('Whether the e-mail was handed to the mail server'),
  })
  .meta({
    id: 'InvitedUser',
    examples: [
      {
        ...exampleOf(userSchema),
        status: 'invited',
        invitation_url:
          'https://kassa.nordlys.dk/accept-invitation?token=ksi_BygvE3etDtURJ2Ven7yzZ5KwjNYCvzlR1bYOFihFXzY',
        invitation_expires_date: '2026-12-08T09:00:00.000Z',
        emailed: true,
      },
    ],
  });

const changeBody = z
  .strictObject({
    role: roleSchema.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    language: languageSchema.optional(),
  })
  .meta({ examples: [{ role: 'viewer' }] });

const ownChangeBody = z
  .strictObject({ name: z.string().trim().min(1).max(200).optional(), language: languageSchema.optional() })
  .meta({ examples: [{ language: 'sv' }] });

const passwordBody = z
  .strictObject({
    current_password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    new_password: z.string().max(PASSWORD_MAX_LENGTH).describe('10 to 200 characters'),
  })
  .meta({
    examples: [{ current_password: 'old secret words', new_password: 'correct horse battery staple' }],
  });

const totpEnrolment = z
  .object({
    secret: z.string().describe('The base32 secret, shown once, for typing into the app'),
    otpauth_uri: z.string().describe('The same as an otpauth:// URI, for a QR code'),
  })
  .meta({
    id: 'TotpEnrolment',
    examples: [
      {
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        otpauth_uri:
          'otpauth://totp/kassa:ann%40nordlys.dk?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=kassa&algorithm=SHA1&digits=6&period=30',
      },
    ],
  });

/** E-mails the invitation (or the note that they were added) after commit; answers the person with its link. */
async function mailInvitation(
  services: Services,
  organizationId: string,
  { user, invitation }: { user: UserView; invitation: { token: string; expiresAt: Date } | null },
) {
  const url = invitation ? invitationUrl(services, invitation.token) : null;
  const organization = await services.db
    .selectFrom('organizations')
    .select('name')
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
  const emailed = await sendInvitationMail(
    services,
    user,
    organization.name,
    url ? { url, days: INVITATION_DAYS } : null,
  );
  return {
    ...user,
    invitation_url: url,
    invitation_expires_date: invitation?.expiresAt.toISOString() ?? null,
    emailed,
  };
}

export function registerUserRoutes(app: App, services: Services) {
  app.get('/api/v1/users/', {
    config: { access: 'owner' },
    schema: {
      tags,
      operationId: 'listUsers',
      summary: 'List the people of the organization',
      description:
        'Everyone who may sign in to this organization, with their role, in the order they joined. Filter by `role`, or `search` part of an e-mail or name. Owners only.',
      querystring: listQuery,
      response: { 200: pageSchema(userSchema), ...errors },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const q = request.query;
      const result = await listUsers(
        { ...services, actor },
        { ...q, created: dateRanges(q, actor.organization.timezone).created },
      );
      return sendPage(request, reply, result);
    },
  });

  app.post('/api/v1/users/', {
    config: { access: 'owner', answersSecret: true },
    schema: {
      tags,
      operationId: 'inviteUser',
      summary: 'Invite a person',
      description:
        `Adds a person with a role. A new e-mail gets an invitation by e-mail, in their language, with a link (also answered as \`invitation_url\`, valid ${INVITATION_DAYS} days, once) where they set their password; ` +
        'someone who already signs in to another organization is added at once and told by e-mail. An e-mail that is a member already: 400 on field `email`. Owners only.',
      body: inviteBody,
      response: { 201: invitedSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = contextOf(services, request);
      const result = await createUser(ctx, request.body);
      if (!result.ok) return sendProblem(request, reply, result.failure);
      return reply.code(201).send(await mailInvitation(services, ctx.actor.organizationId, result.value));
    },
  });

  app.post('/api/v1/users/:id/invitation/', {
    config: { access: 'owner', answersSecret: true },
    schema: {
      tags,
      operationId: 'renewInvitation',
      summary: 'Send a new invitation',
      description:
        `For a person who has not yet set a password: a new link (valid ${INVITATION_DAYS} days; the old one stops working), e-mailed and answered as \`invitation_url\`. ` +
        'Refused with 409 `not_invited` for someone who has set a password, or who belongs to another organization too. Owners only.',
      params: uuidParam,
      body: emptyObjectBody,
      response: { 200: invitedSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = contextOf(services, request);
      const result = await renewInvitation(ctx, request.params.id);
      if (!result.ok) return sendProblem(request, reply, result.failure);
      return reply.send(await mailInvitation(services, ctx.actor.organizationId, result.value));
    },
  });

  app.get('/api/v1/users/me/', {
    config: { access: 'person' },
    schema: {
      tags,
      operationId: 'getOwnUser',
      summary: 'Your own user',
      description: 'The signed-in person, with their role in the organization the session acts for.',
      response: { 200: userSchema, ...errors },
    },
    handler: async (request, reply) => {
      const { person, organizationId } = personOf(request);
      const row = await findMember(services.db, organizationId, person.userId);
      return sendResult(request, reply, ok(userViewOf(row!)));
    },
  });

  app.patch('/api/v1/users/me/', {
    config: { access: 'person' },
    schema: {
      tags,
      operationId: 'updateOwnUser',
      summary: 'Change your name or language',
      description: 'Any signed-in person may change their own name and language (not their role).',
      body: ownChangeBody,
      response: { 200: userSchema, ...errors },
    },
    handler: async (request, reply) => {
      const { person } = personOf(request);
      return sendResult(
        request,
        reply,
        await updateUser(contextOf(services, request), person.userId, request.body),
      );
    },
  });

  app.post('/api/v1/users/me/password/', {
    config: { access: 'person' },
    schema: {
      tags,
      operationId: 'changeOwnPassword',
      summary: 'Change your password',
      description:
        'Needs the current password (400 on field `current_password` when wrong). Ends your other sessions, in every organization; this one goes on.',
      body: passwordBody,
      response: { 204: z.null().describe('Changed'), ...errors },
    },
    handler: async (request, reply) => {
      const { person } = personOf(request);
      const result = await changePassword(
        contextOf(services, request),
        person.userId,
        person.sessionId,
        request.body,
      );
      if (!result.ok) return sendProblem(request, reply, result.failure);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/users/me/totp/', {
    config: { access: 'person', answersSecret: true },
    schema: {
      tags,
      operationId: 'enrolOwnTotp',
      summary: 'Start setting up a second factor',
      description:
        'Makes a new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 seconds) and answers it once, as base32 and as an otpauth URI for a QR code. It takes effect when confirmed with a code from the app.',
      body: emptyObjectBody,
      response: { 200: totpEnrolment, ...errors },
    },
    handler: async (request, reply) => {
      const { person } = personOf(request);
      return sendResult(request, reply, await enrolTotp(contextOf(services, request), person.userId));
    },
  });

  app.post('/api/v1/users/me/totp/confirm/', {
    config: { access: 'person' },
    schema: {
      tags,
      operationId: 'confirmOwnTotp',
      summary: 'Switch the second factor on',
      description:
        'The current code from the app proves it holds the secret; from then on sign-in asks for a code. 400 on field `code` when it is wrong or nothing was enrolled.',
      body: z.strictObject({ code: z.string().max(10) }).meta({ examples: [{ code: '287082' }] }),
      response: { 200: userSchema, ...errors },
    },
    handler: async (request, reply) => {
      const { person, organizationId } = personOf(request);
      const result = await confirmTotp(contextOf(services, request), person.userId, request.body.code);
      if (!result.ok) return sendProblem(request, reply, result.failure);
      return reply.send(userViewOf((await findMember(services.db, organizationId, person.userId))!));
    },
  });

  app.post('/api/v1/users/me/totp/disable/', {
    config: { access: 'person' },
    schema: {
      tags,
      operationId: 'disableOwnTotp',
      summary: 'Switch the second factor off',
      description: 'Needs your password (400 on field `password` when wrong).',
      body: z
        .strictObject({ password: z.string().min(1).max(PASSWORD_MAX_LENGTH) })
        .meta({ examples: [{ password: 'Rugbrød-med-Leverpostej-1987' }] }),
      response: { 200: userSchema, ...errors },
    },
    handler: async (request, reply) => {
      const { person, organizationId } = personOf(request);
      const result = await disableTotp(contextOf(services, request), person.userId, request.body.password);
      if (!result.ok) return sendProblem(request, reply, result.failure);
      return reply.send(userViewOf((await findMember(services.db, organizationId, person.userId))!));
    },
  });

  app.get('/api/v1/users/:id/', {
    config: { access: 'owner' },
    schema: {
      tags,
      operationId: 'getUser',
      summary: 'Get a person',
      description: 'One person of the organization, with their role. Owners only.',
      params: uuidParam,
      response: { 200: userSchema, ...errors },
    },
    handler: async (request, reply) => {
      const row = await findMember(services.db, actorOf(request).organizationId, request.params.id);
      if (!row)
        return sendProblem(request, reply, { code: 'not_found', detail: `no user ${request.params.id}` });
      return reply.send(userViewOf(row));
    },
  });

  app.patch('/api/v1/users/:id/', {
    config: { access: 'owner' },
    schema: {
      tags,
      operationId: 'updateUser',
      summary: 'Change a person',
      description:
        'Their role here, their name, their language. The only owner cannot lose the role (409 `last_owner`). Owners only.',
      params: uuidParam,
      body: changeBody,
      response: { 200: userSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await updateUser(contextOf(services, request), request.params.id, request.body),
      ),
  });

  app.delete('/api/v1/users/:id/', {
    config: { access: 'owner' },
    schema: {
      tags,
      operationId: 'removeUser',
      summary: 'Remove a person',
      description:
        'Removes the person from this organization and ends their sessions here (they keep any other organizations). The only owner cannot be removed (409 `last_owner`). Owners only.',
      params: uuidParam,
      response: { 204: z.null().describe('Removed'), ...errors },
    },
    handler: async (request, reply) => {
      const result = await removeUser(contextOf(services, request), request.params.id);
      if (!result.ok) return sendProblem(request, reply, result.failure);
      return reply.code(204).send(null);
    },
  });
}
