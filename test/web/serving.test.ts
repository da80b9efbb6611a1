import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../src/http/web-app.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const script = () => {
  const name = readdirSync(join(WEB_DIST, 'assets')).find((file) => file.endsWith('.js'));
  if (!name) throw new Error('web/dist has no script: the build did not run');
  return `/assets/${name}`;
};

describe('kassa serve serves the admin app at /', () => {
  it('answers the app page at / and at any deep link, never cached, with a strict CSP', async () => {
    for (const url of ['/', '/accounts/ACME-1', '/sign-in?redirect=%2F']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('serves hashed assets for a year, as immutable', async () => {
    const res = await t.app.inject({ url: script() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('keeps the API and missing assets as JSON 404s, not the app page', async () => {
    for (const url of ['/api/v1/nothing-here/', '/api', '/assets/missing-abc123.js']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe('not_found');
    }
  });

  it('answers the customer portal’s page, not the admin app’s, under /self-service/', async () => {
    for (const url of ['/self-service/', '/self-service/invoices/0190a0b2-0000-7000-8000-000000000000']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(res.body).toContain('<title>Self-service</title>');
    }
  });

  it('answers the app page only to GET and HEAD', async () => {
    const post = await t.app.inject({ method: 'POST', url: '/accounts' });
    expect(post.statusCode).toBe(404);
    expect(post.json().code).toBe('not_found');
    const head = await t.app.inject({ method: 'HEAD', url: '/accounts' });
    expect(head.statusCode).toBe(200);
  });

  it('still serves the OpenAPI document and the health check', async () => {
    expect((await t.app.inject({ url: '/api/openapi.json' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
  });
});
