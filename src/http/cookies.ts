import type { FastifyRequest } from 'fastify';

/** One cookie's value from a request's Cookie header, or null. */
export function readCookie(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    const value = part.slice(at + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * A Set-Cookie value for a session cookie: HttpOnly, SameSite=Lax, for the whole site, Secure whenever
 * the request came over https (behind a proxy: with TRUST_PROXY, as X-Forwarded-Proto says) unless the
 * caller decides (`secure`). Without a value, the cookie is removed; `maxAgeSeconds` bounds its life.
 */
export function sessionCookie(
  request: FastifyRequest,
  name: string,
  value: string | null,
  options: { maxAgeSeconds?: number; secure?: boolean } = {},
): string {
  const parts = [
    `${name}=${value === null ? '' : encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (value === null) parts.push('Max-Age=0');
  else if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  if (options.secure ?? request.protocol === 'https') parts.push('Secure');
  return parts.join('; ');
}
