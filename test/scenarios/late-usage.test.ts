import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, draftsOf, expectNothingLeftToBill } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// Issue 11, defect 2: usage that arrives for a period already billed re-rates that period: the line is
// what the period costs with it, less what its usage was billed, one line per period, for every price
// model and aggregation.

let t: TestApp;
const post = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: authHeaders(t.org.tokens.full), payload });

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await post('/api/v1/plans/', { code: 'P', name: 'Platform' });
  await post('/api/v1/plan-terms/', {
    plan: 'P',
    code: 'BASE',
    name: 'Base',
    price: '10',
    interval: 'month',
  });
  const graduated = {
    model: 'graduated',
    tiers: [
      { up_to: 5, unit_price: '5' },
      { up_to: 10, unit_price: '4' },
      { up_to: null, unit_price: '3' },
    ],
  };
  const components: [string, object, string][] = [
    ['API', graduated, 'sum'],
    ['PEAK', { model: 'per_unit', unit_price: '1' }, 'max'],
    ['GAUGE', { model: 'per_unit', unit_price: '1' }, 'last'],
    ['USERS', { model: 'per_unit', unit_price: '1' }, 'unique_count'],
  ];
  for (const [code, price_model, aggregation] of components) {
    const res = await post('/api/v1/components/', {
      code,
      name: code,
      kind: 'metered',
      price_model,
      aggregation,
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => t.close());

async function metered(account: string, component: string) {
  t.clock.set('2025-01-01T08:00:00Z');
  await post('/api/v1/accounts/', {
    code: account,
    name: account,
    email: `${account.toLowerCase()}@example.com`,
  });
  const sub = (
    await post('/api/v1/subscriptions/', { account, terms: 'BASE', start_date: '2025-01-01' })
  ).json().uuid as string;
  expect((await post(`/api/v1/subscriptions/${sub}/components/`, { component })).statusCode).toBe(201);
  return sub;
}

async function record(sub: string, metric: string, quantity: number, at: string, unique_key?: string) {
  const res = await post(`/api/v1/subscriptions/${sub}/usage/`, {
    metric,
    quantity,
    timestamp: at,
    ...(unique_key ? { unique_key } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const usageLines = async (account: string) =>
  (await draftsOf(t, account))
    .flatMap((d) => d.lines)
    .filter((l) => l.source === 'usage')
    .map((l) => [l.period_start, l.period_end, l.quantity, l.amount, l.late]);

const recordsOf = async (sub: string) =>
  (
    await t.app.inject({
      url: `/api/v1/subscriptions/${sub}/usage/`,
      headers: authHeaders(t.org.tokens.read),
    })
  ).json().results as { billed: boolean; late: boolean }[];

describe('late usage re-rates its own period', () => {
  it('graduated: 4 late units on 12 billed cost graduated(16) − graduated(12) = 12.00', async () => {
    const sub = await metered('LATE-GRAD', 'API');
    await record(sub, 'API', 12, '2025-01-10T12:00:00Z');
    await billOn(t, '2025-02-01');
    t.clock.set('2025-02-03T08:00:00Z');
    expect((await record(sub, 'API', 4, '2025-01-25T12:00:00Z')).late).toBe(true);
    await billOn(t, '2025-02-05');
    await expectNothingLeftToBill(t, '2025-02-05');
    // graduated(12) = 5 × 5 + 5 × 4 + 2 × 3 = 51.00; graduated(16) = 25 + 20 + 6 × 3 = 63.00; 63 − 51 = 12.00
    expect(await usageLines('LATE-GRAD')).toEqual([
      ['2025-01-01', '2025-02-01', '12', '51.00', false],
      ['2025-01-01', '2025-02-01', '4', '12.00', true],
    ]);
    expect((await recordsOf(sub)).every((r) => r.billed)).toBe(true);
  });

  it('late records of two periods: one line per period, each re-rated on its own', async () => {
    const sub = await metered('LATE-TWO', 'API');
    await record(sub, 'API', 3, '2025-01-10T12:00:00Z');
    await record(sub, 'API', 8, '2025-02-10T12:00:00Z');
    await billOn(t, '2025-03-01');
    t.clock.set('2025-03-03T08:00:00Z');
    await record(sub, 'API', 4, '2025-01-20T12:00:00Z');
    await record(sub, 'API', 4, '2025-02-20T12:00:00Z');
    await billOn(t, '2025-03-04');
    await expectNothingLeftToBill(t, '2025-03-04');
    // January: graduated(3) = 15.00, graduated(7) = 25 + 2 × 4 = 33.00: 18.00.
    // February: graduated(8) = 25 + 12 = 37.00, graduated(12) = 51.00: 14.00.
    const late = (await usageLines('LATE-TWO')).filter((l) => l[4]);
    expect(late).toEqual([
      ['2025-01-01', '2025-02-01', '4', '18.00', true],
      ['2025-02-01', '2025-03-01', '4', '14.00', true],
    ]);
  });

  it('a second late record builds on the first: the period is billed as a whole once more', async () => {
    const sub = await metered('LATE-AGAIN', 'API');
    await record(sub, 'API', 12, '2025-01-10T12:00:00Z');
    await billOn(t, '2025-02-01');
    t.clock.set('2025-02-03T08:00:00Z');
    await record(sub, 'API', 4, '2025-01-25T12:00:00Z');
    await billOn(t, '2025-02-03');
    t.clock.set('2025-02-04T08:00:00Z');
    await record(sub, 'API', 1, '2025-01-26T12:00:00Z');
    await billOn(t, '2025-02-04');
    await expectNothingLeftToBill(t, '2025-02-04');
    // 51.00 on time, then 63 − 51 = 12.00, then graduated(17) − graduated(16) = 66 − 63 = 3.00
    expect((await usageLines('LATE-AGAIN')).map((l) => l[3])).toEqual(['51.00', '12.00', '3.00']);
  });

  it('max, last and unique_count: a late record that leaves the figure as billed costs nothing', async () => {
    const peak = await metered('LATE-MAX', 'PEAK');
    await record(peak, 'PEAK', 4, '2025-01-10T12:00:00Z');
    await record(peak, 'PEAK', 9, '2025-01-20T12:00:00Z');
    const gauge = await metered('LATE-LAST', 'GAUGE');
    await record(gauge, 'GAUGE', 4, '2025-01-10T12:00:00Z');
    await record(gauge, 'GAUGE', 9, '2025-01-20T12:00:00Z');
    const users = await metered('LATE-UNIQUE', 'USERS');
    await record(users, 'USERS', 1, '2025-01-10T12:00:00Z', 'a');
    await record(users, 'USERS', 1, '2025-01-11T12:00:00Z', 'b');
    await billOn(t, '2025-02-01');
    t.clock.set('2025-02-03T08:00:00Z');
    await record(peak, 'PEAK', 5, '2025-01-25T12:00:00Z'); // max stays 9
    await record(gauge, 'GAUGE', 2, '2025-01-15T12:00:00Z'); // not the last: stays 9
    await record(users, 'USERS', 1, '2025-01-25T12:00:00Z', 'a'); // a known key: stays 2
    await billOn(t, '2025-02-05');
    await expectNothingLeftToBill(t, '2025-02-05');
    for (const [account, amount] of [
      ['LATE-MAX', '9.00'],
      ['LATE-LAST', '9.00'],
      ['LATE-UNIQUE', '2.00'],
    ] as const)
      expect(await usageLines(account)).toEqual([
        ['2025-01-01', '2025-02-01', expect.any(String), amount, false],
      ]);
    for (const sub of [peak, gauge, users]) expect((await recordsOf(sub)).every((r) => r.billed)).toBe(true);

    t.clock.set('2025-02-06T08:00:00Z');
    await record(peak, 'PEAK', 12, '2025-01-26T12:00:00Z'); // max 9 → 12: 3.00
    await record(gauge, 'GAUGE', 7, '2025-01-28T12:00:00Z'); // the new last: 9 → 7, −2.00
    await billOn(t, '2025-02-06');
    await expectNothingLeftToBill(t, '2025-02-06');
    expect((await usageLines('LATE-MAX')).at(-1)).toEqual(['2025-01-01', '2025-02-01', '3', '3.00', true]);
    expect((await usageLines('LATE-LAST')).at(-1)).toEqual(['2025-01-01', '2025-02-01', '-2', '-2.00', true]);
  });
});
