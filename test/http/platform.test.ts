import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('health', () => {
  it('answers /healthz and /readyz without a token', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('/readyz answers 503 when the database is gone', async () => {
    const broken = await buildServer({
      db: t.services.db.withPlugin({
        transformQuery: () => {
          throw new Error('database unreachable');
        },
        transformResult: async (args) => args.result,
      }),
      clock: t.clock,
    });
    const res = await broken.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('unavailable');
    await broken.close();
  });
});

describe('OpenAPI', () => {
  it('serves the document generated from the route schemas', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const create = doc.paths['/api/v1/accounts'].post;
    expect(create.requestBody.content['application/json'].schema.properties.code).toBeDefined();
    expect(create.security).toEqual([{ tokenAuth: [] }, { cookieAuth: [] }]);
    expect(doc.components.securitySchemes.tokenAuth).toBeDefined();
  });

  it('serves a readable reference from local assets, no CDN', async () => {
    const page = await t.app.inject({ url: '/api/docs/' });
    const html =
      page.statusCode === 302
        ? (await t.app.inject({ url: page.headers.location as string })).body
        : page.body;
    expect(html).toContain('swagger-ui');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
  });
});

describe('HTTP conventions', () => {
  it('answers unknown routes with a problem document', async () => {
    const res = await t.app.inject({ url: '/api/v1/nothing-here/', headers: authHeaders(t.org.tokens.full) });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found', type: '/problems/not_found', status: 404 });
  });

  it('refuses bodies over the limit with 413, and non-JSON bodies with 415', async () => {
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: { ...authHeaders(t.org.tokens.full), 'content-type': 'application/json' },
      payload: JSON.stringify({ code: 'BIG', name: 'x'.repeat(1024 * 1024 + 10), email: 'a@b.dk' }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('payload_too_large');
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: { ...authHeaders(t.org.tokens.full), 'content-type': 'application/xml' },
      payload: '<account/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('unsupported_media_type');
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const given = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('takes Bearer as well as Token', async () => {
    const res = await t.app.inject({
      url: '/api/v1/accounts/',
      headers: { authorization: `Bearer ${t.org.tokens.read}` },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('token cache', () => {
  it('refuses a revoked token within five seconds', async () => {
    const { createApiToken } = await import('../../src/tenancy/create-api-token.ts');
    const { revokeApiToken } = await import('../../src/tenancy/revoke-api-token.ts');
    const { commandLineActor } = await import('../../src/context.ts');
    const made = await createApiToken(t.services, commandLineActor(t.org), { scope: 'read' });
    if (!made.ok) throw new Error('token');
    const get = () => t.app.inject({ url: '/api/v1/accounts/', headers: authHeaders(made.value.token) });
    expect((await get()).statusCode).toBe(200);
    await revokeApiToken(t.services, made.value.id);
    t.clock.advance(5_001);
    expect((await get()).statusCode).toBe(401);
  });
});

describe('rate limit per token', () => {
  it('answers 429 with Retry-After past the limit, per token, and forgets after a minute', async () => {
    const limited = await buildServer(t.services, { rateLimitPerMinute: 3 });
    const get = (token: string) => limited.inject({ url: '/api/v1/accounts/', headers: authHeaders(token) });
    for (let i = 0; i < 3; i++) {
      const allowed = await get(t.org.tokens.read);
      expect(allowed.statusCode).toBe(200);
      expect(allowed.headers['ratelimit-limit']).toBe('3');
      expect(allowed.headers['ratelimit-remaining']).toBe(String(2 - i));
      expect(Number(allowed.headers['ratelimit-reset'])).toBeGreaterThan(0);
    }
    const refused = await get(t.org.tokens.read);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect((await get(t.org.tokens.full)).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await get(t.org.tokens.read)).statusCode).toBe(200);
    await limited.close();
  });

  it('sends the RateLimit headers on every answer, a refusal for a missing token included', async () => {
    const anonymous = await t.app.inject({ url: '/api/v1/accounts/' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['ratelimit-limit']).toBe('60000');
    const missing = await t.app.inject({
      url: '/api/v1/nothing-here/',
      headers: authHeaders(t.org.tokens.read),
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['ratelimit-remaining']).toBeDefined();
  });

  it('refuses a text/plain body with 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: { ...authHeaders(t.org.tokens.full), 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(res.statusCode).toBe(415);
  });
});
