import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, draftsOf, expectNothingLeftToBill } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const post = (url: string, payload: object = {}) =>
  t.app.inject({ method: 'POST', url, headers: authHeaders(t.org.tokens.full), payload });

async function changeNow(subscription: string, payload: object) {
  const preview = await post('/api/v1/orders/', { subscription, effective: 'immediately', ...payload });
  expect(preview.statusCode, preview.body).toBe(201);
  const committed = await post(`/api/v1/orders/${preview.json().uuid}/commit/`);
  expect(committed.statusCode, committed.body).toBe(200);
  return preview.json();
}

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await post('/api/v1/plans/', { code: 'SEATS', name: 'Seats' });
  await post('/api/v1/plan-terms/', {
    plan: 'SEATS',
    code: 'MONTH',
    name: 'Seat',
    price: '100',
    interval: 'month',
  });
  await post('/api/v1/plan-terms/', {
    plan: 'SEATS',
    code: 'YEAR',
    name: 'Seat, yearly',
    price: '1000',
    interval: 'year',
  });
  await post('/api/v1/plan-terms/', {
    plan: 'SEATS',
    code: 'TRIAL',
    name: 'Seat, trial first',
    price: '100',
    interval: 'month',
    trial_days: 14,
  });
  for (const code of ['UP', 'DOWN', 'YEARLY', 'TRIALIST'])
    await post('/api/v1/accounts/', { code, name: code, email: `${code.toLowerCase()}@example.com` });
});
afterAll(async () => t.close());

/** The net of the lines of an account's open draft for a period start, in major units. */
async function netFrom(account: string, from: string) {
  const [draft] = await draftsOf(t, account);
  return draft!.lines
    .filter((l) => (l.period_start ?? '') >= from)
    .reduce((sum, l) => sum + Number(l.amount), 0);
}

describe('a change on the first day of a period that was billed already', () => {
  it('an increase is charged for the whole period', async () => {
    const sub = (
      await post('/api/v1/subscriptions/', {
        account: 'UP',
        terms: 'MONTH',
        quantity: 1,
        start_date: '2025-01-01',
      })
    ).json().uuid;
    await billOn(t, '2025-02-01');
    const order = await changeNow(sub, { type: 'change_quantity', quantity: 3 });
    expect(order.lines.map((l: { amount: string }) => l.amount)).toEqual(['-100.00', '300.00']);
    await billOn(t, '2025-02-01');
    // February: 100 from the run, then -100 + 300 from the order.
    expect(await netFrom('UP', '2025-02-01')).toBe(300);
    await billOn(t, '2025-03-01');
    expect(await netFrom('UP', '2025-03-01')).toBe(300);
    await expectNothingLeftToBill(t, '2025-03-01');
  });

  it('an immediate decrease is credited for the whole period', async () => {
    t.clock.set('2025-01-01T08:00:00Z');
    const sub = (
      await post('/api/v1/subscriptions/', {
        account: 'DOWN',
        terms: 'MONTH',
        quantity: 4,
        start_date: '2025-01-01',
      })
    ).json().uuid;
    await billOn(t, '2025-02-01');
    await changeNow(sub, { type: 'change_quantity', quantity: 1 });
    await billOn(t, '2025-02-01');
    expect(await netFrom('DOWN', '2025-02-01')).toBe(100);
    await expectNothingLeftToBill(t, '2025-02-01');
  });

  it('a new interval from that day charges its first period through the order, once', async () => {
    t.clock.set('2025-01-01T08:00:00Z');
    const sub = (
      await post('/api/v1/subscriptions/', {
        account: 'YEARLY',
        terms: 'MONTH',
        quantity: 1,
        start_date: '2025-01-01',
      })
    ).json().uuid;
    await billOn(t, '2025-02-01');
    await changeNow(sub, { type: 'change_terms', terms: 'YEAR' });
    await billOn(t, '2025-02-01');
    // February's monthly fee credited, the year from 1 February charged.
    expect(await netFrom('YEARLY', '2025-02-01')).toBe(1000);
    await billOn(t, '2025-06-01');
    expect(await netFrom('YEARLY', '2025-02-01')).toBe(1000);
    await expectNothingLeftToBill(t, '2025-06-01');
  });
});

describe('a new interval chosen during a trial', () => {
  it('starts its first paid period when the trial ends', async () => {
    t.clock.set('2025-01-01T08:00:00Z');
    const sub = (
      await post('/api/v1/subscriptions/', { account: 'TRIALIST', terms: 'TRIAL', start_date: '2025-01-01' })
    ).json().uuid;
    t.clock.set('2025-01-05T08:00:00Z');
    await changeNow(sub, { type: 'change_terms', terms: 'YEAR' });
    await billOn(t, '2025-01-14');
    expect(await draftsOf(t, 'TRIALIST')).toEqual([]);
    await billOn(t, '2025-01-15');
    const [draft] = await draftsOf(t, 'TRIALIST');
    expect(draft!.lines.map((l) => [l.period_start, l.period_end, l.amount])).toEqual([
      ['2025-01-15', '2026-01-15', '1000.00'],
    ]);
    await expectNothingLeftToBill(t, '2025-06-01');
  });
});
