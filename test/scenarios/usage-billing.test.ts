import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, draftsOf, expectNothingLeftToBill } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const post = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: authHeaders(t.org.tokens.full), payload });
const tiers = [
  { up_to: 10, unit_price: '1.00' },
  { up_to: null, unit_price: '0.50', flat_fee: '2' },
];

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await post('/api/v1/plans/', { code: 'P', name: 'Platform' });
  await post('/api/v1/plan-terms/', {
    plan: 'P',
    code: 'BASE',
    name: 'Platform',
    price: '10',
    interval: 'month',
  });
  const components: [string, object, string][] = [
    ['PER-UNIT', { model: 'per_unit', unit_price: '0.25' }, 'sum'],
    ['GRADUATED', { model: 'graduated', tiers }, 'sum'],
    ['VOLUME', { model: 'volume', tiers }, 'sum'],
    ['PACKAGE', { model: 'package', package_size: 5, package_price: '3' }, 'sum'],
    ['PEAK', { model: 'per_unit', unit_price: '1' }, 'max'],
    ['CALLS', { model: 'per_unit', unit_price: '1' }, 'count'],
    ['USERS', { model: 'per_unit', unit_price: '1' }, 'unique_count'],
    ['GAUGE', { model: 'per_unit', unit_price: '1' }, 'last'],
  ];
  for (const [code, price_model, aggregation] of components)
    expect(
      (await post('/api/v1/components/', { code, name: code, kind: 'metered', price_model, aggregation }))
        .statusCode,
    ).toBe(201);
});
afterAll(async () => t.close());

async function meteredSubscription(account: string, metric: string) {
  await post('/api/v1/accounts/', {
    code: account,
    name: account,
    email: `${account.toLowerCase()}@example.com`,
  });
  const sub = (
    await post('/api/v1/subscriptions/', { account, terms: 'BASE', start_date: '2025-01-01' })
  ).json().uuid as string;
  expect((await post(`/api/v1/subscriptions/${sub}/components/`, { component: metric })).statusCode).toBe(
    201,
  );
  return sub;
}

const usage = (metric: string, quantity: number, day: string, unique_key?: string) => ({
  metric,
  quantity,
  timestamp: `${day}T12:00:00Z`,
  ...(unique_key ? { unique_key } : {}),
});

describe('metered usage, in arrears', () => {
  it.each([
    ['PER-UNIT', [4, 6, 2], '3.00'], // 12 × 0.25
    ['GRADUATED', [8, 8], '15.00'], // 10 × 1 + (2 + 6 × 0.5)
    ['VOLUME', [8, 8], '10.00'], // 16 × 0.5 + 2
    ['PACKAGE', [4, 7], '9.00'], // 11 units: 3 started packages of 5
    ['PEAK', [4, 9, 2], '9.00'],
    ['CALLS', [4, 9, 2], '3.00'],
    ['GAUGE', [4, 9, 2], '2.00'], // the last record by time
  ])('%s: usage %j in January is billed on 1 February for %s', async (metric, quantities, amount) => {
    const account = `M-${metric}`;
    const sub = await meteredSubscription(account, metric);
    for (const [i, q] of quantities.entries())
      await post(`/api/v1/subscriptions/${sub}/usage/`, usage(metric, q, `2025-01-${10 + i}`));
    await billOn(t, '2025-01-01');
    await billOn(t, '2025-01-31');
    const before = (await draftsOf(t, account))[0]!.lines.filter((l) => l.source === 'usage');
    expect(before).toEqual([]); // the window is still open
    await billOn(t, '2025-02-01');
    await expectNothingLeftToBill(t, '2025-02-01');
    const lines = (await draftsOf(t, account))[0]!.lines.filter((l) => l.source === 'usage');
    expect(lines.map((l) => [l.period_start, l.period_end, l.amount])).toEqual([
      ['2025-01-01', '2025-02-01', amount],
    ]);
  });

  it('unique_count counts distinct keys', async () => {
    const sub = await meteredSubscription('M-USERS', 'USERS');
    for (const key of ['a', 'b', 'a', 'c', 'b'])
      await post(`/api/v1/subscriptions/${sub}/usage/`, usage('USERS', 1, '2025-01-20', key));
    await billOn(t, '2025-02-01');
    const lines = (await draftsOf(t, 'M-USERS'))[0]!.lines.filter((l) => l.source === 'usage');
    expect(lines.map((l) => [l.quantity, l.amount])).toEqual([['3', '3.00']]);
  });

  it('usage posted late goes on the next invoice, marked so, and a rated item is billed once', async () => {
    const sub = await meteredSubscription('LATE', 'PER-UNIT');
    await post(`/api/v1/subscriptions/${sub}/usage/`, usage('PER-UNIT', 4, '2025-01-20'));
    await billOn(t, '2025-02-01');
    t.clock.set('2025-02-03T08:00:00Z');
    const late = await post(`/api/v1/subscriptions/${sub}/usage/`, usage('PER-UNIT', 8, '2025-01-25'));
    expect(late.statusCode).toBe(201);
    expect(
      (
        await post(`/api/v1/subscriptions/${sub}/rated-items/`, {
          description: 'Onboarding',
          quantity: '1',
          unit_price: '150',
        })
      ).statusCode,
    ).toBe(201);
    await billOn(t, '2025-02-05');
    await expectNothingLeftToBill(t, '2025-02-05');
    const lines = (await draftsOf(t, 'LATE'))[0]!.lines;
    expect(lines.filter((l) => l.source === 'usage').map((l) => [l.amount, l.late])).toEqual([
      ['1.00', false],
      ['2.00', true],
    ]);
    expect(lines.filter((l) => l.source === 'rated_item').map((l) => l.amount)).toEqual(['150.00']);
    const records = (
      await t.app.inject({
        url: `/api/v1/subscriptions/${sub}/usage/`,
        headers: authHeaders(t.org.tokens.read),
      })
    ).json().results;
    expect(records.map((r: { billed: boolean; late: boolean }) => [r.billed, r.late])).toEqual([
      [true, false],
      [true, true],
    ]);
  });
});
