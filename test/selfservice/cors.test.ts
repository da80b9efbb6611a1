import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let token: string;
const SHOP = 'https://shop.example.com';
const full = () => authHeaders(t.org.tokens.full);

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/',
    headers: full(),
    payload: { code: 'C', name: 'C', email: 'c@example.com' },
  });
  const link = await t.app.inject({
    method: 'POST',
    url: '/api/self-service/initiate-organization/',
    headers: full(),
    payload: { email: 'c@example.com' },
  });
  expect(link.statusCode, link.body).toBe(200);
  token = new URL(link.json().url).searchParams.get('token')!;
});
afterAll(async () => t.close());

const setOrigins = (origins: unknown, headers: Record<string, string> = full()) =>
  t.app.inject({
    method: 'PATCH',
    url: '/api/v1/organization/',
    headers,
    payload: { self_service_origins: origins },
  });
const account = (origin: string, secret: string | null = token) =>
  t.app.inject({
    url: '/api/self-service/account/',
    headers: { origin, ...(secret ? authHeaders(secret) : {}) },
  });
const preflight = (origin: string, url = '/api/self-service/account/') =>
  t.app.inject({
    method: 'OPTIONS',
    url,
    headers: {
      origin,
      'access-control-request-method': 'PATCH',
      'access-control-request-headers': 'authorization, content-type',
    },
  });

describe('CORS for the self-service API', () => {
  it('allows no other origin until the organization lists one', async () => {
    const res = await account(SHOP);
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect((await preflight(SHOP)).headers['access-control-allow-origin']).toBeUndefined();
  });

  it("answers a listed origin's preflight and its customer's requests, the errors included", async () => {
    const set = await setOrigins(['https://Shop.example.com', 'http://localhost:5173']);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().self_service_origins).toEqual([SHOP, 'http://localhost:5173']);
    const pre = await preflight(SHOP);
    expect(pre.statusCode).toBe(204);
    expect(pre.headers).toMatchObject({
      'access-control-allow-origin': SHOP,
      'access-control-allow-methods': expect.stringContaining('PATCH'),
      'access-control-allow-headers': expect.stringContaining('Authorization'),
    });
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    const res = await account(SHOP);
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    expect(res.headers.vary).toContain('Origin');
    expect(res.headers['access-control-expose-headers']).toContain('X-Request-Id');
    // The page can read that its token expired.
    const expired = await account(SHOP, 'ss_unknown');
    expect(expired.statusCode).toBe(401);
    expect(expired.headers['access-control-allow-origin']).toBe(SHOP);
  });

  it('allows only listed origins, only on the customer routes, only for the organization listing them', async () => {
    const other = await account('https://evil.example.com');
    expect(other.statusCode).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(
      (await preflight('https://evil.example.com')).headers['access-control-allow-origin'],
    ).toBeUndefined();
    // Not under /api/self-service/: the merchant API is never opened to browsers of other origins.
    const api = await t.app.inject({ url: '/api/v1/accounts/', headers: { origin: SHOP, ...full() } });
    expect(api.headers['access-control-allow-origin']).toBeUndefined();
    const preApi = await preflight(SHOP, '/api/v1/accounts/');
    expect(preApi.headers['access-control-allow-origin']).toBeUndefined();
    // The API-token route under /api/self-service/ is not for browsers either.
    const initiate = await t.app.inject({
      method: 'POST',
      url: '/api/self-service/initiate-organization/',
      headers: { origin: SHOP, ...full() },
      payload: { email: 'c@example.com' },
    });
    expect(initiate.headers['access-control-allow-origin']).toBeUndefined();
    // Another organization's list opens nothing to this organization's customers.
    await setOrigins([]);
    await setOrigins(['https://other-shop.example.com'], authHeaders(t.other.tokens.full));
    expect(
      (await account('https://other-shop.example.com')).headers['access-control-allow-origin'],
    ).toBeUndefined();
    expect((await account(SHOP)).headers['access-control-allow-origin']).toBeUndefined();
  });

  it.each([
    [['https://shop.example.com/path'], 'self_service_origins.0'],
    [['ftp://shop.example.com'], 'self_service_origins.0'],
    [['http://shop.example.com'], 'self_service_origins.0'],
    ['https://shop.example.com', 'self_service_origins'],
  ])('refuses %j, naming the field and changing nothing', async (origins, field) => {
    await setOrigins([SHOP]);
    const res = await setOrigins(origins);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe(field);
    const org = await t.app.inject({ url: '/api/v1/organization/', headers: full() });
    expect(org.json().self_service_origins).toEqual([SHOP]);
  });

  it('is set only with a full token of the organization', async () => {
    expect((await setOrigins([SHOP], {})).statusCode).toBe(401);
    expect((await setOrigins([SHOP], authHeaders(t.org.tokens.read))).statusCode).toBe(403);
  });
});
