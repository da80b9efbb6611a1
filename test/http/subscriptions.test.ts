import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let monthly: string;
let external: string;
const h = () =>
  authHeaders(t.org.tokens.full, { 'x-client-system': 'YourApp', 'x-user': 'admin@yourapp.com' });
const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: h(), payload });
const get = (url: string) => t.app.inject({ url, headers: authHeaders(t.org.tokens.read) });

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await post('/api/v1/accounts/', {
    code: 'CUST001',
    name: 'Acme Corporation',
    email: 'billing@acme.com',
    type: 'company',
    legal_country: 'DK',
  });
  await post('/api/v1/plans/', { code: 'SEATS', name: 'Seats' });
  monthly = (
    await post('/api/v1/plan-terms/', {
      plan: 'SEATS',
      price: '100',
      currency: 'DKK',
      interval: 'month',
      interval_count: 1,
    })
  ).json().uuid;
  await post('/api/v1/plan-terms/', {
    plan: 'SEATS',
    price: '100',
    interval: 'month',
    trial_days: 14,
    code: 'TRIAL',
  });
  await post('/api/v1/plan-terms/', { plan: 'SEATS', price: '500', punch_card_entries: 10, code: 'CARD10' });
  external = (
    await post('/api/v1/plan-terms/', {
      plan: 'SEATS',
      price: '100',
      interval: 'month',
      externally_managed: true,
    })
  ).json().uuid;
});
afterAll(async () => t.close());

describe('seed 000 step 4', () => {
  it('creates the subscription with the fields the seed shows', async () => {
    const res = await post('/api/v1/subscriptions/', {
      account: 'CUST001',
      terms: monthly,
      quantity: 5,
      collection_method: 'card',
      start_date: '2025-01-01',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      account: 'CUST001',
      terms: monthly,
      quantity: 5,
      collection_method: 'card',
      status: 'active',
      current_period_start: '2025-01-01',
      current_period_end: '2025-02-01',
    });
  });
});

describe('periods and statuses', () => {
  it('anchors on the start day and clamps at month end: 31 Jan, 28 Feb, 31 Mar', async () => {
    const sub = (
      await post('/api/v1/subscriptions/', { account: 'CUST001', terms: monthly, start_date: '2025-01-31' })
    ).json();
    expect([sub.current_period_start, sub.current_period_end]).toEqual(['2025-01-31', '2025-02-28']);
    t.clock.set('2025-03-15T12:00:00Z');
    const march = (await get(`/api/v1/subscriptions/${sub.uuid}/`)).json();
    expect([march.current_period_start, march.current_period_end]).toEqual(['2025-02-28', '2025-03-31']);
    t.clock.set('2025-04-30T12:00:00Z');
    const april = (await get(`/api/v1/subscriptions/${sub.uuid}`)).json();
    expect([april.current_period_start, april.current_period_end]).toEqual(['2025-04-30', '2025-05-31']);
    t.clock.set('2025-01-01T08:00:00Z');
  });

  it('keeps the month-end anchor over a whole year, leap day included', async () => {
    const sub = (
      await post('/api/v1/subscriptions/', { account: 'CUST001', terms: monthly, start_date: '2024-01-31' })
    ).json();
    const ends: string[] = [];
    for (let month = 1; month <= 12; month++) {
      t.clock.set(`2024-${String(month).padStart(2, '0')}-15T12:00:00Z`);
      ends.push((await get(`/api/v1/subscriptions/${sub.uuid}`)).json().current_period_end);
    }
    // On 15 January it has not started: its first period is shown.
    expect(ends).toEqual([
      '2024-02-29',
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
      '2024-05-31',
      '2024-06-30',
      '2024-07-31',
      '2024-08-31',
      '2024-09-30',
      '2024-10-31',
      '2024-11-30',
      '2024-12-31',
    ]);
    t.clock.set('2025-01-01T08:00:00Z');
  });

  it('a trial is its own first period, and billing periods anchor on its end', async () => {
    const sub = (
      await post('/api/v1/subscriptions/', { account: 'CUST001', terms: 'TRIAL', start_date: '2025-01-01' })
    ).json();
    expect(sub).toMatchObject({
      status: 'trialing',
      trial_end: '2025-01-15',
      current_period_start: '2025-01-01',
      current_period_end: '2025-01-15',
    });
    t.clock.set('2025-01-20T12:00:00Z');
    const after = (await get(`/api/v1/subscriptions/${sub.uuid}`)).json();
    expect(after).toMatchObject({
      status: 'active',
      current_period_start: '2025-01-15',
      current_period_end: '2025-02-15',
    });
    const listed = (await get('/api/v1/subscriptions/?status=active&terms=TRIAL')).json();
    expect(listed.results.map((s: { uuid: string }) => s.uuid)).toContain(sub.uuid);
    t.clock.set('2025-01-01T08:00:00Z');
    const trialing = (await get('/api/v1/subscriptions/?status=trialing')).json();
    expect(trialing.results.map((s: { uuid: string }) => s.uuid)).toEqual([sub.uuid]);
  });

  it('defaults: quantity 1, collection by invoice, starting today in the organization’s time zone', async () => {
    t.clock.set('2025-01-01T23:30:00Z'); // already 2 January in Copenhagen
    const sub = (await post('/api/v1/subscriptions/', { account: 'CUST001', terms: monthly })).json();
    expect(sub).toMatchObject({ quantity: 1, collection_method: 'invoice', start_date: '2025-01-02' });
    t.clock.set('2025-01-01T08:00:00Z');
  });
});

describe('refusals', () => {
  it.each([
    [{ account: 'NOBODY', terms: 'x' }, 'account'],
    [{ account: 'CUST001', terms: 'NO-TERMS' }, 'terms'],
    [{ account: 'CUST001', terms: 'CARD10' }, 'terms'],
    [{ account: 'CUST001', terms: 'TRIAL', quantity: 0 }, 'quantity'],
    [{ account: 'CUST001', terms: 'TRIAL', collection_method: 'cash' }, 'collection_method'],
    [{ account: 'CUST001', terms: 'TRIAL', start_date: '2025-02-30' }, 'start_date'],
    [{ account: 'CUST001', terms: 'TRIAL', status: 'active' }, 'status'],
  ])('%j names %s', async (payload, field) => {
    const res = await post('/api/v1/subscriptions/', payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses externally managed terms with 409', async () => {
    const res = await post('/api/v1/subscriptions/', { account: 'CUST001', terms: external });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('externally_managed');
  });

  it('keeps the account from being archived while a subscription runs', async () => {
    await post('/api/v1/accounts/', { code: 'BUSY', name: 'Busy', email: 'b@example.com' });
    await post('/api/v1/subscriptions/', { account: 'BUSY', terms: monthly });
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/accounts/BUSY', headers: h() });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('account_in_use');
  });
});

describe('components', () => {
  it('adds a recurring and a metered component, and refuses a second of the same or a foreign currency', async () => {
    const sub = (
      await post('/api/v1/subscriptions/', { account: 'CUST001', terms: monthly, start_date: '2025-01-01' })
    ).json();
    await post('/api/v1/components/', { code: 'EXTRA', name: 'Extra seat', kind: 'recurring', price: '20' });
    await post('/api/v1/components/', {
      code: 'CALLS',
      name: 'API calls',
      kind: 'metered',
      price_model: { model: 'per_unit', unit_price: '0.01' },
    });
    await post('/api/v1/components/', {
      code: 'EURO',
      name: 'Euro add-on',
      kind: 'recurring',
      price: '2',
      currency: 'EUR',
    });
    const extra = await post(`/api/v1/subscriptions/${sub.uuid}/components/`, {
      component: 'EXTRA',
      quantity: 3,
    });
    expect(extra.statusCode, extra.body).toBe(201);
    expect(extra.json()).toMatchObject({ quantity: 3, start_date: '2025-01-01', end_date: null });
    const calls = await post(`/api/v1/subscriptions/${sub.uuid}/components/`, { component: 'CALLS' });
    expect(calls.json().quantity).toBeNull();
    expect(
      (await post(`/api/v1/subscriptions/${sub.uuid}/components/`, { component: 'EXTRA' })).json().errors[0]
        .code,
    ).toBe('duplicate');
    expect(
      (await post(`/api/v1/subscriptions/${sub.uuid}/components/`, { component: 'EURO' })).json().errors[0]
        .code,
    ).toBe('currency');
    expect(
      (
        await post(`/api/v1/subscriptions/${sub.uuid}/components/`, { component: 'CALLS', quantity: 2 })
      ).json().errors[0].field,
    ).toBe('quantity');
    const listed = (await get(`/api/v1/subscriptions/${sub.uuid}/components/`)).json();
    expect(listed.results).toHaveLength(2);
  });
});
