import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyPlan } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/*
 * A Danish organization (DKK) with
 *   A1  200.00 DKK a month from 2025-01-01
 *   A2   50.00 EUR a month from 2025-01-01
 *   A3  100.00 SEK a month from 2025-02-01
 * and EUR at 7.46 from 2025-01-01, 7.50 from 2025-02-01; SEK without a rate until 0.65 from 2025-03-01.
 *   31 Jan: 200.00 + 50 × 7.46 = 573.00 kr.
 *   28 Feb: 200.00 + 50 × 7.50 = 575.00 kr., SEK missing
 *   31 Mar: 200.00 + 375.00 + 100 × 0.65 = 640.00 kr.
 */
let t: TestApp;
const call = (method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string, payload?: object, token?: string) =>
  t.app.inject({
    method,
    url,
    headers: token === '' ? {} : authHeaders(token ?? t.org.tokens.full),
    ...(payload ? { payload } : {}),
  });

beforeAll(async () => {
  t = await createTestApp({ now: '2025-04-01T08:00:00Z' });
  await monthlyPlan(t, '200');
  for (const [code, currency, price] of [
    ['ME', 'EUR', '50'],
    ['MS', 'SEK', '100'],
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
  for (const [code, terms, start] of [
    ['A1', 'M', '2025-01-01'],
    ['A2', 'ME', '2025-01-01'],
    ['A3', 'MS', '2025-02-01'],
  ] as const) {
    const account = await call('POST', '/api/v1/accounts/', {
      code,
      name: code,
      email: `${code}@example.com`,
    });
    expect(account.statusCode, account.body).toBe(201);
    const sub = await call('POST', '/api/v1/subscriptions/', { account: code, terms, start_date: start });
    expect(sub.statusCode, sub.body).toBe(201);
  }
});
afterAll(async () => t.close());

const summary = async (date: string) => {
  const res = await call('GET', `/api/v1/metrics/summary/?date=${date}`, undefined, t.org.tokens.read);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('exchange rates', () => {
  it('the summary has no converted figures while no rate is set', async () => {
    expect((await summary('2025-01-31')).converted).toBeNull();
  });

  it('sets, repeats, changes, lists and deletes a rate, each change audited', async () => {
    const created = await call('PUT', '/api/v1/exchange-rates/EUR/2025-01-01/', { rate: '7.460' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ currency: 'EUR', valid_from: '2025-01-01', rate: '7.46' });
    const again = await call('PUT', '/api/v1/exchange-rates/EUR/2025-01-01/', { rate: '7.46' });
    expect(again.statusCode).toBe(200);
    expect(again.json().uuid).toBe(created.json().uuid);
    const changed = await call('PUT', '/api/v1/exchange-rates/EUR/2025-01-01/', { rate: '7.45' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().rate).toBe('7.45');
    expect((await call('PUT', '/api/v1/exchange-rates/EUR/2025-01-01/', { rate: '7.46' })).statusCode).toBe(
      200,
    );
    expect((await call('PUT', '/api/v1/exchange-rates/EUR/2025-02-01/', { rate: '7.5' })).statusCode).toBe(
      201,
    );
    expect((await call('PUT', '/api/v1/exchange-rates/SEK/2025-03-01/', { rate: '0.65' })).statusCode).toBe(
      201,
    );
    expect((await call('PUT', '/api/v1/exchange-rates/NOK/2025-03-01/', { rate: '0.62' })).statusCode).toBe(
      201,
    );

    const list = await call('GET', '/api/v1/exchange-rates/?currency=EUR', undefined, t.org.tokens.read);
    expect(list.statusCode).toBe(200);
    expect(list.json().count).toBe(2);
    expect(list.json().results.map((r: { rate: string }) => r.rate)).toEqual(['7.46', '7.5']);

    expect((await call('DELETE', '/api/v1/exchange-rates/NOK/2025-03-01/')).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/exchange-rates/', undefined, t.org.tokens.read)).json().count).toBe(3);

    const audit = await call('GET', '/api/v1/audit-log/?limit=100', undefined, t.org.tokens.read);
    expect(audit.statusCode, audit.body).toBe(200);
    const actions = audit
      .json()
      .results.map((r: { action: string }) => r.action)
      .filter((a: string) => a.startsWith('exchange_rate.'));
    expect(actions.filter((a: string) => a === 'exchange_rate.created')).toHaveLength(4);
    expect(actions.filter((a: string) => a === 'exchange_rate.updated')).toHaveLength(2);
    expect(actions.filter((a: string) => a === 'exchange_rate.deleted')).toHaveLength(1);
  });

  it('converts the summary at the rates in force on its date, naming a currency without one', async () => {
    const january = await summary('2025-01-31');
    expect(january.converted).toMatchObject({
      currency: 'DKK',
      mrr: '573.00',
      arr: '6876.00',
      missing_currencies: [],
      rates: [{ currency: 'EUR', rate: '7.46', valid_from: '2025-01-01' }],
    });
    const february = await summary('2025-02-28');
    expect(february.converted).toMatchObject({ mrr: '575.00', missing_currencies: ['SEK'] });
    // The per-currency figures stay as they are.
    expect(february.currencies.map((c: { currency: string; mrr: string }) => [c.currency, c.mrr])).toEqual([
      ['DKK', '200.00'],
      ['EUR', '50.00'],
      ['SEK', '100.00'],
    ]);
    const march = await summary('2025-03-31');
    expect(march.converted).toMatchObject({ mrr: '640.00', missing_currencies: [] });
    // opening MRR (28 Feb) converted at the rates of 31 March: 200 + 375 + 65
    expect(march.converted.opening_mrr).toBe('640.00');
  });

  it('converts an MRR series step by step, the change of rates as its currency effect', async () => {
    const res = await call(
      'GET',
      '/api/v1/metrics/mrr/?from=2025-01-01&to=2025-03-31&convert=true',
      undefined,
      t.org.tokens.read,
    );
    expect(res.statusCode, res.body).toBe(200);
    const series = res.json();
    expect(series).toMatchObject({ currency: 'DKK', converted: true, opening_mrr: '0.00' });
    expect(series.missing_currencies).toEqual(['SEK']);
    const steps = series.results.map(
      (s: { mrr: string; movements: { new: string }; currency_effect: string }) => [
        s.mrr,
        s.movements.new,
        s.currency_effect,
      ],
    );
    expect(steps).toEqual([
      ['573.00', '573.00', '0.00'], // January: both new, EUR at 7.46
      ['575.00', '0.00', '2.00'], // February: SEK has no rate yet; EUR at 7.50 adds 2.00
      // March: SEK's 100 at its first rate, 0.65, comes in as currency effect, not as a movement (it
      // moved in February, when it had no rate)
      ['640.00', '0.00', '65.00'],
    ]);
    expect(series.results.map((s: { paying_accounts: number }) => s.paying_accounts)).toEqual([2, 3, 3]);
  });
});

describe('errors and access', () => {
  it('names the field of a bad rate, currency or day, and changes nothing', async () => {
    const before = (await call('GET', '/api/v1/exchange-rates/', undefined, t.org.tokens.read)).json().count;
    const cases: [string, object, string][] = [
      ['/api/v1/exchange-rates/DKK/2025-01-01/', { rate: '1' }, 'path.currency'],
      ['/api/v1/exchange-rates/XXX/2025-01-01/', { rate: '1' }, 'currency'],
      ['/api/v1/exchange-rates/eur/2025-01-01/', { rate: '1' }, 'currency'],
      ['/api/v1/exchange-rates/EUR/2025-02-30/', { rate: '1' }, 'valid_from'],
      ['/api/v1/exchange-rates/EUR/2025-01-01/', { rate: '0' }, 'body.rate'],
      ['/api/v1/exchange-rates/EUR/2025-01-01/', { rate: '-7.46' }, 'body.rate'],
      ['/api/v1/exchange-rates/EUR/2025-01-01/', { rate: '7,46' }, 'body.rate'],
      ['/api/v1/exchange-rates/EUR/2025-01-01/', { rate: '1e3' }, 'body.rate'],
      ['/api/v1/exchange-rates/EUR/2025-01-01/', { rate: '7.4612345678901' }, 'body.rate'],
      ['/api/v1/exchange-rates/EUR/2025-01-01/', { rate: 7.46 }, 'rate'],
      ['/api/v1/exchange-rates/EUR/2025-01-01/', { rate: '7.46', extra: 1 }, 'extra'],
    ];
    for (const [url, body, field] of cases) {
      const res = await call('PUT', url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(JSON.stringify(res.json().errors), url).toContain(field);
    }
    const series = await call(
      'GET',
      '/api/v1/metrics/mrr/?convert=true&currency=EUR',
      undefined,
      t.org.tokens.read,
    );
    expect(series.statusCode).toBe(400);
    expect(JSON.stringify(series.json().errors)).toContain('query.currency');
    expect((await call('DELETE', '/api/v1/exchange-rates/EUR/2024-01-01/')).statusCode).toBe(404);
    const after = await call('GET', '/api/v1/exchange-rates/?currency=EUR', undefined, t.org.tokens.read);
    expect(after.json().count).toBe(before === 3 ? 2 : after.json().count);
    expect(after.json().results.map((r: { rate: string }) => r.rate)).toEqual(['7.46', '7.5']);
  });

  it('needs a token, write scope for changes, and shows nothing of another organization', async () => {
    expect((await call('GET', '/api/v1/exchange-rates/', undefined, '')).statusCode).toBe(401);
    expect((await call('PUT', '/api/v1/exchange-rates/EUR/2025-05-01/', { rate: '7' }, '')).statusCode).toBe(
      401,
    );
    expect(
      (await call('PUT', '/api/v1/exchange-rates/EUR/2025-05-01/', { rate: '7' }, t.org.tokens.read))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('DELETE', '/api/v1/exchange-rates/EUR/2025-01-01/', undefined, t.org.tokens.read))
        .statusCode,
    ).toBe(403);
    const foreign = await call('GET', '/api/v1/exchange-rates/', undefined, t.other.tokens.read);
    expect(foreign.statusCode).toBe(200);
    expect(foreign.json().count).toBe(0);
    expect(
      (await call('DELETE', '/api/v1/exchange-rates/EUR/2025-01-01/', undefined, t.other.tokens.full))
        .statusCode,
    ).toBe(404);
    // The other organization's own rate changes nothing here.
    expect(
      (await call('PUT', '/api/v1/exchange-rates/EUR/2025-01-01/', { rate: '11.2' }, t.other.tokens.full))
        .statusCode,
    ).toBe(201);
    expect((await summary('2025-01-31')).converted.mrr).toBe('573.00');
    const theirs = await call(
      'GET',
      '/api/v1/metrics/summary/?date=2025-01-31',
      undefined,
      t.other.tokens.read,
    );
    // It has a rate, so converted figures, but no EUR figures to convert with it.
    expect(theirs.json().converted).toMatchObject({
      currency: 'SEK',
      mrr: '0.00',
      rates: [],
      missing_currencies: [],
    });
  });
});
