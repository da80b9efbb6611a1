import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('seed 000 step 1', () => {
  it('creates the account the seed shows', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: authHeaders(t.org.tokens.full, {
        'x-client-system': 'YourApp',
        'x-user': 'admin@yourapp.com',
      }),
      payload: {
        code: 'CUST001',
        name: 'Acme Corporation',
        email: 'billing@acme.com',
        type: 'company',
        legal_address: '123 Main Street',
        legal_zipcode: '12345',
        legal_city: 'Copenhagen',
        legal_country: 'DK',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      code: 'CUST001',
      name: 'Acme Corporation',
      email: 'billing@acme.com',
      type: 'company',
    });
    expect(body.uuid).toMatch(/^[0-9a-f-]{36}$/);
  });
});
