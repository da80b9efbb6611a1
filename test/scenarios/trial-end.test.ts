import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, draftsOf, expectNothingLeftToBill } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// Issue 11, a rule: a subscription ended during its free trial ends at the trial's end with nothing
// billed (as Stripe and Chargebee), unless a minimum term binds the customer to paid periods.

let t: TestApp;
const post = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: authHeaders(t.org.tokens.full), payload });
const get = async (url: string) => {
  const res = await t.app.inject({ url, headers: authHeaders(t.org.tokens.read) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await post('/api/v1/plans/', { code: 'P', name: 'Plan' });
  const common = { plan: 'P', price: '300', interval: 'month', trial_days: 14, notice_period: 'P1M' };
  for (const terms of [
    { ...common, code: 'TRIAL' },
    { ...common, code: 'TRIAL-MIN', minimum_term: 'P3M' },
  ])
    expect((await post('/api/v1/plan-terms/', { ...terms, notice_rule: 'end_of_month' })).statusCode).toBe(
      201,
    );
});
afterAll(async () => t.close());

async function subscribe(account: string, terms: string) {
  t.clock.set('2025-01-01T08:00:00Z');
  await post('/api/v1/accounts/', {
    code: account,
    name: account,
    email: `${account.toLowerCase()}@example.com`,
  });
  const sub = await post('/api/v1/subscriptions/', { account, terms, start_date: '2025-01-01' });
  expect(sub.json().trial_end).toBe('2025-01-15');
  return sub.json().uuid as string;
}

describe('ending during a free trial', () => {
  it('ends at the trial end with nothing billed', async () => {
    const sub = await subscribe('TRIAL-END', 'TRIAL');
    t.clock.set('2025-01-05T09:00:00Z');
    const preview = await get(`/api/v1/subscriptions/${sub}/cancellation-preview/`);
    // The trial's end; after it, the usual rule: 2025-01-15 (first paid day) + P1M = 2025-02-15, then
    // the first 1st of a month on or after it.
    expect(preview).toMatchObject({ earliest_end_date: '2025-01-15', next_possible_end_date: '2025-03-01' });
    const ended = await post(`/api/v1/subscriptions/${sub}/end/`, { end_date: '2025-01-15' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ending', end_date: '2025-01-15' });
    await billOn(t, '2025-01-15');
    await billOn(t, '2025-02-15');
    await expectNothingLeftToBill(t, '2025-02-15');
    expect(await draftsOf(t, 'TRIAL-END')).toEqual([]);
    expect((await get(`/api/v1/subscriptions/${sub}/`)).status).toBe('ended');
  });

  it('with a minimum term, the paid periods it binds are owed', async () => {
    const sub = await subscribe('TRIAL-MIN', 'TRIAL-MIN');
    t.clock.set('2025-01-05T09:00:00Z');
    const preview = await get(`/api/v1/subscriptions/${sub}/cancellation-preview/`);
    // 2025-01-15 + P3M = 2025-04-15 is after the notice (2025-02-15): the next 1st, 2025-05-01.
    expect(preview).toMatchObject({ earliest_end_date: '2025-05-01', minimum_term_end: '2025-04-15' });
    const early = await post(`/api/v1/subscriptions/${sub}/end/`, { end_date: '2025-01-15' });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0]).toMatchObject({ field: 'end_date', code: 'too_early' });
  });
});
