import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { describePartnerXml } from '../partners/partner-openapi.ts';
import { finishDocument } from './openapi-document.ts';
import type { Access, App } from './types.ts';

/** verbNoun, camelCase: `createAccount`, `listInvoices`, `sendInvoiceDraft`. Stable once published. */
export const OPERATION_ID_PATTERN = /^[a-z]+(?:[A-Z][a-z0-9]*)+$/;

/** Who may call, as the document says it: a token or a person's session, a person only, a customer. */
const SECURITY: Record<Exclude<Access, 'public'>, Record<string, string[]>[]> = {
  read: [{ tokenAuth: [] }, { cookieAuth: [] }],
  write: [{ tokenAuth: [] }, { cookieAuth: [] }],
  partner: [{ tokenAuth: [] }, { cookieAuth: [] }],
  import: [{ tokenAuth: [] }, { cookieAuth: [] }],
  owner: [{ tokenAuth: [] }, { cookieAuth: [] }],
  person: [{ cookieAuth: [] }],
  self_service: [{ selfServiceAuth: [] }],
};

/**
 * The contract every documented route states (docs/conventions.md, "The OpenAPI contract"): an
 * `operationId` (verbNoun), a summary, a description and tags; a route left out says `hide: true`. Called by the server's onRoute hook, so
 * a route without them keeps the server from starting, as a route without `config.access` does.
 * It also fills in `security` from the route's access: `[]` for public routes.
 */
export function declareOperation(route: RouteOptions, operationIds: Set<string>) {
  const schema = route.schema;
  const access = route.config?.access;
  // @fastify/swagger documents every route not hidden, with a schema or without.
  const documented = !schema?.hide && route.method !== 'HEAD';
  if (schema && access !== undefined) schema.security = access === 'public' ? [] : SECURITY[access];
  if (!documented) return;
  const where = `route ${String(route.method)} ${route.url}`;
  if (!schema) throw new Error(`${where} has no schema: it must be in the OpenAPI document`);
  const { operationId, summary, description, tags } = schema as Record<string, unknown>;
  if (typeof operationId !== 'string' || !OPERATION_ID_PATTERN.test(operationId))
    throw new Error(`${where} needs an operationId in verbNoun camelCase (e.g. createAccount)`);
  if (operationIds.has(operationId)) throw new Error(`${where}: operationId ${operationId} is taken`);
  operationIds.add(operationId);
  if (typeof summary !== 'string' || !summary) throw new Error(`${where} needs a summary`);
  if (typeof description !== 'string' || !description) throw new Error(`${where} needs a description`);
  if (!Array.isArray(tags) || tags.length === 0) throw new Error(`${where} needs a tag`);
}

const DESCRIPTION = `Subscription billing and orders.

**Authentication.** Send an API token as \`Authorization: Bearer <token>\` (the seed's
\`Authorization: Token <token>\` works too). A token has a scope: \`full\`, \`read\`, \`partner\` or
\`import\`. A person signed in to the web app is authenticated by the \`kassa_session\` cookie of
\`POST /api/v1/session\` instead (writes then need \`X-CSRF-Token\`), with what their role allows. The
self-service routes take a customer's 30-minute self-service token.

**Audit.** Send \`X-Client-System\` and \`X-User\` to name the calling system and person in the audit
log, and \`X-Request-Id\` to follow a request through our logs (every answer carries one).

**Retries.** Every POST takes an \`Idempotency-Key\`: the first answer is kept for 24 hours and replayed
(with \`Idempotent-Replayed: true\`); the same key with another body answers 422.

**Errors** are RFC 9457 problem documents (\`application/problem+json\`) with a stable \`code\`, a
\`detail\`, an \`errors\` entry per invalid field and the \`requestId\`.

**Lists** answer \`{count, next, previous, results}\`; follow \`next\` to page.`;

/** Registers the document (`/api/openapi.json`) and the reference page (`/api/docs`). */
export async function registerOpenApi(app: App) {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'kassa API',
        version: '1',
        description: DESCRIPTION,
        license: { name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' },
      },
      servers: [{ url: '/', description: 'This kassa server' }],
      components: {
        securitySchemes: {
          tokenAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token: `Authorization: Bearer <token>` (or `Token <token>`).',
          },
          cookieAuth: {
            type: 'apiKey',
            in: 'cookie',
            name: 'kassa_session',
            description:
              'The session of a signed-in person (POST /api/v1/session); unsafe methods also need X-CSRF-Token.',
          },
          selfServiceAuth: {
            type: 'http',
            scheme: 'bearer',
            description: "A customer's self-service token (`ss_…`, 30 minutes), from a self-service link.",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => describePartnerXml(finishDocument(jsonSchemaTransformObject(input))),
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Served over plain http on a LAN address, `upgrade-insecure-requests` would turn the page's own
    // requests into https ones that fail, and leave it blank.
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    theme: { title: 'kassa API reference' },
    uiConfig: { persistAuthorization: true, deepLinking: true, validatorUrl: null, tryItOutEnabled: false },
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
