import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyPlan } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/** What an incremental sync through the lists needs: archived rows too, and the updated_date filters. */
let t: TestApp;
const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(t.org.tokens.full), ...(payload ? { payload } : {}) });
const codes = async (url: string) => {
  const res = await call('GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().results.map((r: { code?: string; uuid: string }) => r.code ?? r.uuid);
};

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await monthlyPlan(t, '100');
  for (const code of ['L1', 'L2'])
    await call('POST', '/api/v1/accounts/', { code, name: code, email: `${code}@example.com` });
  await call('POST', '/api/v1/plans/', { code: 'OLD', name: 'Old' });
  t.clock.set('2025-01-05T08:00:00Z');
  expect((await call('DELETE', '/api/v1/accounts/L2/')).statusCode).toBe(204);
  expect((await call('DELETE', '/api/v1/plans/OLD/')).statusCode).toBe(200);
});
afterAll(async () => t.close());

describe('archived=all and updated_date on lists', () => {
  it('lists live, archived or all accounts and catalog items', async () => {
    expect(await codes('/api/v1/accounts/')).toEqual(['L1']);
    expect(await codes('/api/v1/accounts/?archived=true')).toEqual(['L2']);
    expect(await codes('/api/v1/accounts/?archived=all')).toEqual(['L1', 'L2']);
    expect(await codes('/api/v1/plans/?archived=all')).toEqual(['P', 'OLD']);
    const bad = await call('GET', '/api/v1/accounts/?archived=both');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.archived');
  });

  it('finds what changed since a day: an archival is a change', async () => {
    expect(await codes('/api/v1/accounts/?archived=all&updated_date__gte=2025-01-05')).toEqual(['L2']);
    expect(await codes('/api/v1/accounts/?archived=all&updated_date__lte=2025-01-04')).toEqual(['L1']);
    expect(await codes('/api/v1/plans/?archived=all&updated_date__gte=2025-01-05')).toEqual(['OLD']);
  });

  it('orders and payments take updated_date too', async () => {
    const sub = (await call('POST', '/api/v1/subscriptions/', { account: 'L1', terms: 'M' })).json().uuid;
    t.clock.set('2025-01-10T08:00:00Z');
    const order = await call('POST', '/api/v1/orders/', {
      type: 'change_quantity',
      subscription: sub,
      quantity: 3,
    });
    expect(order.statusCode, order.body).toBe(201);
    expect(await codes('/api/v1/orders/?updated_date__gte=2025-01-10')).toEqual([order.json().uuid]);
    expect(await codes('/api/v1/orders/?updated_date__lte=2025-01-09')).toEqual([]);
    const payment = await call('POST', '/api/v1/payments/', {
      amount: '5.00',
      reference: 'RF18539007547034',
    });
    expect(payment.statusCode, payment.body).toBe(201);
    expect(await codes('/api/v1/payments/?updated_date__gte=2025-01-10')).toEqual([payment.json().uuid]);
    expect(await codes('/api/v1/payments/?updated_date__lte=2025-01-09')).toEqual([]);
  });
});
