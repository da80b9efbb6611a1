import type { App } from '../../http/types.ts';

/**
 * The Billwerk client sends `Content-Type: application/json` on every call, also on writes without a
 * body (approve, decline), which Fastify's JSON parser refuses as an empty body. In the scope of such
 * routes an empty JSON body is read as no body; anything else is parsed as on every other route.
 */
export function acceptEmptyJson(scope: App): void {
  const json = scope.getDefaultJsonParser('error', 'error');
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    return json(request, body as string, done);
  });
}
