import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERROR_STATUS, ERROR_TITLES, type ErrorCode, type Failure, type FieldError } from '../errors.ts';

/** RFC 9457 problem details, with our stable `code`, field errors and the request id. */
export const problemSchema = z
  .object({
    type: z.string().describe('A URI naming the problem: /problems/<code>'),
    title: z.string(),
    status: z.number().int(),
    code: z
      .enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]])
      .describe('Stable, machine-readable: see docs/api.md (Errors)'),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z
      .array(z.object({ field: z.string(), code: z.string(), message: z.string() }))
      .optional()
      .describe('One entry per field that is not valid'),
  })
  .meta({
    id: 'Problem',
    examples: [
      {
        type: '/problems/validation_failed',
        title: ERROR_TITLES.validation_failed,
        status: 400,
        code: 'validation_failed',
        detail: 'legal_country: not an ISO 3166-1 country code',
        instance: '/api/v1/accounts/',
        requestId: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
        errors: [
          {
            field: 'legal_country',
            code: 'custom',
            message: 'legal_country: not an ISO 3166-1 country code',
          },
        ],
      },
    ],
  });

/** The problem answers every authenticated route may give, for its OpenAPI description. */
export const problemResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  429: problemSchema,
};

export function problemBody(request: FastifyRequest, failure: Failure) {
  return {
    type: `/problems/${failure.code}`,
    title: ERROR_TITLES[failure.code],
    status: ERROR_STATUS[failure.code],
    code: failure.code,
    detail: failure.detail,
    instance: request.url,
    requestId: String(request.id),
    ...(failure.errors ? { errors: failure.errors } : {}),
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, failure: Failure) {
  const own = request.routeOptions?.config?.sendFailure;
  if (own) return own(request, reply, failure);
  return sendProblemDocument(request, reply, failure);
}

/** The problem document itself, whatever the route's own `sendFailure` (which may fall back to it). */
export function sendProblemDocument(request: FastifyRequest, reply: FastifyReply, failure: Failure) {
  return reply
    .code(ERROR_STATUS[failure.code])
    .type('application/problem+json')
    .serializer(JSON.stringify)
    .send(problemBody(request, failure));
}

export function sendFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  errors?: FieldError[],
) {
  return sendProblem(request, reply, errors ? { code, detail, errors } : { code, detail });
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_request',
  // Thrown by @fastify/rate-limit through our errorResponseBuilder (src/http/rate-limit.ts).
  KASSA_RATE_LIMITED: 'rate_limited',
  FST_ERR_BAD_URL: 'malformed_request',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
  // @fastify/static (the web app) refusing a path it will not look up, e.g. a name too long for a file.
  FST_STATIC_FORBIDDEN_PATH: 'not_found',
};

/** The failure an error Fastify or a plugin threw stands for (a body not JSON, too large, …), if it is one. */
export function frameworkFailure(error: unknown): Failure | undefined {
  const fastifyCode = (error as { code?: string }).code;
  const mapped = fastifyCode ? FASTIFY_CODES[fastifyCode] : undefined;
  return mapped ? { code: mapped, detail: (error as Error).message } : undefined;
}

/** Turns whatever was thrown into a problem response; only bugs become 500s, and they are logged. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext;
    const prefix =
      where === 'querystring'
        ? 'query.'
        : where === 'params'
          ? 'path.'
          : where === 'headers'
            ? 'header.'
            : '';
    const errors: FieldError[] = error.validation.flatMap((issue) => {
      const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const keys = (issue.params as { keys?: string[] }).keys;
      if (issue.keyword === 'unrecognized_keys' && keys)
        return keys.map((key) => ({
          field: prefix + (path ? `${path}.${key}` : key),
          code: 'unknown_field',
          message: `${key} is not a known field`,
        }));
      const field = prefix + (path || (where === 'body' ? '(body)' : '(query)'));
      return [{ field, code: issue.keyword, message: `${field}: ${issue.message}` }];
    });
    return sendProblem(request, reply, {
      code: 'validation_failed',
      detail: errors.map((e) => e.message).join('; '),
      errors,
    });
  }
  const known = frameworkFailure(error);
  if (known) return sendProblem(request, reply, known);
  if (error instanceof SyntaxError || (error as { statusCode?: number }).statusCode === 400)
    return sendFailure(request, reply, 'malformed_request', (error as Error).message);
  // Tests run without a logger: KASSA_DEBUG_ERRORS=1 shows what went wrong.
  if (process.env.KASSA_DEBUG_ERRORS) console.error(error);
  if (isResponseSerializationError(error))
    request.log.error({ issues: error.cause.issues }, 'response does not match its schema');
  else request.log.error({ err: error }, 'unhandled error');
  return sendFailure(
    request,
    reply,
    'internal_error',
    'Something went wrong on our side; the request id identifies it in our logs.',
  );
}
