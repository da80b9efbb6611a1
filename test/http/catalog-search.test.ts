import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const post = async (url: string, payload: object, token = t.org.tokens.full) => {
    const res = await t.app.inject({ method: 'POST', url, headers: authHeaders(token), payload });
    expect(res.statusCode, res.body).toBe(201);
  };
  await post('/api/v1/plans/', { code: 'GYM-BASIC', name: 'Gym Basic' });
  await post('/api/v1/plans/', { code: 'GYM-PLUS', name: 'Gym Plus' });
  await post('/api/v1/plans/', { code: 'SPA', name: 'Spa Day' });
  await post('/api/v1/plan-terms/', { plan: 'SPA', code: 'SPA-MONTHLY', price: '99.00', interval: 'month' });
  await post('/api/v1/plan-terms/', { plan: 'SPA', price: '999.00', interval: 'year' });
  await post('/api/v1/plans/', { code: 'GYM-X', name: 'Gym elsewhere' }, t.other.tokens.full);
});
afterAll(async () => t.close());

async function search(path: string, text: string) {
  return t.app.inject({
    url: `${path}?search=${encodeURIComponent(text)}`,
    headers: authHeaders(t.org.tokens.read),
  });
}
const codes = (res: { json(): { results: { code: string | null }[] } }) =>
  res
    .json()
    .results.map((item) => item.code)
    .sort();

describe('GET /api/v1/<catalog>/?search=', () => {
  it('finds a part of the code or the name in any case, counting only what it found', async () => {
    const gym = await search('/api/v1/plans/', 'gym');
    expect(gym.statusCode).toBe(200);
    expect(codes(gym)).toEqual(['GYM-BASIC', 'GYM-PLUS']);
    expect(gym.json().count).toBe(2);
    expect(codes(await search('/api/v1/plans/', 'DAY'))).toEqual(['SPA']);
  });

  it('matches plan terms by their code; terms without code or name are found by other filters only', async () => {
    expect(codes(await search('/api/v1/plan-terms/', 'monthly'))).toEqual(['SPA-MONTHLY']);
  });

  it('refuses an empty search naming the field', async () => {
    const res = await search('/api/v1/plans/', ' ');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('query.search');
  });

  it("never finds another organization's items", async () => {
    expect(codes(await search('/api/v1/plans/', 'elsewhere'))).toEqual([]);
  });
});
