import createClient, { type Middleware } from 'openapi-fetch';
// The API's types, generated once for the SDK and the app alike (npm run web:api).
import type { components, paths } from '../../../sdk/openapi.d.ts';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
/** The query parameters of a list (GET) path, for a page that builds its filters. */
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;

/**
 * The CSRF token of the signed-in session, in memory only: the session itself is an HttpOnly cookie
 * the page never sees, and nothing of it is ever written to localStorage.
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Told when the API says the session is gone (expired or ended elsewhere). */
let onUnauthenticated: () => void = () => {};
export function whenUnauthenticated(handler: () => void) {
  onUnauthenticated = handler;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfHeaders(method: string): Record<string, string> {
  return !SAFE_METHODS.has(method.toUpperCase()) && csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(csrfHeaders(request.method))) request.headers.set(name, value);
    request.headers.set('X-Client-System', 'kassa-web');
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/v1/session'))
      onUnauthenticated();
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  // Looked up on each call, not once, so that whatever fetch the page has (a test's included) is used.
  fetch: (request) => globalThis.fetch(request),
});
api.use(sessionMiddleware);

/** A refused request, carrying the API's problem document (its field errors included). */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.problem = problem;
  }
  get status() {
    return this.problem.status;
  }
}

/** The body of an answer, or an ApiError with its problem; for TanStack Query's functions. */
export async function data<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data: body, error, response } = await call;
  if (error !== undefined || !response.ok) throw new ApiError(asProblem(error, response));
  return body as T;
}

function asProblem(error: unknown, response: Response): Problem {
  if (error && typeof error === 'object' && 'code' in error) return error as Problem;
  return {
    type: '/problems/internal_error',
    title: response.statusText,
    status: response.status,
    code: response.status === 404 ? 'not_found' : 'internal_error',
    detail: typeof error === 'string' ? error : response.statusText,
    instance: response.url,
    requestId: response.headers.get('x-request-id') ?? '',
  };
}

/** The API's field errors by field name, for a form. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const errors: Record<string, string> = {};
  for (const entry of error.problem.errors ?? []) errors[entry.field] ??= entry.message;
  return errors;
}

/** The cursor of a `next`/`previous` URL, to ask for that page through the typed client. */
export function cursorOf(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  return new URL(url, 'http://x').searchParams.get('cursor') ?? undefined;
}
