import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, createTestOrganization, type TestApp } from '../support/test-app.ts';

/*
 * Changing quantity or plan terms in the portal (issue 16): a priced preview first, as the merchant's
 * orders price it, then a confirmation that commits it; only the customer's own subscription, only the
 * plan options the portal offers (the same plan, or the plans of its plan group), only where the
 * organization allows it. Every change is checked afterwards through the merchant's API.
 */

let t: TestApp;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const merchant = (method: Method, url: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(t.org.tokens.full), ...(payload ? { payload } : {}) });
const subscriptions: Record<string, string> = {};
const terms: Record<string, string> = {};

async function signIn(code: string) {
  const link = await merchant('GET', `/api/v1/subscriptions/${subscriptions[code]}/self-service-token/`);
  const opened = await t.app.inject({ url: `/self-service/login?token=${link.json().token}` });
  const cookie = /kassa_portal=([^;]*)/.exec(String(opened.headers['set-cookie']))?.[1];
  expect(cookie).toBeTruthy();
  const headers = { cookie: `kassa_portal=${cookie}` };
  const csrf = (await t.app.inject({ url: '/api/self-service/session/', headers })).json().csrf_token;
  return (method: Method, url: string, payload?: object, extra: Record<string, string> = {}) =>
    t.app.inject({
      method,
      url,
      headers: { ...headers, 'x-csrf-token': csrf, ...extra },
      ...(payload ? { payload } : {}),
    });
}

const base = (code: string) => `/api/self-service/subscriptions/${subscriptions[code]}`;
const ordersOf = async (code: string) =>
  (await merchant('GET', `/api/v1/orders/?subscription=${subscriptions[code]}`)).json().results;

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await merchant('PATCH', '/api/v1/organization/', { portal_plan_change: true });
  await merchant('POST', '/api/v1/plan-groups/', { code: 'GYM', name: 'Gym' });
  await merchant('POST', '/api/v1/plans/', { code: 'BASIC', name: 'Basic', plan_group: 'GYM' });
  await merchant('POST', '/api/v1/plans/', { code: 'PLUS', name: 'Plus', plan_group: 'GYM' });
  await merchant('POST', '/api/v1/plans/', { code: 'SPA', name: 'Spa' });
  const made = [
    { plan: 'BASIC', code: 'BASIC-M', price: '100' },
    { plan: 'PLUS', code: 'PLUS-M', price: '200' },
    { plan: 'PLUS', code: 'PLUS-EUR', price: '30', currency: 'EUR' },
    { plan: 'PLUS', code: 'PLUS-OLD', price: '150' },
    { plan: 'SPA', code: 'SPA-M', price: '300' },
  ];
  for (const { plan, code, price, currency } of made) {
    const res = await merchant('POST', '/api/v1/plan-terms/', {
      plan,
      code,
      name: code,
      price,
      interval: 'month',
      ...(currency ? { currency } : {}),
    });
    expect(res.statusCode, res.body).toBe(201);
    terms[code] = res.json().uuid;
  }
  expect((await merchant('DELETE', '/api/v1/plan-terms/PLUS-OLD/')).statusCode).toBeLessThan(300);
  for (const code of ['ONE', 'TWO']) {
    const account = await merchant('POST', '/api/v1/accounts/', {
      code,
      name: `Customer ${code}`,
      email: `${code.toLowerCase()}@example.com`,
      language: 'en',
    });
    expect(account.statusCode, account.body).toBe(201);
    const subscription = await merchant('POST', '/api/v1/subscriptions/', {
      account: code,
      terms: 'BASIC-M',
      start_date: '2025-01-01',
    });
    expect(subscription.statusCode, subscription.body).toBe(201);
    subscriptions[code] = subscription.json().uuid;
  }
});
afterAll(async () => {
  await t?.close();
});

describe('plan options', () => {
  it('offers the live terms of the plan group in the subscription’s currency, the current marked', async () => {
    const call = await signIn('ONE');
    const res = await call('GET', `${base('ONE')}/plan-options/`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results).toEqual([
      expect.objectContaining({ uuid: terms['BASIC-M'], price: '100.00', current: true }),
      expect.objectContaining({
        uuid: terms['PLUS-M'],
        plan: { uuid: expect.any(String), name: 'Plus' },
        price: '200.00',
        current: false,
      }),
    ]);
  });

  it('answers 404 for another account’s subscription and 401 without a session', async () => {
    const call = await signIn('TWO');
    expect((await call('GET', `${base('ONE')}/plan-options/`)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${base('ONE')}/plan-options/` })).statusCode).toBe(401);
  });
});

describe('changing the quantity', () => {
  it('prices the change first and changes nothing, then commits it as the merchant sees', async () => {
    const call = await signIn('ONE');
    const preview = await call('POST', `${base('ONE')}/orders/preview/`, { quantity: 3 });
    expect(preview.statusCode, preview.body).toBe(201);
    const order = preview.json();
    expect(order).toMatchObject({ type: 'change_quantity', status: 'preview', effective_date: '2025-01-01' });
    expect(order.lines.length).toBeGreaterThan(0);
    expect(Number(order.total)).toBeGreaterThan(0);
    expect(order.vat.length).toBeGreaterThan(0);
    expect((await merchant('GET', `/api/v1/subscriptions/${subscriptions.ONE}/`)).json().quantity).toBe(1);

    const done = await call('POST', `${base('ONE')}/orders/${order.uuid}/commit/`, {});
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe('committed');
    expect((await merchant('GET', `/api/v1/subscriptions/${subscriptions.ONE}/`)).json().quantity).toBe(3);
    expect((await merchant('GET', `/api/v1/orders/${order.uuid}/`)).json().status).toBe('committed');
    const audit = (await merchant('GET', '/api/v1/audit-log/?client_system=self-service')).json().results;
    expect(
      audit.some(
        (e: { action: string; user: string }) => e.action === 'order.committed' && e.user === 'account:ONE',
      ),
    ).toBe(true);
    // Committed once: a second confirmation is refused.
    const again = await call('POST', `${base('ONE')}/orders/${order.uuid}/commit/`);
    expect(again.statusCode).toBe(409);
  });

  it('names the field of a bad quantity or an unchanged one, and makes no order', async () => {
    const call = await signIn('TWO');
    const before = (await ordersOf('TWO')).length;
    const zero = await call('POST', `${base('TWO')}/orders/preview/`, { quantity: 0 });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors[0].field).toBe('quantity');
    const same = await call('POST', `${base('TWO')}/orders/preview/`, { quantity: 1 });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors[0]).toMatchObject({ field: 'quantity', code: 'unchanged' });
    expect(await ordersOf('TWO')).toHaveLength(before);
  });
});

describe('changing plan terms', () => {
  it('moves to another plan of the group, priced first', async () => {
    const call = await signIn('TWO');
    const preview = await call('POST', `${base('TWO')}/orders/preview/`, { terms: terms['PLUS-M'] });
    expect(preview.statusCode, preview.body).toBe(201);
    expect(preview.json()).toMatchObject({ type: 'change_terms', status: 'preview' });
    expect((await merchant('GET', `/api/v1/subscriptions/${subscriptions.TWO}/`)).json().terms).toBe(
      terms['BASIC-M'],
    );
    const done = await call('POST', `${base('TWO')}/orders/${preview.json().uuid}/commit/`);
    expect(done.statusCode, done.body).toBe(200);
    expect((await merchant('GET', `/api/v1/subscriptions/${subscriptions.TWO}/`)).json().terms).toBe(
      terms['PLUS-M'],
    );
  });

  it('refuses terms the portal does not offer, naming the field', async () => {
    const call = await signIn('ONE');
    const before = (await ordersOf('ONE')).length;
    for (const code of ['SPA-M', 'PLUS-EUR', 'PLUS-OLD']) {
      const res = await call('POST', `${base('ONE')}/orders/preview/`, { terms: terms[code] });
      expect(res.statusCode, code).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ field: 'terms', code: 'not_offered' });
    }
    expect(await ordersOf('ONE')).toHaveLength(before);
  });
});

describe('who may change what', () => {
  it('lets no one commit another account’s order, nor one the merchant priced with its own timing', async () => {
    const one = await signIn('ONE');
    const two = await signIn('TWO');
    const order = (await one('POST', `${base('ONE')}/orders/preview/`, { quantity: 5 })).json();
    expect((await two('POST', `${base('ONE')}/orders/${order.uuid}/commit/`)).statusCode).toBe(404);
    expect((await two('POST', `${base('TWO')}/orders/${order.uuid}/commit/`)).statusCode).toBe(404);
    expect((await two('POST', `${base('ONE')}/orders/preview/`, { quantity: 7 })).statusCode).toBe(404);
    const merchants = await merchant('POST', '/api/v1/orders/', {
      type: 'change_quantity',
      subscription: subscriptions.ONE,
      quantity: 9,
      effective: 'period_end',
    });
    expect(merchants.statusCode, merchants.body).toBe(201);
    expect((await one('POST', `${base('ONE')}/orders/${merchants.json().uuid}/commit/`)).statusCode).toBe(
      404,
    );
    expect((await merchant('GET', `/api/v1/subscriptions/${subscriptions.ONE}/`)).json().quantity).toBe(3);
    expect((await merchant('GET', `/api/v1/orders/${order.uuid}/`)).json().status).toBe('preview');
  });

  it('answers 401 without a session and 403 without the CSRF token', async () => {
    const one = await signIn('ONE');
    const order = (await one('POST', `${base('ONE')}/orders/preview/`, { quantity: 4 })).json();
    const bare = await t.app.inject({ method: 'POST', url: `${base('ONE')}/orders/preview/`, payload: {} });
    expect(bare.statusCode).toBe(401);
    const noCsrf = await one(
      'POST',
      `${base('ONE')}/orders/${order.uuid}/commit/`,
      {},
      { 'x-csrf-token': 'x' },
    );
    expect(noCsrf.statusCode).toBe(403);
    expect((await merchant('GET', `/api/v1/orders/${order.uuid}/`)).json().status).toBe('preview');
  });

  it('refuses every step when the organization does not offer plan changes', async () => {
    const one = await signIn('ONE');
    const order = (await one('POST', `${base('ONE')}/orders/preview/`, { quantity: 6 })).json();
    await merchant('PATCH', '/api/v1/organization/', { portal_plan_change: false });
    try {
      for (const [method, url] of [
        ['GET', `${base('ONE')}/plan-options/`],
        ['POST', `${base('ONE')}/orders/preview/`],
        ['POST', `${base('ONE')}/orders/${order.uuid}/commit/`],
      ] as const) {
        const body = url.endsWith('preview/') ? { quantity: 2 } : method === 'POST' ? {} : undefined;
        const res = await one(method, url, body);
        expect(res.statusCode, url).toBe(403);
        expect(res.json().code).toBe('action_disabled');
      }
      expect((await merchant('GET', `/api/v1/subscriptions/${subscriptions.ONE}/`)).json().quantity).toBe(3);
    } finally {
      await merchant('PATCH', '/api/v1/organization/', { portal_plan_change: true });
    }
  });

  it('leaves the order for approval when the organization approves orders first', async () => {
    await merchant('PATCH', '/api/v1/organization/', { order_approval_required: true });
    try {
      const one = await signIn('ONE');
      const order = (await one('POST', `${base('ONE')}/orders/preview/`, { quantity: 8 })).json();
      const done = await one('POST', `${base('ONE')}/orders/${order.uuid}/commit/`);
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().status).toBe('pending_approval');
      expect((await merchant('GET', `/api/v1/subscriptions/${subscriptions.ONE}/`)).json().quantity).toBe(3);
    } finally {
      await merchant('PATCH', '/api/v1/organization/', { order_approval_required: false });
    }
  });

  it('shows a customer of another organization nothing of ours', async () => {
    const other = await createTestOrganization(t.services);
    const otherCall = (method: Method, url: string, payload?: object) =>
      t.app.inject({ method, url, headers: authHeaders(other.tokens.full), ...(payload ? { payload } : {}) });
    await otherCall('PATCH', '/api/v1/organization/', { portal_plan_change: true });
    await otherCall('POST', '/api/v1/accounts/', { code: 'X', name: 'X', email: 'x@example.com' });
    const link = await otherCall('POST', '/api/self-service/initiate-organization/', {
      email: 'x@example.com',
    });
    const opened = await t.app.inject({
      url: new URL(link.json().url).pathname + new URL(link.json().url).search,
    });
    const cookie = /kassa_portal=([^;]*)/.exec(String(opened.headers['set-cookie']))?.[1];
    const headers = { cookie: `kassa_portal=${cookie}` };
    const csrf = (await t.app.inject({ url: '/api/self-service/session/', headers })).json().csrf_token;
    const one = await signIn('ONE');
    const order = (await one('POST', `${base('ONE')}/orders/preview/`, { quantity: 2 })).json();
    const write = { ...headers, 'x-csrf-token': csrf };
    expect((await t.app.inject({ url: `${base('ONE')}/plan-options/`, headers })).statusCode).toBe(404);
    const preview = await t.app.inject({
      method: 'POST',
      url: `${base('ONE')}/orders/preview/`,
      headers: write,
      payload: { quantity: 2 },
    });
    expect(preview.statusCode).toBe(404);
    const commit = await t.app.inject({
      method: 'POST',
      url: `${base('ONE')}/orders/${order.uuid}/commit/`,
      headers: write,
    });
    expect(commit.statusCode).toBe(404);
    expect((await merchant('GET', `/api/v1/orders/${order.uuid}/`)).json().status).toBe('preview');
  });
});
