import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Failure } from '../errors.ts';
import type { SelfServiceSession } from '../selfservice/self-service-tokens.ts';
import type { RequestAuth } from './auth.ts';

/**
 * Who may call a route: `public` needs no token; `read` takes a `read` or `full` token; `write` a
 * `full` token; `partner` and `import` their own scope or `full`; `owner` (people and tokens) a `full`
 * token; `person` a signed-in person only (their own session, password, second factor);
 * `self_service` a customer's self-service token, which reaches that one account only. A signed-in
 * person's role grants as `ROLE_GRANTS` in auth.ts says.
 */
export type Access = 'public' | 'read' | 'write' | 'partner' | 'import' | 'owner' | 'person' | 'self_service';

export type App = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * The answer carries a secret (a token, a signing secret, an invitation link): it is not kept for
     * Idempotency-Key replays, so no secret lies in `idempotency_keys`; a retry runs again.
     */
    answersSecret?: boolean;
    /** A route whose callers read another error format (partner XML): every failure goes through it. */
    sendFailure?: (request: FastifyRequest, reply: FastifyReply, failure: Failure) => FastifyReply;
  }
  interface FastifyRequest {
    auth: RequestAuth | null;
    customer: SelfServiceSession | null;
    idempotency: { key: string; organizationId: string } | null;
  }
}
