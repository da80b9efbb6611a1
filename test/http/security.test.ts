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
  /** Whose ids fill `{id}`. */
  resource?: ResourceName;
  /** A valid request body for a write. */
  body?: () => Record<string, unknown>;
}

type ResourceName = 'account' | 'tax_category' | 'plan_group' | 'plan' | 'plan_terms' | 'component';

let n = 0;
const code = (prefix: string) => `${prefix}-${n++}`;
const accountBody = () => ({ code: code('SEC'), name: 'Sec', email: 'sec@example.com' });

/** The collection path and a valid new body of each resource (plan terms need a plan: `ctx.plan`). */
const RESOURCES: Record<ResourceName, { path: string; body: () => Record<string, unknown> }> = {
  account: { path: '/api/v1/accounts/', body: accountBody },
  tax_category: {
    path: '/api/v1/tax-categories/',
    body: () => ({ code: code('TAX'), name: 'Reduced', rates: { DK: '0' } }),
  },
  plan_group: { path: '/api/v1/plan-groups/', body: () => ({ code: code('GRP'), name: 'Group' }) },
  plan: { path: '/api/v1/plans/', body: () => ({ code: code('PLAN'), name: 'Plan' }) },
  plan_terms: {
    path: '/api/v1/plan-terms/',
    body: () => ({ plan: planCode, price: '10.00', currency: 'DKK', interval: 'month', interval_count: 1 }),
  },
  component: {
    path: '/api/v1/components/',
    body: () => ({ code: code('CMP'), name: 'Seat', kind: 'recurring', price: '5.00' }),
  },
};
let planCode = '';

function crudRoutes(resource: ResourceName, options: { put?: boolean } = {}): RouteCase[] {
  const { path, body } = RESOURCES[resource];
  const item = `${path}{id}/`;
  return [
    { method: 'GET', path, access: 'read' },
    { method: 'POST', path, access: 'write', body },
    { method: 'GET', path: item, access: 'read', resource },
    ...(options.put
      ? [{ method: 'PUT' as const, path: item, access: 'write' as const, resource, body }]
      : []),
    { method: 'PATCH', path: item, access: 'write', resource, body: () => ({ name: 'Changed' }) },
    { method: 'DELETE', path: item, access: 'write', resource },
  ];
}

const ROUTES: RouteCase[] = [
  ...crudRoutes('account', { put: true }),
  { method: 'GET', path: '/api/v1/audit-log/', access: 'read' },
  ...crudRoutes('tax_category'),
  ...crudRoutes('plan_group'),
  ...crudRoutes('plan'),
  ...crudRoutes('plan_terms'),
  ...crudRoutes('component'),
];

const ALLOWED: Record<RouteCase['access'], string[]> = {
  read: ['full', 'read'],
  write: ['full'],
  partner: ['full', 'partner'],
  import: ['full', 'import'],
};

let t: TestApp;
const own = {} as Record<ResourceName, string>;
const foreign = {} as Record<ResourceName, string>;
let revokedToken: string;

beforeAll(async () => {
  t = await createTestApp();
  for (const [token, ids] of [
    [t.org.tokens.full, own],
    [t.other.tokens.full, foreign],
  ] as const) {
    for (const name of Object.keys(RESOURCES) as ResourceName[]) {
      const res = await t.app.inject({
        method: 'POST',
        url: RESOURCES[name].path,
        headers: authHeaders(token),
        payload: RESOURCES[name].body(),
      });
      if (res.statusCode !== 201) throw new Error(`fixture ${name}: ${res.body}`);
      ids[name] = res.json().uuid;
      if (name === 'plan') planCode = res.json().code;
    }
  }
  // Bodies made from here on (the POST cases) name the caller's own plan.
  planCode = (
    await t.app.inject({ url: `/api/v1/plans/${own.plan}`, headers: authHeaders(t.org.tokens.read) })
  ).json().code;
  const token = await createApiToken(t.services, commandLineActor(t.org), { scope: 'full' });
  if (!token.ok) throw new Error('token');
  revokedToken = token.value.token;
  await revokeApiToken(t.services, token.value.id);
});
afterAll(async () => t.close());

function call(route: RouteCase, headers: Record<string, string>, id?: string) {
  const url = route.resource ? route.path.replace('{id}', id ?? own[route.resource]) : route.path;
  return t.app.inject({
    method: route.method,
    url,
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
      if (!route.resource) {
        // A list shows only the caller's rows: nothing of the other organization ever appears.
        const res = await call(route, authHeaders(t.org.tokens.full));
        if (route.method === 'GET')
          for (const id of Object.values(foreign)) expect(res.body).not.toContain(id);
        else expect(res.statusCode).toBe(201);
        return;
      }
      const theirs = await call(route, authHeaders(t.org.tokens.full), foreign[route.resource]);
      const missing = await call(
        route,
        authHeaders(t.org.tokens.full),
        '00000000-0000-4000-8000-000000000000',
      );
      expect(theirs.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      expect(theirs.json().code).toBe(missing.json().code);
    });
  });
});
