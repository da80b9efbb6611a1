import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, expectNothingLeftToBill } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/*
 * A hand-made history, travelled through day by day, with its MRR worked out by hand (DKK unless said):
 *
 *   2025-01-01  A  SEAT-M × 5 at 100          new           +500.00  (A's contract: 15 % from 10 seats)
 *   2025-01-01  B  ANNUAL 1,200 a year        new           +100.00  (1,200 ÷ 12)
 *   2025-01-01  C  TRIAL × 2, 14 trial days   nothing until the trial ends
 *   2025-01-01  E  SEAT-EUR × 3 at 10 EUR     new (EUR)      +30.00 EUR
 *   2025-01-01  F  SEAT-M × 1                 new           +100.00
 *   2025-01-15  C  trial converts             new           +200.00           Jan: 900.00, 4 accounts
 *   2025-02-10  A  12 seats: crosses the tier expansion     +520.00  (12 × 85 = 1,020 − 500)
 *   2025-03-10  F  upgrade to SEAT-PRO at 150 expansion      +50.00
 *   2025-04-01  A  downgrade to 9 (ordered 5 Mar, at the period end): below the tier again,
 *                                              contraction   −120.00  (9 × 100 = 900 − 1,020)
 *   2025-04-01  C  ends (its only subscription) churn       −200.00
 *   2025-05-01  C  SEAT-M × 1 again           reactivation  +100.00
 *   2025-05-10  D  SEAT-M × 2 made today, backdated to start 2025-02-01: new +200.00 on 1 Feb
 *
 *   month ends, after the backdated change:
 *            Jan 900.00 (4)  Feb 1,620.00 (5)  Mar 1,670.00 (5)  Apr 1,350.00 (4)  May 1,450.00 (5)
 *   before it, Feb and Mar were 200.00 lower and D was not among the accounts.
 */

let t: TestApp;
const post = (url: string, payload: object = {}) =>
  t.app.inject({ method: 'POST', url, headers: authHeaders(t.org.tokens.full), payload });
const get = async (url: string) => {
  const res = await t.app.inject({ url, headers: authHeaders(t.org.tokens.read) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const subs: Record<string, string> = {};

async function subscribe(account: string, terms: string, quantity: number, start?: string) {
  const res = await post('/api/v1/subscriptions/', {
    account,
    terms,
    quantity,
    ...(start ? { start_date: start } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().uuid as string;
}
async function order(payload: object) {
  const preview = await post('/api/v1/orders/', payload);
  expect(preview.statusCode, preview.body).toBe(201);
  expect((await post(`/api/v1/orders/${preview.json().uuid}/commit/`)).statusCode).toBe(200);
}
const travel = (day: string) => t.clock.set(`${day}T08:00:00Z`);
const monthly = (series: { results: { end: string; mrr: string; paying_accounts: number }[] }) =>
  series.results.map((s) => `${s.end} ${s.mrr} ${s.paying_accounts}`);

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await post('/api/v1/plans/', { code: 'SEATS', name: 'Seats' });
  const terms = [
    { code: 'SEAT-M', price: '100', interval: 'month' },
    { code: 'SEAT-PRO', price: '150', interval: 'month' },
    { code: 'TRIAL', price: '100', interval: 'month', trial_days: 14 },
    { code: 'ANNUAL', price: '1200', interval: 'year' },
    { code: 'SEAT-EUR', price: '10', interval: 'month', currency: 'EUR' },
  ];
  for (const t of terms)
    expect((await post('/api/v1/plan-terms/', { plan: 'SEATS', name: t.code, ...t })).statusCode).toBe(201);
  for (const code of ['A', 'B', 'C', 'D', 'E', 'F'])
    expect(
      (await post('/api/v1/accounts/', { code, name: `Account ${code}`, email: `${code}@example.com` }))
        .statusCode,
    ).toBe(201);
  const contract = await post('/api/v1/accounts/A/contracts/', {
    plan_terms: 'SEAT-M',
    start_date: '2025-01-01',
  });
  expect(contract.statusCode, contract.body).toBe(201);
  const tier = await post(`/api/v1/accounts/A/contracts/${contract.json().uuid}/tiers/`, {
    minimum_quantity: 10,
    discount: '15.00',
    discount_type: 'percentage',
  });
  expect(tier.statusCode, tier.body).toBe(201);
});
afterAll(async () => t.close());

describe('MRR from a travelled history', () => {
  it('follows new business, a trial, a tier crossing, an upgrade, a downgrade, churn and reactivation', async () => {
    subs.A = await subscribe('A', 'SEAT-M', 5);
    subs.B = await subscribe('B', 'ANNUAL', 1);
    subs.C = await subscribe('C', 'TRIAL', 2);
    subs.E = await subscribe('E', 'SEAT-EUR', 3);
    subs.F = await subscribe('F', 'SEAT-M', 1);
    await billOn(t, '2025-01-01');
    travel('2025-02-10');
    await order({ type: 'change_quantity', subscription: subs.A, quantity: 12 });
    travel('2025-03-05');
    await order({ type: 'change_quantity', subscription: subs.A, quantity: 9 });
    const ended = await post(`/api/v1/subscriptions/${subs.C}/end/`, { end_date: '2025-04-01' });
    expect(ended.statusCode, ended.body).toBe(200);
    travel('2025-03-10');
    await order({ type: 'change_terms', subscription: subs.F, terms: 'SEAT-PRO' });
    travel('2025-05-01');
    subs.C2 = await subscribe('C', 'SEAT-M', 1);
    await billOn(t, '2025-05-01');

    const before = await get('/api/v1/metrics/mrr/?from=2025-01-01&to=2025-05-31&interval=month');
    expect(monthly(before)).toEqual([
      '2025-01-31 900.00 4',
      '2025-02-28 1420.00 4',
      '2025-03-31 1470.00 4',
      '2025-04-30 1150.00 3',
      '2025-05-31 1250.00 4',
    ]);

    travel('2025-05-10');
    subs.D = await subscribe('D', 'SEAT-M', 2, '2025-02-01');
    await billOn(t, '2025-05-10');
    await expectNothingLeftToBill(t, '2025-05-10');

    const series = await get('/api/v1/metrics/mrr/?from=2025-01-01&to=2025-05-31&interval=month');
    expect(series).toMatchObject({ currency: 'DKK', interval: 'month', opening_mrr: '0.00' });
    expect(monthly(series)).toEqual([
      '2025-01-31 900.00 4',
      '2025-02-28 1620.00 5',
      '2025-03-31 1670.00 5',
      '2025-04-30 1350.00 4',
      '2025-05-31 1450.00 5',
    ]);
    expect(series.results.map((s: { movements: object }) => s.movements)).toEqual([
      {
        new: '900.00',
        expansion: '0.00',
        contraction: '0.00',
        churn: '0.00',
        reactivation: '0.00',
        net: '900.00',
      },
      {
        new: '200.00',
        expansion: '520.00',
        contraction: '0.00',
        churn: '0.00',
        reactivation: '0.00',
        net: '720.00',
      },
      {
        new: '0.00',
        expansion: '50.00',
        contraction: '0.00',
        churn: '0.00',
        reactivation: '0.00',
        net: '50.00',
      },
      {
        new: '0.00',
        expansion: '0.00',
        contraction: '-120.00',
        churn: '-200.00',
        reactivation: '0.00',
        net: '-320.00',
      },
      {
        new: '0.00',
        expansion: '0.00',
        contraction: '0.00',
        churn: '0.00',
        reactivation: '100.00',
        net: '100.00',
      },
    ]);
    expect(series.results[0].arr).toBe('10800.00');

    const eur = await get('/api/v1/metrics/mrr/?from=2025-01-01&to=2025-02-28&currency=EUR');
    expect(monthly(eur)).toEqual(['2025-01-31 30.00 1', '2025-02-28 30.00 1']);

    // Days: the trial converts on 15 January, not before.
    const days = await get('/api/v1/metrics/mrr/?from=2025-01-14&to=2025-01-15&interval=day');
    expect(monthly(days)).toEqual(['2025-01-14 700.00 3', '2025-01-15 900.00 4']);
    expect(days.opening_mrr).toBe('700.00');
  });

  it('lists each movement with its account, subscriptions and reason', async () => {
    const page = await get('/api/v1/metrics/mrr/movements/?from=2025-01-15&to=2025-05-31&currency=DKK');
    const rows = page.results.map(
      (m: {
        date: string;
        account: { code: string };
        type: string;
        amount: string;
        subscriptions: { reason: string }[];
      }) =>
        `${m.date} ${m.account.code} ${m.type} ${m.amount} ${m.subscriptions.map((s) => s.reason).join(',')}`,
    );
    expect(rows).toEqual([
      '2025-01-15 C new 200.00 trial_converted',
      '2025-02-01 D new 200.00 subscription_started',
      '2025-02-10 A expansion 520.00 quantity_changed',
      '2025-03-10 F expansion 50.00 plan_changed',
      '2025-04-01 A contraction -120.00 quantity_changed',
      '2025-04-01 C churn -200.00 subscription_ended',
      '2025-05-01 C reactivation 100.00 subscription_started',
    ]);
    expect(page.count).toBe(7);
    expect(page.results[2]).toMatchObject({ mrr_before: '500.00', mrr_after: '1020.00' });
    expect(page.results[2].subscriptions[0].subscription).toBe(subs.A);

    const first = await get(
      '/api/v1/metrics/mrr/movements/?from=2025-01-15&to=2025-05-31&currency=DKK&limit=4',
    );
    expect(first.results).toHaveLength(4);
    const rest = await t.app.inject({ url: first.next, headers: authHeaders(t.org.tokens.read) });
    expect(rest.json().results.map((m: { date: string }) => m.date)).toEqual([
      '2025-04-01',
      '2025-04-01',
      '2025-05-01',
    ]);
    expect(rest.json().next).toBeNull();
    const churn = await get('/api/v1/metrics/mrr/movements/?from=2025-01-01&to=2025-12-31&type=churn');
    expect(churn.results.map((m: { account: { code: string } }) => m.account.code)).toEqual(['C']);
    const ofA = await get('/api/v1/metrics/mrr/movements/?from=2025-01-01&to=2025-12-31&account=A');
    expect(ofA.count).toBe(3);
  });

  it('summarizes a month: churn rates, ARPA and trials', async () => {
    const april = await get('/api/v1/metrics/summary/?date=2025-04-30');
    expect(april.period).toEqual({ start: '2025-03-31', end: '2025-04-30', days: 31 });
    const dkk = april.currencies.find((c: { currency: string }) => c.currency === 'DKK');
    // opening (close of 30 March) 1,670.00 on 5 accounts; churn −200, contraction −120:
    // logo churn 1 ÷ 5 = 20 %, gross and net MRR churn 320 ÷ 1,670 = 19.16 %
    expect(dkk).toMatchObject({
      mrr: '1350.00',
      arr: '16200.00',
      opening_mrr: '1670.00',
      active_subscriptions: 4,
      paying_accounts: 4,
      arpa: '337.50',
      churned_accounts: 1,
      logo_churn_rate: '20.00',
      gross_mrr_churn_rate: '19.16',
      net_mrr_churn_rate: '19.16',
    });
    const may = (await get('/api/v1/metrics/summary/?date=2025-05-31')).currencies[0];
    // reactivation 100 against 1,350.00 opening: net −7.41 %
    expect(may).toMatchObject({
      currency: 'DKK',
      mrr: '1450.00',
      net_mrr_churn_rate: '-7.41',
      gross_mrr_churn_rate: '0.00',
      arpa: '290.00',
    });
    const january = await get('/api/v1/metrics/summary/?date=2025-01-31&from=2025-01-01');
    expect(january.trials).toEqual({ started: 1, ended: 1, converted: 1, conversion_rate: '100.00' });
    expect(
      january.currencies.map((c: { currency: string; mrr: string }) => `${c.currency} ${c.mrr}`),
    ).toEqual(['DKK 900.00', 'EUR 30.00']);
  });
});
