import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * The Billwerk client's paths, matched without regard to case.
 *
 * Fastify's router is case-sensitive for the whole server (`caseSensitive` is a router option, not a
 * route option), and turning it off would change every native route. So the adapter registers each
 * path once, in Billwerk's own casing (`/api/v1/Customers/:id`), and `rewriteBillwerkUrl` (the
 * server's `rewriteUrl`, which runs before routing) rewrites a request whose path matches one of these
 * patterns in any casing to that casing.
 *
 * Five first segments are also kassa's own lowercase resources (`orders`, `subscriptions`, `invoices`,
 * `plans`, `webhooks`). A request in exactly the native lowercase form of a native route stays native,
 * unless it carries Billwerk's paging parameters `take` or `skip`: the Billwerk client sends `take` on
 * every call (and writes `/webhooks` in lower case), while kassa's native routes refuse both as unknown
 * parameters, so nothing a native client can send successfully is taken away from it.
 */
export interface BillwerkPath {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** In Billwerk's casing, with Fastify parameters: `/Customers/:id/Contracts`. */
  path: string;
  /** Other spellings of the first segment (the client writes `/Contract/{id}/end`; the plural is served too). */
  aliases?: string[];
}

export const API_PREFIX = '/api/v1';

interface Pattern extends BillwerkPath {
  segments: string[];
  /** The lowercase path, with parameters, for the native twin lookup. */
  lower: string;
}

const patterns: Pattern[] = [];

/** Adds a path to those the rewrite knows; called by the adapter as it registers each route. */
export function knowBillwerkPath(route: BillwerkPath): void {
  if (patterns.some((p) => p.method === route.method && p.path === route.path)) return;
  const segments = route.path.split('/').filter(Boolean);
  patterns.push({ ...route, segments, lower: `${API_PREFIX}/${segments.join('/').toLowerCase()}` });
}

function matches(pattern: Pattern, method: string, segments: string[]): boolean {
  if (pattern.method !== method || pattern.segments.length !== segments.length) return false;
  return pattern.segments.every((expected, i) => {
    if (expected.startsWith(':')) return segments[i] !== '';
    const given = segments[i]!.toLowerCase();
    if (given === expected.toLowerCase()) return true;
    return i === 0 && (pattern.aliases ?? []).some((alias) => alias.toLowerCase() === given);
  });
}

const nativeTwins = new WeakMap<FastifyInstance, Map<string, boolean>>();

function hasNativeTwin(app: FastifyInstance, pattern: Pattern): boolean {
  let twins = nativeTwins.get(app);
  if (!twins) {
    twins = new Map();
    nativeTwins.set(app, twins);
  }
  const key = `${pattern.method} ${pattern.lower}`;
  let known = twins.get(key);
  if (known === undefined) {
    known = app.hasRoute({ method: pattern.method, url: pattern.lower });
    twins.set(key, known);
  }
  return known;
}

/** The server's `rewriteUrl`: a Billwerk path in any casing becomes the adapter's casing (see above). */
export function rewriteBillwerkUrl(this: FastifyInstance, request: IncomingMessage): string {
  const url = request.url ?? '/';
  if (url.length < API_PREFIX.length + 2 || url.slice(0, API_PREFIX.length + 1) !== `${API_PREFIX}/`)
    return url;
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : url.slice(queryAt);
  const segments = path.slice(API_PREFIX.length + 1).split('/');
  const trailing = segments.at(-1) === '' && segments.length > 1;
  if (trailing) segments.pop();
  const method = request.method === 'HEAD' ? 'GET' : (request.method ?? 'GET');
  const pattern = patterns.find((p) => matches(p, method, segments));
  if (!pattern) return url;
  const canonical = pattern.segments.map((s, i) => (s.startsWith(':') ? segments[i]! : s));
  const native = segments.every((s, i) => pattern.segments[i]!.startsWith(':') || s === s.toLowerCase());
  if (native && !/[?&](take|skip)=/.test(query) && hasNativeTwin(this, pattern)) return url;
  return `${API_PREFIX}/${canonical.join('/')}${trailing ? '/' : ''}${query}`;
}

/** Registers a path with the rewrite and answers the URL to register the route at. */
export function billwerkUrl(method: BillwerkPath['method'], path: string, aliases?: string[]): string {
  knowBillwerkPath(aliases ? { method, path, aliases } : { method, path });
  return `${API_PREFIX}${path}`;
}
