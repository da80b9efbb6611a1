import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, draftsOf, expectNothingLeftToBill } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// Issue 11: notice counted "3 Monate zum Monatsende" as German contracts count it (BGB §§ 187, 188).
// Notice received on 1 April: the day of receipt is not counted, the three months end with 1 July, and
// the contract with the end of July. The older end_of_month rule counts the notice day and allows the
// end of June.

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
  expect((await post('/api/v1/plans/', { code: 'GYM', name: 'Fitnessstudio' })).statusCode).toBe(201);
  for (const [code, rule] of [
    ['BGB', 'months_to_month_end'],
    ['EOM', 'end_of_month'],
  ] as const) {
    const terms = await post('/api/v1/plan-terms/', {
      plan: 'GYM',
      code,
      name: code,
      price: '100',
      interval: 'month',
      notice_period: 'P3M',
      notice_rule: rule,
    });
    expect(terms.statusCode, terms.body).toBe(201);
    expect(terms.json().notice_rule).toBe(rule);
  }
});
afterAll(async () => t.close());

async function subscribe(account: string, terms: string) {
  t.clock.set('2025-01-01T08:00:00Z');
  await post('/api/v1/accounts/', {
    code: account,
    name: account,
    email: `${account.toLowerCase()}@example.de`,
  });
  const sub = await post('/api/v1/subscriptions/', { account, terms, start_date: '2025-01-01' });
  expect(sub.statusCode, sub.body).toBe(201);
  return sub.json().uuid as string;
}

describe('notice "3 months to the end of a month" (months_to_month_end)', () => {
  it('refuses a rule that does not exist, naming the field, and creates nothing', async () => {
    const bad = await post('/api/v1/plan-terms/', {
      plan: 'GYM',
      code: 'BAD',
      price: '100',
      interval: 'month',
      notice_rule: 'bgb',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('notice_rule');
    const found = await t.app.inject({
      url: '/api/v1/plan-terms/BAD/',
      headers: authHeaders(t.org.tokens.read),
    });
    expect(found.statusCode).toBe(404);
  });

  it('notice on 1 April ends with July (end_of_month: June); the end is kept and billed to it', async () => {
    const bgb = await subscribe('KUNDE-BGB', 'BGB');
    const eom = await subscribe('KUNDE-EOM', 'EOM');
    t.clock.set('2025-04-01T09:00:00Z');
    const preview = await get(`/api/v1/subscriptions/${bgb}/cancellation-preview/?notice_date=2025-04-01`);
    expect(preview).toMatchObject({
      notice_date: '2025-04-01',
      notice_period: 'P3M',
      notice_rule: 'months_to_month_end',
      earliest_end_date: '2025-08-01',
      next_possible_end_date: '2025-09-01',
    });
    const other = await get(`/api/v1/subscriptions/${eom}/cancellation-preview/?notice_date=2025-04-01`);
    expect(other.earliest_end_date).toBe('2025-07-01');
    // Notice on 31 March is in time for June under both rules.
    const inTime = await get(`/api/v1/subscriptions/${bgb}/cancellation-preview/?notice_date=2025-03-31`);
    expect(inTime.earliest_end_date).toBe('2025-07-01');

    const early = await post(`/api/v1/subscriptions/${bgb}/end/`, { end_date: '2025-07-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0]).toMatchObject({ field: 'end_date', code: 'too_early' });
    expect(early.json().detail).toContain('2025-08-01');
    const ended = await post(`/api/v1/subscriptions/${bgb}/end/`, { end_date: '2025-08-01' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({
      status: 'ending',
      end_date: '2025-08-01',
      notice_date: '2025-04-01',
    });

    // Billed monthly in advance from January to July: seven months, nothing from August.
    for (const day of [
      '2025-01-01',
      '2025-02-01',
      '2025-03-01',
      '2025-04-01',
      '2025-05-01',
      '2025-06-01',
      '2025-07-01',
    ])
      await billOn(t, day);
    await billOn(t, '2025-08-01');
    await expectNothingLeftToBill(t, '2025-08-01');
    const lines = (await draftsOf(t, 'KUNDE-BGB')).flatMap((d) => d.lines);
    expect(
      lines
        .map((l) => l.amount)
        .reduce((sum, a) => sum.plus(a), new Decimal(0))
        .toFixed(2),
    ).toBe('700.00');
    expect(
      lines
        .map((l) => l.period_end)
        .sort()
        .at(-1),
    ).toBe('2025-08-01');
    expect((await get(`/api/v1/subscriptions/${bgb}/`)).status).toBe('ended');
  });
});
