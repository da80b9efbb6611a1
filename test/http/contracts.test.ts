import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let termsUuid: string;
const headers = () =>
  authHeaders(t.org.tokens.full, { 'x-client-system': 'YourApp', 'content-type': 'application/json' });

beforeAll(async () => {
  t = await createTestApp();
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/',
    headers: headers(),
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
  const plan = await t.app.inject({
    method: 'POST',
    url: '/api/v1/plans/',
    headers: headers(),
    payload: { code: 'PRO', name: 'Pro' },
  });
  const terms = await t.app.inject({
    method: 'POST',
    url: '/api/v1/plan-terms/',
    headers: headers(),
    payload: {
      plan: plan.json().uuid,
      price: '100.00',
      currency: 'DKK',
      interval: 'month',
      interval_count: 1,
    },
  });
  termsUuid = terms.json().uuid;
});
afterAll(async () => t.close());

const post = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: headers(), payload });

describe('seed 000 step 2: contracts with discount tiers', () => {
  it('creates the contract and its 15 % tier from quantity 10, exactly as the seed sends them', async () => {
    const contract = await post('/api/v1/accounts/CUST001/contracts/', {
      plan_terms: termsUuid,
      start_date: '2025-01-01',
      end_date: '2025-12-31',
    });
    expect(contract.statusCode, contract.body).toBe(201);
    const body = contract.json();
    expect(body).toMatchObject({
      plan_terms: termsUuid,
      start_date: '2025-01-01',
      end_date: '2025-12-31',
      tiers: [],
    });
    expect(body.uuid).toMatch(/^[0-9a-f-]{36}$/);
    const tier = await post(`/api/v1/accounts/CUST001/contracts/${body.uuid}/tiers/`, {
      minimum_quantity: 10,
      discount: '15.00',
      discount_type: 'percentage',
    });
    expect(tier.statusCode).toBe(201);
    expect(tier.json().tiers).toEqual([
      expect.objectContaining({ minimum_quantity: 10, discount: '15.00', discount_type: 'percentage' }),
    ]);
    const got = await t.app.inject({
      url: `/api/v1/accounts/${body.account}/contracts/${body.uuid}`,
      headers: authHeaders(t.org.tokens.read),
    });
    expect(got.json().tiers).toHaveLength(1);
  });

  it('refuses an overlapping contract on the same plan terms, and one ending before it starts', async () => {
    const overlap = await post('/api/v1/accounts/CUST001/contracts/', {
      plan_terms: termsUuid,
      start_date: '2025-06-01',
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().errors[0]).toMatchObject({ field: 'start_date', code: 'overlap' });
    const backwards = await post('/api/v1/accounts/CUST001/contracts/', {
      plan_terms: termsUuid,
      start_date: '2027-02-01',
      end_date: '2027-01-01',
    });
    expect(backwards.json().errors[0].field).toBe('end_date');
    const next = await post('/api/v1/accounts/CUST001/contracts/', {
      plan_terms: termsUuid,
      start_date: '2026-01-01',
    });
    expect(next.statusCode).toBe(201);
  });

  it.each([
    [{ plan_terms: 'NOPE', start_date: '2030-01-01' }, 'plan_terms'],
    [{ plan_terms: 'x', start_date: '2030-02-30' }, 'start_date'],
    [{ start_date: '2030-01-01' }, 'plan_terms'],
    [{ plan_terms: 'x', start_date: '2030-01-01', discount: '5' }, 'discount'],
  ])('refuses %j naming %s', async (payload, field) => {
    const res = await post('/api/v1/accounts/CUST001/contracts/', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a second tier at the same quantity, a percentage over 100, and bad tier fields', async () => {
    const contract = (
      await post('/api/v1/accounts/CUST001/contracts/', {
        plan_terms: termsUuid,
        start_date: '2020-01-01',
        end_date: '2020-12-31',
      })
    ).json();
    const url = `/api/v1/accounts/CUST001/contracts/${contract.uuid}/tiers/`;
    expect(
      (await post(url, { minimum_quantity: 5, discount: '10', discount_type: 'amount' })).statusCode,
    ).toBe(201);
    expect(
      (await post(url, { minimum_quantity: 5, discount: '12', discount_type: 'amount' })).json().errors[0]
        .code,
    ).toBe('duplicate');
    expect(
      (await post(url, { minimum_quantity: 20, discount: '101', discount_type: 'percentage' })).json()
        .errors[0].field,
    ).toBe('discount');
    const bad = await post(url, { minimum_quantity: 0, discount: '-1', discount_type: 'fixed' });
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['discount', 'discount_type', 'minimum_quantity']);
  });

  it('moves dates, lists by day, removes tiers and deletes, each audited', async () => {
    const contract = (
      await post('/api/v1/accounts/CUST001/contracts/', {
        plan_terms: termsUuid,
        start_date: '2019-01-01',
        end_date: '2019-06-30',
      })
    ).json();
    const base = `/api/v1/accounts/CUST001/contracts/${contract.uuid}/`;
    const moved = await t.app.inject({
      method: 'PATCH',
      url: base,
      headers: headers(),
      payload: { end_date: '2019-12-31' },
    });
    expect(moved.json().end_date).toBe('2019-12-31');
    const onDay = await t.app.inject({
      url: '/api/v1/accounts/CUST001/contracts/?active_on=2019-09-01',
      headers: authHeaders(t.org.tokens.read),
    });
    expect(onDay.json().results.map((c: { uuid: string }) => c.uuid)).toEqual([contract.uuid]);
    const withTier = (
      await post(`${base}tiers/`, { minimum_quantity: 3, discount: '1', discount_type: 'amount' })
    ).json();
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `${base}tiers/${withTier.tiers[0].uuid}/`,
      headers: headers(),
    });
    expect(removed.json().tiers).toEqual([]);
    const deleted = await t.app.inject({ method: 'DELETE', url: base, headers: headers() });
    expect(deleted.statusCode).toBe(204);
    expect((await t.app.inject({ url: base, headers: authHeaders(t.org.tokens.read) })).statusCode).toBe(404);
    const log = await t.app.inject({
      url: `/api/v1/audit-log/?entity_id=${contract.uuid}`,
      headers: authHeaders(t.org.tokens.read),
    });
    expect(log.json().results.map((e: { action: string }) => e.action)).toEqual([
      'contract.created',
      'contract.updated',
      'contract.updated',
      'contract.updated',
      'contract.deleted',
    ]);
  });

  it('answers 404 for an unknown account', async () => {
    const res = await post('/api/v1/accounts/NOBODY/contracts/', {
      plan_terms: termsUuid,
      start_date: '2030-01-01',
    });
    expect(res.statusCode).toBe(404);
  });
});
