import { z } from 'zod';
import type { Services } from '../context.ts';
import { exampleOf, uuidParam } from '../http/common-schemas.ts';
import { dateRanges, listQueryShape, orderingParam, pageSchema } from '../http/list-query.ts';
import { problemResponses, sendProblem } from '../http/problem.ts';
import { sendPage } from '../http/reply.ts';
import { actorOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { createApiToken } from './create-api-token.ts';
import { apiTokenSchema, apiTokenViewOf, listApiTokens } from './list-api-tokens.ts';
import { revokeApiToken } from './revoke-api-token.ts';
import { TOKEN_SCOPES } from './token-secret.ts';

const tags = ['API tokens'];
const errors = problemResponses;

const { updated_date__gte: _u1, updated_date__lte: _u2, ...tokenListShape } = listQueryShape;
const listQuery = z.strictObject({
  ...tokenListShape,
  revoked: z
    .enum(['true', 'false'])
    .default('false')
    .describe('true lists revoked tokens instead of live ones'),
  ordering: orderingParam(),
});

const createBody = z
  .strictObject({
    scope: z
      .enum(TOKEN_SCOPES)
      .describe('full: everything; read: every GET; partner: the partner webservice; import: imports'),
    name: z.string().trim().min(1).max(100).optional().describe('A label: what the token is for'),
  })
  .meta({ examples: [{ scope: 'read', name: 'BI export' }] });

const createdSchema = apiTokenSchema
  .extend({ token: z.string().describe('The secret: shown only in this answer, never again') })
  .meta({
    id: 'CreatedApiToken',
    examples: [{ ...exampleOf(apiTokenSchema), token: 'ks_Xq3vNeuyhJ7l_yGa-yIoVRZsYWDdq67_4xAkT7eif9aQ' }],
  });

const oauthClientSchema = apiTokenSchema
  .extend({
    id: z.uuid().describe('The client id (HTTP Basic user name at POST /oauth/token)'),
    prefix: z.string().describe('The first 8 characters of the client secret'),
    last_characters: z.string().nullable().describe('The last 4 characters of the client secret'),
  })
  .meta({
    id: 'OAuthClient',
    examples: [
      {
        id: '019ae2a4-4b1c-7d3e-9f00-2c5d6e7f8a9c',
        name: 'Billwerk integration',
        scope: 'full',
        prefix: 'kc_Vb81q',
        last_characters: 'x0Pz',
        created_date: '2026-12-01T09:00:00.000Z',
        revoked_date: null,
      },
    ],
  });

const createdClientSchema = oauthClientSchema
  .extend({
    client_id: z.uuid().describe('The client id (the same as id)'),
    client_secret: z.string().describe('The client secret: shown only in this answer, never again'),
  })
  .meta({
    id: 'CreatedOAuthClient',
    examples: [
      {
        ...exampleOf(oauthClientSchema),
        client_id: '019ae2a4-4b1c-7d3e-9f00-2c5d6e7f8a9c',
        client_secret: 'kc_Vb81qBRy5cAwsXNhAc1Pqy0y5AXlfj26V_Leuax0Pz',
      },
    ],
  });

const createClientBody = createBody.meta({ examples: [{ scope: 'full', name: 'Billwerk integration' }] });

/** API tokens and OAuth clients managed through the API (owners and `full` tokens), as the command line does. */
export function registerTokenRoutes(app: App, services: Services) {
  app.get('/api/v1/tokens/', {
    config: { access: 'owner' },
    schema: {
      tags,
      operationId: 'listApiTokens',
      summary: 'List API tokens',
      description:
        'The live tokens of the organization (`revoked=true`: the revoked ones), with their scope, name, first 8 and last 4 characters; never the secret. Owners and `full` tokens only.',
      querystring: listQuery,
      response: { 200: pageSchema(apiTokenSchema), ...errors },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const q = request.query;
      const result = await listApiTokens(
        { ...services, actor },
        { ...q, revoked: q.revoked === 'true', created: dateRanges(q, actor.organization.timezone).created },
      );
      return sendPage(request, reply, result);
    },
  });

  app.post('/api/v1/tokens/', {
    config: { access: 'owner', answersSecret: true },
    schema: {
      tags,
      operationId: 'createApiToken',
      summary: 'Create an API token',
      description:
        'A new token of a scope: `ks_` and 32 random bytes, answered once in `token` and stored only as a SHA-256 hash; lists show its first 8 and last 4 characters. Owners and `full` tokens only.',
      body: createBody,
      response: { 201: createdSchema, ...errors },
    },
    handler: async (request, reply) => {
      const result = await createApiToken(services, actorOf(request), request.body);
      if (!result.ok) return sendProblem(request, reply, result.failure);
      const { id, name, scope, token, createdAt } = result.value;
      return reply.code(201).send({
        ...apiTokenViewOf({
          id,
          name,
          scope,
          token_prefix: token.slice(0, 8),
          token_suffix: token.slice(-4),
          created_at: createdAt,
          revoked_at: null,
        }),
        token,
      });
    },
  });

  app.delete('/api/v1/tokens/:id/', {
    config: { access: 'owner' },
    schema: {
      tags,
      operationId: 'revokeApiToken',
      summary: 'Revoke an API token',
      description:
        'The token stops working at once on this server and within 5 seconds on every other (their token cache). Revoking a revoked token changes nothing. Owners and `full` tokens only.',
      params: uuidParam,
      response: { 204: z.null().describe('Revoked'), ...errors },
    },
    handler: async (request, reply) => {
      const result = await revokeApiToken(services, request.params.id, actorOf(request), 'token');
      if (!result.ok) return sendProblem(request, reply, result.failure);
      return reply.code(204).send(null);
    },
  });
}

/** OAuth clients (client credentials grant at POST /oauth/token): API tokens of another kind. */
export function registerOAuthClientRoutes(app: App, services: Services) {
  const clientTags = ['OAuth'];

  app.get('/api/v1/oauth-clients/', {
    config: { access: 'owner' },
    schema: {
      tags: clientTags,
      operationId: 'listOauthClients',
      summary: 'List OAuth clients',
      description:
        'The live OAuth clients of the organization (`revoked=true`: the revoked ones), with their scope, name, and the first 8 and last 4 characters of their secret; never the secret. Owners and `full` tokens only.',
      querystring: listQuery,
      response: { 200: pageSchema(oauthClientSchema), ...errors },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const q = request.query;
      const result = await listApiTokens(
        { ...services, actor },
        {
          ...q,
          kind: 'oauth_client',
          revoked: q.revoked === 'true',
          created: dateRanges(q, actor.organization.timezone).created,
        },
      );
      return sendPage(request, reply, result);
    },
  });

  app.post('/api/v1/oauth-clients/', {
    config: { access: 'owner', answersSecret: true },
    schema: {
      tags: clientTags,
      operationId: 'createOauthClient',
      summary: 'Create an OAuth client',
      description:
        'A client for the OAuth 2.0 client credentials grant: its id and secret (`kc_` and 32 random bytes, answered once in `client_secret`, stored only as a SHA-256 hash) buy bearer tokens of its scope at `POST /oauth/token`. Owners and `full` tokens only.',
      body: createClientBody,
      response: { 201: createdClientSchema, ...errors },
    },
    handler: async (request, reply) => {
      const result = await createApiToken(services, actorOf(request), {
        ...request.body,
        kind: 'oauth_client',
      });
      if (!result.ok) return sendProblem(request, reply, result.failure);
      const { id, name, scope, token, createdAt } = result.value;
      return reply.code(201).send({
        ...apiTokenViewOf({
          id,
          name,
          scope,
          token_prefix: token.slice(0, 8),
          token_suffix: token.slice(-4),
          created_at: createdAt,
          revoked_at: null,
        }),
        client_id: id,
        client_secret: token,
      });
    },
  });

  app.delete('/api/v1/oauth-clients/:id/', {
    config: { access: 'owner' },
    schema: {
      tags: clientTags,
      operationId: 'revokeOauthClient',
      summary: 'Revoke an OAuth client',
      description:
        'The client can get no more access tokens, and those it has stop working at once on this server and within 5 seconds on every other. Revoking a revoked client changes nothing. Owners and `full` tokens only.',
      params: uuidParam,
      response: { 204: z.null().describe('Revoked'), ...errors },
    },
    handler: async (request, reply) => {
      const result = await revokeApiToken(services, request.params.id, actorOf(request), 'oauth_client');
      if (!result.ok) return sendProblem(request, reply, result.failure);
      return reply.code(204).send(null);
    },
  });
}
