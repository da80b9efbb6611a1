import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../context.ts';
import type { Failure } from '../errors.ts';
import { FailureThrottle, type Limited } from '../http/failure-throttle.ts';
import { problemSchema, sendFailure, sendProblemDocument } from '../http/problem.ts';
import type { App } from '../http/types.ts';
import { issueAccessToken } from './issue-access-token.ts';

/** Failed client authentications allowed per address within 15 minutes, as for sign-in. */
export const CLIENT_FAILURES_PER_ADDRESS = 20;

/** RFC 6749 §5.2 error codes this endpoint answers. */
type OAuthError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

const oauthErrorSchema = z
  .object({
    error: z
      .enum(['invalid_request', 'invalid_client', 'unsupported_grant_type', 'invalid_scope'])
      .describe('RFC 6749 §5.2'),
    error_description: z.string().describe('What was wrong, for a person'),
  })
  .meta({
    id: 'OAuthError',
    examples: [{ error: 'invalid_client', error_description: 'The client id or secret is wrong.' }],
  });

const tokenRequest = z
  .object({
    grant_type: z.string().optional().describe('Must be `client_credentials`'),
    client_id: z
      .string()
      .optional()
      .describe('The client id, when not sent by HTTP Basic (RFC 6749 §2.3.1 allows the body too)'),
    client_secret: z.string().optional().describe('The client secret, with client_id in the body'),
    scope: z
      .string()
      .optional()
      .describe("Optional; if sent, it must be the client's own scope (full, read, partner or import)"),
  })
  .meta({ examples: [{ grant_type: 'client_credentials' }] });

const tokenAnswer = z
  .object({
    access_token: z.string().describe('The bearer token: `Authorization: Bearer <access_token>`'),
    token_type: z.literal('bearer'),
    expires_in: z.number().int().describe('Seconds the token lives'),
    scope: z.string().describe("The client's scope, which the token acts with"),
  })
  .meta({
    id: 'OAuthAccessToken',
    examples: [
      {
        access_token: 'ka_Q2h5bVJ4d0FjY2Vzc1Rva2VuRXhhbXBsZVZhbHVlMDAx',
        token_type: 'bearer',
        expires_in: 3600,
        scope: 'full',
      },
    ],
  });

function sendOAuthError(reply: FastifyReply, status: 400 | 401, error: OAuthError, description: string) {
  if (status === 401) reply.header('www-authenticate', 'Basic realm="kassa", charset="UTF-8"');
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .type('application/json; charset=utf-8')
    .serializer(JSON.stringify)
    .send({ error, error_description: description });
}

/** Failures raised before the handler (an unreadable or unknown body) in RFC 6749's form; the rest as problems. */
function oauthFailure(request: FastifyRequest, reply: FastifyReply, failure: Failure) {
  switch (failure.code) {
    case 'validation_failed':
    case 'malformed_request':
      return sendOAuthError(reply, 400, 'invalid_request', failure.detail);
    case 'unsupported_media_type':
      return sendOAuthError(
        reply,
        400,
        'invalid_request',
        'Send the parameters as application/x-www-form-urlencoded (RFC 6749 §4.4.2).',
      );
    case 'unauthenticated':
      return sendOAuthError(reply, 401, 'invalid_client', failure.detail);
    default:
      return sendProblemDocument(request, reply, failure);
  }
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    return value;
  }
}

/** The client id and secret of `Authorization: Basic …` (each form-encoded, RFC 6749 §2.3.1), or null. */
function basicCredentials(header: string): { clientId: string; clientSecret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return {
    clientId: formDecode(decoded.slice(0, colon)),
    clientSecret: formDecode(decoded.slice(colon + 1)),
  };
}

/** `POST /oauth/token`: the OAuth 2.0 client credentials grant, for clients written for it (Billwerk's among them). */
export function registerOAuthRoutes(app: App, services: Services) {
  const throttle = new FailureThrottle(services.clock);
  const limits = (address: string): Limited[] => [[`address:${address}`, CLIENT_FAILURES_PER_ADDRESS]];

  app.register(async (instance) => {
    const scope = instance.withTypeProvider() as unknown as App;
    // Form bodies are read here only: every other route still answers 415 to anything but JSON.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => {
        const params = new URLSearchParams(String(body));
        const form: Record<string, string> = {};
        for (const [key, value] of params) {
          if (key in form) {
            const error = Object.assign(new Error(`${key} is sent more than once (RFC 6749 §3.2)`), {
              statusCode: 400,
            });
            return done(error, undefined);
          }
          form[key] = value;
        }
        return done(null, form);
      },
    );

    scope.post('/oauth/token', {
      config: { access: 'public', sendFailure: oauthFailure },
      schema: {
        tags: ['OAuth'],
        operationId: 'issueAccessToken',
        summary: 'Get an access token (OAuth 2.0 client credentials)',
        description:
          'RFC 6749 §4.4: an OAuth client (created with `POST /api/v1/oauth-clients` or `kassa token create --oauth`) ' +
          'authenticates with HTTP Basic (client id and secret; or `client_id` and `client_secret` in the body) and ' +
          'sends `grant_type=client_credentials` as a form (a JSON object is taken too). The answer is a bearer token that works on every kassa ' +
          "route as an API token of the client's scope does, for `expires_in` seconds (3600); revoking the client " +
          'ends its tokens. Errors are RFC 6749 §5.2 JSON: 401 `invalid_client` (with `WWW-Authenticate: Basic`), ' +
          '400 `invalid_request`, `unsupported_grant_type` or `invalid_scope`. After 20 failed client ' +
          'authentications from one address in 15 minutes: 429 with Retry-After. Answers are not to be cached.',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: tokenRequest,
        response: { 200: tokenAnswer, 400: oauthErrorSchema, 401: oauthErrorSchema, 429: problemSchema },
      },
      handler: async (request, reply) => {
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        const form = request.body;
        const authorization = request.headers.authorization;
        const inBody = form.client_id !== undefined || form.client_secret !== undefined;
        if (authorization && inBody)
          return sendOAuthError(
            reply,
            400,
            'invalid_request',
            'Authenticate the client one way: HTTP Basic or client_id and client_secret in the body, not both.',
          );
        if (!form.grant_type) return sendOAuthError(reply, 400, 'invalid_request', 'grant_type is missing.');
        if (form.grant_type !== 'client_credentials')
          return sendOAuthError(
            reply,
            400,
            'unsupported_grant_type',
            `grant_type ${form.grant_type} is not supported: kassa grants client_credentials only.`,
          );
        const wait = throttle.retryAfter(limits(request.ip));
        if (wait > 0) {
          reply.header('retry-after', String(wait));
          return sendFailure(
            request,
            reply,
            'rate_limited',
            `Too many failed client authentications: try again in ${wait} s.`,
          );
        }
        const credentials = authorization
          ? basicCredentials(authorization)
          : form.client_id !== undefined && form.client_secret !== undefined
            ? { clientId: form.client_id, clientSecret: form.client_secret }
            : null;
        if (!credentials) {
          throttle.failed(limits(request.ip));
          return sendOAuthError(
            reply,
            401,
            'invalid_client',
            'Authenticate the client: HTTP Basic with its id and secret (or client_id and client_secret in the body).',
          );
        }
        const result = await issueAccessToken(services, { ...credentials, scope: form.scope });
        if (!result.ok) {
          if (result.failure.code === 'insufficient_scope')
            return sendOAuthError(reply, 400, 'invalid_scope', result.failure.detail);
          throttle.failed(limits(request.ip));
          return sendOAuthError(reply, 401, 'invalid_client', result.failure.detail);
        }
        const issued = result.value;
        return reply.send({
          access_token: issued.accessToken,
          token_type: 'bearer' as const,
          expires_in: issued.expiresIn,
          scope: issued.scope,
        });
      },
    });
  });
}
