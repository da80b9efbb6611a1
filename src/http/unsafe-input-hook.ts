import type { FastifyReply, FastifyRequest } from 'fastify';
import { findUnsafeInput } from '../domain/unsafe-input.ts';
import { sendFailure } from './problem.ts';

/**
 * Every route, before validation: a NUL, a lone surrogate or hostile nesting in the path, the query
 * or the body is answered 400 `validation_failed` naming the field (fields as validation names them:
 * `path.id`, `query.name`, `lines.0.name`), so it never reaches a schema, a log or the database.
 */
export async function unsafeInputHook(request: FastifyRequest, reply: FastifyReply) {
  const unsafe =
    findUnsafeInput(request.params, 'path') ??
    findUnsafeInput(request.query, 'query') ??
    findUnsafeInput(request.body, '');
  if (!unsafe) return;
  return sendFailure(request, reply, 'validation_failed', unsafe.message, [
    { field: unsafe.field, code: unsafe.code, message: unsafe.message },
  ]);
}
