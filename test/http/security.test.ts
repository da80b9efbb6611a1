import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../src/context.ts';
import type { Access } from '../../src/http/types.ts';
import { createApiToken } from '../../src/tenancy/create-api-token.ts';
import { revokeApiToken } from '../../src/tenancy/revoke-api-token.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The shared security suite: every /api/v1 route, whatever module it comes from, is called without
 * a token, with a bad or revoked token, with each scope that may not call it, and with an id of
 * another organization. A new route fails the first test until it is listed here.
 */
interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As in the OpenAPI document. */
  path: string;
  access: Exclude<Access, 'public'>;
  /** A valid request body for a write. */
  body?: () => Record<string, unknown>;
}

let n = 0;
const accountBody = () => ({ code: `SEC-${n++}`, name: 'Sec', email: 'sec@example.com' });

const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/api/v1/accounts/', access: 'read' },
  { method: 'POST', path: '/api/v1/accounts/', access: 'write', body: accountBody },
  { method: 'GET', path: '/api/v1/accounts/{id}/', access: 'read' },
  { method: 'PUT', path: '/api/v1/accounts/{id}/', access: 'write', body: accountBody },
  { method: 'PATCH', path: '/api/v1/accounts/{id}/', access: 'write', body: () => ({ name: 'Changed' }) },
  { method: 'DELETE', path: '/api/v1/accounts/{id}/', access: 'write' },
  { method: 'GET', path: '/api/v1/audit-log/', access: 'read' },
];

const ALLOWED: Record<RouteCase['access'], string[]> = {
  read: ['full', 'read'],
  write: ['full'],
  partner: ['full', 'partner'],
  import: ['full', 'import'],
};

let t: TestApp;
let foreignAccountId: string;
let ownAccountId: string;
let revokedToken: string;

beforeAll(async () => {
  t = await createTestApp();
  const foreign = await t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/',
    headers: authHeaders(t.other.tokens.full),
    payload: accountBody(),
  });
  foreignAccountId = foreign.json().uuid;
  const own = await t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/',
    headers: authHeaders(t.org.tokens.full),
    payload: accountBody(),
  });
  ownAccountId = own.json().uuid;
  const token = await createApiToken(t.services, commandLineActor(t.org), { scope: 'full' });
  if (!token.ok) throw new Error('token');
  revokedToken = token.value.token;
  await revokeApiToken(t.services, token.value.id);
});
afterAll(async () => t.close());

const urlFor = (route: RouteCase, id: string) => route.path.replace('{id}', id);

function call(route: RouteCase, headers: Record<string, string>, id = ownAccountId) {
  return t.app.inject({
    method: route.method,
    url: urlFor(route, id),
    headers,
    ...(route.body ? { payload: route.body() } : {}),
  });
}

describe('security suite', () => {
  it('covers every /api/v1 route of the OpenAPI document', async () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  describe.each(ROUTES)('$method $path', (route) => {
    it('401 without a token, with a malformed header, an unknown token, or a revoked one', async () => {
      for (const headers of [
        {},
        { authorization: 'Basic dXNlcjpwYXNz' },
        { authorization: 'Token' },
        authHeaders('ks_unknown-token-value-that-does-not-exist-at-all'),
        authHeaders(revokedToken),
      ]) {
        const res = await call(route, headers);
        expect(res.statusCode, JSON.stringify(headers)).toBe(401);
        expect(res.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('403 for every scope that may not call it', async () => {
      const refused = (['full', 'read', 'partner', 'import'] as const).filter(
        (s) => !ALLOWED[route.access].includes(s),
      );
      expect(refused.length).toBeGreaterThan(0);
      for (const scope of refused) {
        const res = await call(route, authHeaders(t.org.tokens[scope]));
        expect(res.statusCode, scope).toBe(403);
        expect(res.json().code).toBe('insufficient_scope');
      }
    });

    it('another organization’s id answers 404, as a missing one does', async () => {
      if (!route.path.includes('{id}')) {
        // A list shows only the caller's rows: the other organization's account never appears.
        const res = await call(route, authHeaders(t.org.tokens.full));
        if (route.method === 'GET')
          expect(JSON.stringify(res.json().results)).not.toContain(foreignAccountId);
        else expect(res.statusCode).toBe(201);
        return;
      }
      const foreign = await call(route, authHeaders(t.org.tokens.full), foreignAccountId);
      const missing = await call(
        route,
        authHeaders(t.org.tokens.full),
        '00000000-0000-4000-8000-000000000000',
      );
      expect(foreign.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      expect(foreign.json().code).toBe(missing.json().code);
    });
  });
});
