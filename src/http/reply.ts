import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Page } from '../db/list-page.ts';
import type { Result } from '../errors.ts';
import { pageUrl } from './list-query.ts';
import { sendProblem } from './problem.ts';

/** Sends a use case's answer: the value with `status`, or its failure as a problem. */
export function sendResult<T>(request: FastifyRequest, reply: FastifyReply, result: Result<T>, status = 200) {
  if (!result.ok) return sendProblem(request, reply, result.failure);
  return reply.code(status).send(result.value);
}

/** Sends a page of a list, its `next` and `previous` cursors as URLs of this same request. */
export function sendPage<T>(request: FastifyRequest, reply: FastifyReply, result: Result<Page<T>>) {
  if (!result.ok) return sendProblem(request, reply, result.failure);
  const page = result.value;
  return reply.send({
    ...page,
    next: pageUrl(request, page.next),
    previous: pageUrl(request, page.previous),
  });
}
