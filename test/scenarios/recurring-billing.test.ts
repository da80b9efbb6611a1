import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, draftsOf, expectNothingLeftToBill } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const post = (url: string, payload: object = {}) =>
  t.app.inject({ method: 'POST', url, headers: authHeaders(t.org.tokens.full), payload });
const lineSummary = (lines: { description: string; amount: string; period_start: string | null }[]) =>
  lines.map((l) => `${l.period_start ?? '-'} ${l.description} ${l.amount}`);

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await post('/api/v1/plans/', { code: 'SEATS', name: 'Seats' });
  await post('/api/v1/plan-terms/', {
    plan: 'SEATS',
    code: 'SEAT-M',
    name: 'Seat',
    price: '100',
    interval: 'month',
  });
  await post('/api/v1/plan-terms/', {
    plan: 'SEATS',
    code: 'SEAT-PRO',
    name: 'Seat Pro',
    price: '150',
    interval: 'month',
  });
  await post('/api/v1/plan-terms/', {
    plan: 'SEATS',
    code: 'TRIAL',
    name: 'Trial seat',
    price: '100',
    interval: 'month',
    trial_days: 14,
  });
  await post('/api/v1/plan-terms/', {
    plan: 'SEATS',
    code: 'ANNUAL',
    name: 'Annual',
    price: '1200',
    interval: 'year',
    minimum_term: 'P12M',
    notice_period: 'P1M',
    notice_rule: 'end_of_month',
  });
  await post('/api/v1/plan-terms/', {
    plan: 'SEATS',
    code: 'SEAT-EUR',
    name: 'Seat EUR',
    price: '10',
    currency: 'EUR',
    interval: 'month',
  });
});
afterAll(async () => t.close());

async function account(code: string, extra: object = {}) {
  expect(
    (
      await post('/api/v1/accounts/', {
        code,
        name: code,
        email: `${code.toLowerCase()}@example.com`,
        ...extra,
      })
    ).statusCode,
  ).toBe(201);
}
async function subscribe(accountCode: string, terms: string, quantity: number, start: string) {
  const res = await post('/api/v1/subscriptions/', {
    account: accountCode,
    terms,
    quantity,
    start_date: start,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().uuid as string;
}
async function commitOrder(payload: object) {
  const preview = await post('/api/v1/orders/', payload);
  expect(preview.statusCode, preview.body).toBe(201);
  const committed = await post(`/api/v1/orders/${preview.json().uuid}/commit/`);
  expect(committed.statusCode, committed.body).toBe(200);
}

describe('recurring billing scenarios', () => {
  it('monthly seats with a quantity change mid-period: periods in advance, prorations once', async () => {
    await account('SEATS1');
    const sub = await subscribe('SEATS1', 'SEAT-M', 5, '2025-01-01');
    expect(await billOn(t, '2025-01-01')).toBeGreaterThan(0);
    await expectNothingLeftToBill(t, '2025-01-01');
    t.clock.set('2025-01-17T08:00:00Z');
    await commitOrder({ type: 'change_quantity', subscription: sub, quantity: 8 });
    await billOn(t, '2025-01-17');
    await billOn(t, '2025-02-01');
    await expectNothingLeftToBill(t, '2025-02-01');
    const [draft] = await draftsOf(t, 'SEATS1');
    // 3 extra seats for 15 of 31 days: 5 × 100 × 15/31 = 241.94 back, 8 × 100 × 15/31 = 387.10 on
    expect(lineSummary(draft!.lines)).toEqual([
      '2025-01-01 Seat × 5 500.00',
      '2025-01-17 Unused time on Seat × 5 (15 of 31 days) -241.94',
      '2025-01-17 Remaining time on Seat × 8 (15 of 31 days) 387.10',
      '2025-02-01 Seat × 8 800.00',
    ]);
    expect(draft).toMatchObject({
      total_ex_vat: '1445.16',
      total_vat: '361.29',
      total: '1806.45',
      currency: 'DKK',
    });
  });

  it('a contract tier, an upgrade and a downgrade, a trial converting', async () => {
    await account('TIER1');
    const contract = (
      await post('/api/v1/accounts/TIER1/contracts/', { plan_terms: 'SEAT-M', start_date: '2025-01-01' })
    ).json();
    await post(`/api/v1/accounts/TIER1/contracts/${contract.uuid}/tiers/`, {
      minimum_quantity: 10,
      discount: '15.00',
      discount_type: 'percentage',
    });
    await subscribe('TIER1', 'SEAT-M', 12, '2025-01-01');
    const trial = await subscribe('TIER1', 'TRIAL', 1, '2025-01-01');
    const upgrading = await subscribe('TIER1', 'SEAT-M', 1, '2025-01-01');
    await billOn(t, '2025-01-01');
    t.clock.set('2025-01-11T08:00:00Z');
    await commitOrder({ type: 'change_terms', subscription: upgrading, terms: 'SEAT-PRO' });
    await commitOrder({ type: 'change_terms', subscription: upgrading, terms: 'SEAT-M' }); // downgrade: at the period end
    await billOn(t, '2025-01-15');
    await billOn(t, '2025-02-01');
    await expectNothingLeftToBill(t, '2025-02-01');
    const [draft] = await draftsOf(t, 'TIER1');
    const lines = lineSummary(draft!.lines);
    expect(lines).toContain('2025-01-01 Seat × 12 1020.00'); // 12 × 100 less 15 %
    expect(lines).toContain('2025-01-15 Trial seat × 1 100.00'); // the first paid period, after the trial
    expect(lines).toContain('2025-01-11 Unused time on Seat × 1 (21 of 31 days) -67.74');
    expect(lines).toContain('2025-01-11 Remaining time on Seat Pro × 1 (21 of 31 days) 101.61');
    expect(lines).toContain('2025-02-01 Seat × 1 100.00'); // downgraded at the period end
    expect(lines.filter((l) => l.includes('Trial seat'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('2025-02-01 Seat × 12'))).toHaveLength(1);
    expect(trial).toBeTruthy();
  });

  it('a subscription ended with notice is billed to its end and no further', async () => {
    await account('ANNUAL1');
    const sub = await subscribe('ANNUAL1', 'ANNUAL', 1, '2025-01-01');
    await billOn(t, '2025-01-01');
    t.clock.set('2025-06-10T08:00:00Z');
    const ended = await post(`/api/v1/subscriptions/${sub}/end/`, { end_date: '2026-01-01' });
    expect(ended.statusCode, ended.body).toBe(200);
    for (const day of ['2025-12-31', '2026-01-01', '2026-02-01']) await billOn(t, day);
    await expectNothingLeftToBill(t, '2026-02-01');
    const [draft] = await draftsOf(t, 'ANNUAL1');
    expect(lineSummary(draft!.lines)).toEqual(['2025-01-01 Annual × 1 1200.00']);
  });

  it('reverse charge for an EU business, and one draft per currency', async () => {
    await account('BERLIN1', { legal_country: 'DE', vat_number: 'DE123456788', currency: 'EUR' });
    await subscribe('BERLIN1', 'SEAT-EUR', 2, '2025-03-01');
    await subscribe('BERLIN1', 'SEAT-M', 1, '2025-03-01');
    await billOn(t, '2025-03-01');
    await expectNothingLeftToBill(t, '2025-03-01');
    const drafts = await draftsOf(t, 'BERLIN1');
    expect(drafts.map((d) => [d.currency, d.total_ex_vat, d.total_vat, d.total]).sort()).toEqual([
      ['DKK', '100.00', '0.00', '100.00'],
      ['EUR', '20.00', '0.00', '20.00'],
    ]);
    expect(drafts.flatMap((d) => d.lines.map((l) => l.vat_rate))).toEqual(['0', '0']);
  });
});
