import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Result } from '../errors.ts';
import { sendProblem } from './problem.ts';

/** Sends a use case's answer: the value with `status`, or its failure as a problem. */
export function sendResult<T>(request: FastifyRequest, reply: FastifyReply, result: Result<T>, status = 200) {
  if (!result.ok) return sendProblem(request, reply, result.failure);
  return reply.code(status).send(result.value);
}
