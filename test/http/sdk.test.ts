import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTypesSource } from '../../scripts/web-api-types.ts';
import { createKassaClient } from '../../sdk/index.ts';
import type { App } from '../../src/http/types.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** fetch, answered by the app in-process (no port): what openapi-fetch sends is what the app gets. */
function fetchVia(app: App) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const res = await app.inject({
      method: request.method as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      ...(body ? { payload: body } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers))
      if (value !== undefined) headers.set(name, String(value));
    return new Response(res.statusCode === 204 ? null : res.rawPayload, { status: res.statusCode, headers });
  };
}

describe('the SDK folder (sdk/)', () => {
  it('holds the types of the document as it is now (npm run web:api writes them)', async () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../sdk/openapi.d.ts'), 'utf8');
    expect(committed === (await apiTypesSource())).toBe(true);
  });

  it('creates and reads an account with typed paths, bodies and headers; a problem arrives typed', async () => {
    const kassa = createKassaClient({
      baseUrl: 'http://kassa.test',
      token: t.org.tokens.full,
      clientSystem: 'sdk-test',
      fetch: fetchVia(t.app),
    });
    const created = await kassa.POST('/api/v1/accounts', {
      params: { header: { 'Idempotency-Key': 'sdk-account-1' } },
      body: { code: 'SDK-1', name: 'Ørsted Łódź', email: 'sdk@example.com', legal_country: 'DK' },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.code).toBe('SDK-1');
    const again = await kassa.POST('/api/v1/accounts', {
      params: { header: { 'Idempotency-Key': 'sdk-account-1' } },
      body: { code: 'SDK-1', name: 'Ørsted Łódź', email: 'sdk@example.com', legal_country: 'DK' },
    });
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    const read = await kassa.GET('/api/v1/accounts/{id}', { params: { path: { id: 'SDK-1' } } });
    expect(read.data?.name).toBe('Ørsted Łódź');
    const missing = await kassa.GET('/api/v1/accounts/{id}', { params: { path: { id: 'NOBODY' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.code).toBe('not_found');
  });
});
