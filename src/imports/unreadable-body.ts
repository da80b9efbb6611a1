import type { FastifyRequest } from 'fastify';
import type { Failure } from '../errors.ts';
import { frameworkFailure } from '../http/problem.ts';
import type { App } from '../http/types.ts';

/** At most this much of a body that is not JSON is kept for the import log. */
const KEPT_CHARACTERS = 10_000;
const unreadable = new WeakMap<FastifyRequest, string>();

/**
 * In `scope`, JSON is parsed as everywhere else, but the text of a body that is not JSON is kept, so the
 * import log can show what was sent.
 */
export function keepUnreadableBody(scope: App): void {
  const json = scope.getDefaultJsonParser('error', 'error');
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    json(request, body as string, (error, value) => {
      if (error) unreadable.set(request, (body as string).slice(0, KEPT_CHARACTERS));
      done(error, value);
    }),
  );
}

/**
 * The refusal of a request whose body could not be read (not JSON, another content type, too large),
 * with what was sent (the text, when it was read); null for any other error.
 */
export function unreadableBodyFailure(
  error: unknown,
  request: FastifyRequest,
): { failure: Failure; sent: string | null } | null {
  const code = (error as { code?: string }).code;
  const failure = code?.startsWith('FST_ERR_CTP_') ? frameworkFailure(error) : undefined;
  if (!failure) return null;
  const type = request.headers['content-type'] ?? 'none';
  return {
    failure: {
      code: failure.code,
      detail: `${failure.detail}: an order is sent as a JSON object with Content-Type: application/json (Content-Type sent: ${type})`,
    },
    sent: unreadable.get(request) ?? null,
  };
}
