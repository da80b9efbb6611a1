import { ERROR_STATUS, ERROR_TITLES, type ErrorCode } from '../errors.ts';

/**
 * What every operation shares, added to the generated document in one place rather than repeated in
 * each route: the standard request headers, the response headers, the problem answers the server's
 * hooks may give (auth, body, idempotency, rate limit, bugs) as `application/problem+json`, paths
 * without their optional trailing slash, and no component schema that nothing uses.
 */

type Json = Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: the document is plain JSON walked by key.
type Doc = any;

const PARAMETERS = {
  RequestId: {
    name: 'X-Request-Id',
    in: 'header',
    required: false,
    description:
      'Your id for this request (1 to 100 of A-Z a-z 0-9 . _ -); answered back and logged. Default: a new id.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,100}$' },
    example: 'req-7f3a9c',
  },
  ClientSystem: {
    name: 'X-Client-System',
    in: 'header',
    required: false,
    description: 'The calling system, written to the audit log (at most 200 characters are kept).',
    schema: { type: 'string' },
    example: 'crm',
  },
  User: {
    name: 'X-User',
    in: 'header',
    required: false,
    description: 'The person acting in the calling system, written to the audit log.',
    schema: { type: 'string' },
    example: 'jane@example.com',
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a retry safe: the first answer is kept 24 hours and replayed for the same key; the same key ' +
      'with other parameters answers 422, and while the first request still runs, 409.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
    example: '0f6a2c1e-order-42',
  },
};

const HEADERS = {
  RequestId: {
    description: 'The request id: yours from X-Request-Id, or one we made. Quote it when asking for help.',
    required: true,
    schema: { type: 'string' },
  },
  IdempotentReplayed: {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  },
  RetryAfter: {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 0 },
  },
  RateLimitLimit: {
    description: 'Requests allowed per window (a minute) for this token, or this address without one.',
    schema: { type: 'integer', minimum: 0 },
  },
  RateLimitRemaining: {
    description: 'Requests left in the current window.',
    schema: { type: 'integer', minimum: 0 },
  },
  RateLimitReset: {
    description: 'Seconds until the current window ends.',
    schema: { type: 'integer', minimum: 0 },
  },
};

/** On every answer while the server limits requests (it does unless started with a limit of 0). */
const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': { $ref: '#/components/headers/RateLimitLimit' },
  'RateLimit-Remaining': { $ref: '#/components/headers/RateLimitRemaining' },
  'RateLimit-Reset': { $ref: '#/components/headers/RateLimitReset' },
};

const STATUS_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No content',
  '400': 'Bad request',
  '401': 'Unauthorized',
};

/** The problem answer for a status: its description names every code it may carry. */
function problemResponse(status: string, retry: boolean) {
  const codes = (Object.keys(ERROR_STATUS) as ErrorCode[]).filter(
    (code) => String(ERROR_STATUS[code]) === status,
  );
  return {
    description: codes.map((code) => `\`${code}\`: ${ERROR_TITLES[code]}`).join('; ') || 'A problem',
    headers: {
      'X-Request-Id': { $ref: '#/components/headers/RequestId' },
      ...RATE_LIMIT_HEADERS,
      ...(retry ? { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } : {}),
    },
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

function isProblem(response: Json): boolean {
  const content = response.content as Record<string, { schema?: Json }> | undefined;
  if (!content) return false;
  return Object.values(content).some((media) => media.schema?.$ref === '#/components/schemas/Problem');
}

/** The statuses the server's own hooks may answer for an operation, besides what its handler does. */
function standardProblems(method: string, operation: Doc): string[] {
  const security: Json[] = operation.security ?? [];
  const token = security.some((s) => 'tokenAuth' in s || 'cookieAuth' in s);
  const authenticated = security.length > 0;
  const statuses = ['500'];
  if (authenticated) statuses.push('401', '429');
  if (token) statuses.push('403');
  if (operation.requestBody) statuses.push('400', '413', '415');
  if ((operation.parameters ?? []).some((p: Json) => p.in === 'query' || p.in === 'path'))
    statuses.push('400');
  if (method === 'post' && token) statuses.push('400', '409', '422');
  return statuses;
}

/** The meta key of a request body's examples when its schema transforms what it reads (see requestExamples). */
export const REQUEST_EXAMPLES_KEY = 'x-request-examples';

function finishOperation(method: string, operation: Doc) {
  for (const media of Object.values((operation.requestBody?.content ?? {}) as Record<string, Doc>))
    if (media.schema?.[REQUEST_EXAMPLES_KEY]) {
      media.schema.examples = media.schema[REQUEST_EXAMPLES_KEY];
      delete media.schema[REQUEST_EXAMPLES_KEY];
    }
  const security: Json[] = operation.security ?? [];
  const token = security.some((s) => 'tokenAuth' in s || 'cookieAuth' in s);
  const ref = (name: keyof typeof PARAMETERS) => ({ $ref: `#/components/parameters/${name}` });
  operation.parameters = [
    ...(operation.parameters ?? []),
    ...(method === 'post' && token ? [ref('IdempotencyKey')] : []),
    ...(token ? [ref('ClientSystem'), ref('User')] : []),
    ref('RequestId'),
  ];
  const responses: Record<string, Json> = operation.responses ?? {};
  for (const status of standardProblems(method, operation))
    if (!responses[status]) responses[status] = { $ref: `#/components/responses/Problem${status}` };
  for (const [status, response] of Object.entries(responses)) {
    if ('$ref' in response) continue;
    if (isProblem(response)) {
      responses[status] = { $ref: `#/components/responses/Problem${status}` };
      continue;
    }
    if (response.description === 'Default Response') response.description = STATUS_TEXT[status] ?? 'OK';
    response.headers = {
      ...(response.headers as Json | undefined),
      'X-Request-Id': { $ref: '#/components/headers/RequestId' },
      ...RATE_LIMIT_HEADERS,
      ...(method === 'post' && token
        ? { 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } }
        : {}),
    };
  }
  operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

function refsIn(value: unknown, found: Set<string>) {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.add(inner);
      else refsIn(inner, found);
    }
}

/** Drops component schemas that no operation reaches (the input twins of output-only schemas). */
function dropUnusedSchemas(doc: Doc) {
  const schemas: Record<string, unknown> = doc.components.schemas ?? {};
  const used = new Set<string>();
  refsIn({ ...doc, components: { ...doc.components, schemas: {} } }, used);
  const pending = [...used];
  while (pending.length > 0) {
    const ref = pending.pop() as string;
    const name = ref.replace('#/components/schemas/', '');
    const inner = new Set<string>();
    refsIn(schemas[name], inner);
    for (const next of inner)
      if (!used.has(next)) {
        used.add(next);
        pending.push(next);
      }
  }
  for (const name of Object.keys(schemas))
    if (!used.has(`#/components/schemas/${name}`)) delete schemas[name];
}

export function finishDocument<T>(generated: T): T {
  const doc = generated as Doc;
  const paths: Record<string, Record<string, Doc>> = {};
  const problemStatuses = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {}) as [string, Record<string, Doc>][]) {
    // The server ignores a trailing slash; the seed's paths have one, documents have none.
    const bare = path.length > 1 ? path.replace(/\/$/, '') : path;
    for (const [method, operation] of Object.entries(item)) {
      finishOperation(method, operation);
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>))
        if (String(response.$ref ?? '').startsWith('#/components/responses/Problem'))
          problemStatuses.add(status);
    }
    paths[bare] = { ...paths[bare], ...item };
  }
  doc.paths = paths;
  doc.components.parameters = { ...doc.components.parameters, ...PARAMETERS };
  doc.components.headers = { ...doc.components.headers, ...HEADERS };
  doc.components.responses = {
    ...doc.components.responses,
    ...Object.fromEntries(
      [...problemStatuses]
        .sort()
        .map((status) => [`Problem${status}`, problemResponse(status, status === '429' || status === '503')]),
    ),
  };
  dropUnusedSchemas(doc);
  return doc;
}
