import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateBook } from '../../src/domain/exchange-rates.ts';
import { noMovements } from '../../src/domain/mrr-movements.ts';
import { emptyAgeing } from '../../src/domain/receivables.ts';
import { convertSummary, type MinorFigures } from '../../src/metrics/converted-figures.ts';
import { monthlyPlan } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/*
 * A Danish organization (DKK), EUR at 7.50 from 2025-01-01:
 *   A1  200.00 DKK a month from 2025-01-01
 *   A2   50.00 EUR a month from 2025-01-01, ended 2025-02-01      (its only subscription: churns)
 *   A3  100.00 EUR a month from 2025-01-01
 *   A4  100.00 DKK a month from 2025-02-10                          (new)
 *   A5  100.00 DKK a month and 10.00 EUR a month from 2025-01-01, the EUR one ended 2025-02-01
 *       (churn in EUR, but the account still pays in DKK: not a churned account across currencies)
 * The summary of 2025-02-28 covers 29 January to 28 February; everything at 7.50:
 *   opening (28 Jan): 200 + 50 × 7.5 + 100 × 7.5 + 100 + 10 × 7.5 = 200 + 375 + 750 + 100 + 75 = 1,500.00
 *                     paying accounts A1, A2, A3, A5 = 4
 *   close (28 Feb):   200 + 750 + 100 + 100 = 1,150.00, paying A1, A3, A4, A5 = 4, ARPA 287.50
 *   movements:        new +100.00 (A4); churn −375.00 (A2) − 75.00 (A5 in EUR) = −450.00; net −350.00
 *   churned accounts: 1 (A2); logo churn 1 ÷ 4 = 25.00 %
 *   gross MRR churn:  450 ÷ 1,500 = 30.00 %; net the same (nothing regained)
 * Per currency, EUR alone counts two churned accounts (A2 and A5).
 */
let t: TestApp;
const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, token?: string) =>
  t.app.inject({
    method,
    url,
    headers: authHeaders(token ?? t.org.tokens.full),
    ...(payload ? { payload } : {}),
  });

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await monthlyPlan(t, '200');
  for (const [code, currency, price] of [
    ['D100', 'DKK', '100'],
    ['E50', 'EUR', '50'],
    ['E100', 'EUR', '100'],
    ['E10', 'EUR', '10'],
  ] as const) {
    const terms = await call('POST', '/api/v1/plan-terms/', {
      plan: 'P',
      code,
      name: code,
      price,
      currency,
      interval: 'month',
    });
    expect(terms.statusCode, terms.body).toBe(201);
  }
  for (const code of ['A1', 'A2', 'A3', 'A4', 'A5']) {
    const account = await call('POST', '/api/v1/accounts/', {
      code,
      name: code,
      email: `${code}@example.com`,
    });
    expect(account.statusCode, account.body).toBe(201);
  }
  const subscribe = async (account: string, terms: string, start: string) => {
    const sub = await call('POST', '/api/v1/subscriptions/', { account, terms, start_date: start });
    expect(sub.statusCode, sub.body).toBe(201);
    return sub.json().uuid as string;
  };
  await subscribe('A1', 'M', '2025-01-01');
  const a2 = await subscribe('A2', 'E50', '2025-01-01');
  await subscribe('A3', 'E100', '2025-01-01');
  await subscribe('A4', 'D100', '2025-02-10');
  await subscribe('A5', 'D100', '2025-01-01');
  const a5 = await subscribe('A5', 'E10', '2025-01-01');
  for (const id of [a2, a5]) {
    const ended = await call('POST', `/api/v1/subscriptions/${id}/end/`, { end_date: '2025-02-01' });
    expect(ended.statusCode, ended.body).toBe(200);
  }
  expect((await call('PUT', '/api/v1/exchange-rates/EUR/2025-01-01/', { rate: '7.50' })).statusCode).toBe(
    201,
  );
});
afterAll(async () => t.close());

describe('converted summary', () => {
  it('counts accounts across currencies and converts churn, movements and ARPA at the rates of its date', async () => {
    const res = await call('GET', '/api/v1/metrics/summary/?date=2025-02-28', undefined, t.org.tokens.read);
    expect(res.statusCode, res.body).toBe(200);
    const summary = res.json();
    expect(summary.period).toMatchObject({ start: '2025-01-29', end: '2025-02-28' });
    expect(summary.converted).toMatchObject({
      currency: 'DKK',
      missing_currencies: [],
      opening_mrr: '1500.00',
      mrr: '1150.00',
      paying_accounts: 4,
      arpa: '287.50',
      movements: {
        new: '100.00',
        expansion: '0.00',
        contraction: '0.00',
        churn: '-450.00',
        reactivation: '0.00',
        net: '-350.00',
      },
      churned_accounts: 1,
      logo_churn_rate: '25.00',
      gross_mrr_churn_rate: '30.00',
      net_mrr_churn_rate: '30.00',
      invoiced: '0.00',
      dso: null,
    });
    const eur = summary.currencies.find((c: { currency: string }) => c.currency === 'EUR');
    expect(eur).toMatchObject({ churned_accounts: 2, mrr: '100.00', opening_mrr: '160.00' });
  });
});

describe('convertSummary', () => {
  /*
   * DKK: invoiced 1,000.00, 500.00 still owed; EUR: invoiced 100.00, all of it owed; EUR at 7.50;
   * a period of 31 days. Converted: invoiced 1,000 + 750 = 1,750.00, receivables 500 + 750 =
   * 1,250.00, DSO 1,250 ÷ 1,750 × 31 = 22.142… = 22.1 days. SEK has figures but no rate: named missing.
   */
  it('converts DSO from the converted receivables and invoiced, leaving out a currency without a rate', () => {
    const figures = (invoiced: number, owed: number): MinorFigures => ({
      mrr: 0,
      opening_mrr: 0,
      invoiced,
      paid: 0,
      credited: 0,
      receivables: { ...emptyAgeing(), total: owed, days_0_30: owed },
      movements: noMovements(),
    });
    const book = rateBook([{ currency: 'EUR', validFrom: '2025-01-01', rate: new Decimal('7.5') }]);
    const seen: string[][] = [];
    const converted = convertSummary(
      book,
      'DKK',
      '2025-01-31',
      new Map([
        ['DKK', figures(100000, 50000)],
        ['EUR', figures(10000, 10000)],
        ['SEK', figures(99900, 99900)],
      ]),
      {
        days: 31,
        accounts: (currencies) => {
          seen.push([...currencies].sort());
          return { opening: 0, closing: 0, churned: 0 };
        },
      },
    );
    expect(converted).toMatchObject({
      invoiced: '1750.00',
      receivables: { total: '1250.00', days_0_30: '1250.00' },
      dso: '22.1',
      missing_currencies: ['SEK'],
      arpa: null,
      logo_churn_rate: null,
    });
    // The accounts are counted in the converted currencies only.
    expect(seen).toEqual([['DKK', 'EUR']]);
  });
});
