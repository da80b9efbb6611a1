import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const h = () => authHeaders(t.org.tokens.full);
const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: h(), payload });
const get = (url: string) => t.app.inject({ url, headers: authHeaders(t.org.tokens.read) });

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await post('/api/v1/accounts/', { code: 'GYM', name: 'Member', email: 'm@example.com', type: 'person' });
  await post('/api/v1/plans/', { code: 'ANNUAL', name: 'Annual membership' });
  await post('/api/v1/plan-terms/', {
    plan: 'ANNUAL',
    code: 'ANNUAL-12',
    price: '3600',
    interval: 'year',
    minimum_term: 'P12M',
    notice_period: 'P3M',
  });
  await post('/api/v1/plan-terms/', { plan: 'ANNUAL', code: 'SEAT', price: '100', interval: 'month' });
});
afterAll(async () => t.close());

describe('cancellation preview and end', () => {
  it('previews the earliest end on several notice days, and refuses an earlier end unless forced', async () => {
    const sub = (
      await post('/api/v1/subscriptions/', { account: 'GYM', terms: 'ANNUAL-12', start_date: '2025-01-01' })
    ).json();
    const preview = async (notice: string) =>
      (await get(`/api/v1/subscriptions/${sub.uuid}/cancellation-preview/?notice_date=${notice}`)).json();
    expect(await preview('2025-06-15')).toMatchObject({
      earliest_end_date: '2026-01-01',
      next_possible_end_date: '2027-01-01',
      minimum_term: 'P12M',
      minimum_term_end: '2026-01-01',
      notice_period: 'P3M',
      notice_rule: 'end_of_term',
    });
    expect((await preview('2025-10-02')).earliest_end_date).toBe('2027-01-01');
    expect((await get(`/api/v1/subscriptions/${sub.uuid}/cancellation-preview/`)).json().notice_date).toBe(
      '2025-01-01',
    );

    const early = await post(`/api/v1/subscriptions/${sub.uuid}/end/`, { end_date: '2025-07-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0]).toMatchObject({ field: 'end_date', code: 'too_early' });
    expect(early.json().detail).toContain('2026-01-01');

    const ok = await post(`/api/v1/subscriptions/${sub.uuid}/end/`, { end_date: '2026-01-01' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'ending', end_date: '2026-01-01', notice_date: '2025-01-01' });

    t.clock.set('2026-01-01T12:00:00Z');
    const ended = (await get(`/api/v1/subscriptions/${sub.uuid}`)).json();
    expect(ended).toMatchObject({
      status: 'ended',
      current_period_start: '2025-01-01',
      current_period_end: '2026-01-01',
    });
    const again = await post(`/api/v1/subscriptions/${sub.uuid}/end/`, { end_date: '2027-01-01' });
    expect(again.statusCode).toBe(409);
    t.clock.set('2025-01-01T08:00:00Z');
  });

  it('ends earlier when forced, and the audit log says so', async () => {
    const sub = (
      await post('/api/v1/subscriptions/', { account: 'GYM', terms: 'ANNUAL-12', start_date: '2025-01-01' })
    ).json();
    const forced = await post(`/api/v1/subscriptions/${sub.uuid}/end/`, {
      end_date: '2025-03-01',
      force: true,
    });
    expect(forced.json()).toMatchObject({
      status: 'ending',
      end_date: '2025-03-01',
      current_period_end: '2025-03-01',
    });
    const log = (
      await get(`/api/v1/audit-log/?entity_id=${sub.uuid}&action=subscription.end_scheduled`)
    ).json();
    expect(log.results[0].after).toMatchObject({ forced: true, earliest_end_date: '2026-01-01' });
  });

  it.each([
    [{ end_date: '2024-12-31' }, 'end_date'],
    [{ end_date: '2025-13-01' }, 'end_date'],
    [{}, 'end_date'],
    [{ end_date: '2026-01-01', force: 'yes' }, 'force'],
  ])('refuses %j', async (payload, field) => {
    const sub = (
      await post('/api/v1/subscriptions/', { account: 'GYM', terms: 'ANNUAL-12', start_date: '2025-01-01' })
    ).json();
    const res = await post(`/api/v1/subscriptions/${sub.uuid}/end/`, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe(field);
  });
});

describe('overview', () => {
  it('shows the terms, the contract tier the quantity reaches (15 % from 10), and current components', async () => {
    const contract = (
      await post('/api/v1/accounts/GYM/contracts/', {
        plan_terms: 'SEAT',
        start_date: '2025-01-01',
        end_date: '2025-12-31',
      })
    ).json();
    await post(`/api/v1/accounts/GYM/contracts/${contract.uuid}/tiers/`, {
      minimum_quantity: 10,
      discount: '15.00',
      discount_type: 'percentage',
    });
    const nine = (
      await post('/api/v1/subscriptions/', {
        account: 'GYM',
        terms: 'SEAT',
        quantity: 9,
        start_date: '2025-01-01',
      })
    ).json();
    expect((await get(`/api/v1/subscriptions/${nine.uuid}/overview/`)).json().discount).toBeNull();
    const ten = (
      await post('/api/v1/subscriptions/', {
        account: 'GYM',
        terms: 'SEAT',
        quantity: 10,
        start_date: '2025-01-01',
      })
    ).json();
    await post('/api/v1/components/', {
      code: 'TOWEL',
      name: 'Towel service',
      kind: 'recurring',
      price: '49',
    });
    await post(`/api/v1/subscriptions/${ten.uuid}/components/`, { component: 'TOWEL', quantity: 2 });
    const overview = (await get(`/api/v1/subscriptions/${ten.uuid}/overview/`)).json();
    expect(overview.plan_terms).toMatchObject({ price: '100.00', interval: 'month' });
    expect(overview.discount).toEqual({
      contract: contract.uuid,
      minimum_quantity: 10,
      discount: '15.00',
      discount_type: 'percentage',
    });
    expect(overview.components).toEqual([
      expect.objectContaining({ code: 'TOWEL', quantity: 2, price: '49.00' }),
    ]);
    t.clock.set('2026-01-15T12:00:00Z');
    expect((await get(`/api/v1/subscriptions/${ten.uuid}/overview/`)).json().discount).toBeNull();
    t.clock.set('2025-01-01T08:00:00Z');
  });
});
