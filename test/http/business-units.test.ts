import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const call = (method: 'POST' | 'GET' | 'PATCH' | 'DELETE', url: string, payload?: object, token?: string) =>
  t.app.inject({
    method,
    url,
    headers: authHeaders(token ?? t.org.tokens.full),
    ...(payload ? { payload } : {}),
  });

beforeAll(async () => {
  t = await createTestApp();
  await call('POST', '/api/v1/plans/', { code: 'GYM', name: 'Gym' });
});
afterAll(async () => t.close());

describe('business units', () => {
  it('are created, listed, renamed and named by plan terms', async () => {
    const one = await call('POST', '/api/v1/business-units/', { code: '1', name: 'Anläggning 1' });
    expect(one.statusCode, one.body).toBe(201);
    const two = await call('POST', '/api/v1/business-units/', { code: '2', name: 'Anläggning 2' });
    const renamed = await call('PATCH', '/api/v1/business-units/2/', { name: 'Anläggning Två' });
    expect(renamed.json()).toMatchObject({ code: '2', name: 'Anläggning Två' });
    const terms = await call('POST', '/api/v1/plan-terms/', {
      plan: 'GYM',
      code: 'CARD10',
      price: '187.20',
      punch_card_entries: 10,
      business_units: ['1', two.json().uuid, '1'],
    });
    expect(terms.statusCode, terms.body).toBe(201);
    expect(terms.json().business_units).toEqual([one.json().uuid, two.json().uuid]);
    const listed = await call('GET', '/api/v1/business-units/');
    expect(listed.json().results.map((u: { code: string }) => u.code)).toEqual(['1', '2']);
    const everywhere = await call('PATCH', '/api/v1/plan-terms/CARD10/', { business_units: null });
    expect(everywhere.json().business_units).toBeNull();
  });

  it('refuses an unknown or foreign unit, and a duplicate code', async () => {
    const foreign = await call(
      'POST',
      '/api/v1/business-units/',
      { code: 'X', name: 'Theirs' },
      t.other.tokens.full,
    );
    const refused = await call('POST', '/api/v1/plan-terms/', {
      plan: 'GYM',
      price: '10',
      interval: 'month',
      business_units: ['NOPE', foreign.json().uuid],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'business_units.0', code: 'not_found' });
    const dup = await call('POST', '/api/v1/business-units/', { code: '1', name: 'Again' });
    expect(dup.statusCode).toBe(409);
    expect((await call('GET', `/api/v1/business-units/${foreign.json().uuid}/`)).statusCode).toBe(404);
  });
});
