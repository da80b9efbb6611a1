import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, monthlyPlan } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/*
 * Receivables from one invoice, asked on several days:
 *   2025-01-01  invoice of 200.00 + 25 % VAT = 250.00, due 2025-01-15 (14 days)
 *   2025-01-20  payment of 100.00                     → 150.00 open, 5 days overdue on 20 Jan
 *   2025-02-10  credit note of 40.00 + VAT = 50.00    → 100.00 open
 */
let t: TestApp;
const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, token?: string) =>
  t.app.inject({
    method,
    url,
    headers: authHeaders(token ?? t.org.tokens.full),
    ...(payload ? { payload } : {}),
  });
let invoice: { uuid: string; number: string; lines: { uuid: string }[] };

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  const settings = await call('PATCH', '/api/v1/organization/', {
    legal_address: 'Vestergade 1\n1456 København K',
    vat_number: 'DK12345674',
    email: 'faktura@nordlys.test',
    payment_terms_days: 14,
  });
  expect(settings.statusCode, settings.body).toBe(200);
  await monthlyPlan(t, '200');
  await call('POST', '/api/v1/accounts/', {
    code: 'R1',
    name: 'Kunde R1',
    email: 'r1@example.com',
    legal_address: 'Nørregade 2',
    legal_zipcode: '8000',
    legal_city: 'Aarhus',
  });
  expect((await call('POST', '/api/v1/subscriptions/', { account: 'R1', terms: 'M' })).statusCode).toBe(201);
  await billOn(t, '2025-01-01');
  const [draft] = (await call('GET', '/api/v1/invoice-drafts/?account=R1&status=draft')).json().results;
  const sent = await call('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`);
  expect(sent.statusCode, sent.body).toBe(201);
  invoice = (await call('GET', '/api/v1/invoices/?account=R1')).json().results[0];
  t.clock.set('2025-01-20T08:00:00Z');
  expect(
    (await call('POST', '/api/v1/payments/', { amount: '100.00', invoice: invoice.number })).statusCode,
  ).toBe(201);
  t.clock.set('2025-02-10T08:00:00Z');
  const note = await call('POST', `/api/v1/invoices/${invoice.uuid}/credit-notes/`, {
    lines: [{ line: invoice.lines[0]!.uuid, amount: '40.00' }],
  });
  expect(note.statusCode, note.body).toBe(201);
});
afterAll(async () => t.close());

const receivables = async (date: string) => {
  const res = await call('GET', `/api/v1/metrics/receivables/?date=${date}`, undefined, t.org.tokens.read);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('receivables', () => {
  it('ages what was owed on each day, from the payments and credit notes of that day or before', async () => {
    const buckets = (r: { currencies: Record<string, unknown>[] }) => r.currencies[0];
    expect(buckets(await receivables('2025-01-10'))).toMatchObject({
      currency: 'DKK',
      total: '250.00',
      not_due: '250.00',
      invoices: 1,
    });
    expect(buckets(await receivables('2025-01-20'))).toMatchObject({
      total: '150.00',
      days_0_30: '150.00',
      not_due: '0.00',
    });
    expect(buckets(await receivables('2025-02-20'))).toMatchObject({ total: '100.00', days_31_60: '100.00' });
    // 15 Jan + 90 days = 15 Apr; 16 Apr is 91 days overdue
    expect(buckets(await receivables('2025-04-15'))).toMatchObject({ days_61_90: '100.00' });
    expect(buckets(await receivables('2025-04-16'))).toMatchObject({ days_over_90: '100.00' });
    const byAccount = await receivables('2025-02-20');
    expect(byAccount.accounts).toEqual([
      expect.objectContaining({
        account: expect.objectContaining({ code: 'R1' }),
        currency: 'DKK',
        total: '100.00',
      }),
    ]);
    expect((await receivables('2024-12-31')).currencies).toEqual([]);
  });

  it('puts invoiced, paid, credited and DSO in the summary', async () => {
    const res = await call(
      'GET',
      '/api/v1/metrics/summary/?date=2025-01-31&from=2025-01-01',
      undefined,
      t.org.tokens.read,
    );
    expect(res.statusCode, res.body).toBe(200);
    // receivables 150.00 ÷ invoiced 250.00 × 31 days = 18.6 days
    expect(res.json().currencies[0]).toMatchObject({
      invoiced: '250.00',
      paid: '100.00',
      credited: '0.00',
      receivables: { total: '150.00', days_0_30: '150.00' },
      dso: '18.6',
      mrr: '200.00',
    });
    // period=month_to_date: from the first of the month of `date`, the same figures as from=…-01
    const monthToDate = await call(
      'GET',
      '/api/v1/metrics/summary/?date=2025-01-31&period=month_to_date',
      undefined,
      t.org.tokens.read,
    );
    expect(monthToDate.statusCode, monthToDate.body).toBe(200);
    expect(monthToDate.json().period).toEqual({ start: '2025-01-01', end: '2025-01-31', days: 31 });
    expect(monthToDate.json().currencies).toEqual(res.json().currencies);
    const february = (
      await call('GET', '/api/v1/metrics/summary/?date=2025-02-28', undefined, t.org.tokens.read)
    ).json();
    expect(february.currencies[0]).toMatchObject({ credited: '50.00', invoiced: '0.00', dso: null });
  });
});

describe('errors and access', () => {
  it('names the field of a bad date, a reversed range, an unknown filter or cursor', async () => {
    const cases: [string, string][] = [
      ['/api/v1/metrics/summary/?date=2025-02-30', 'query.date'],
      ['/api/v1/metrics/summary/?date=2025-02-01&from=2025-03-01', 'query.from'],
      ['/api/v1/metrics/summary/?from=2025-01-01&period=month_to_date', 'query.period'],
      ['/api/v1/metrics/summary/?period=week', 'query.period'],
      ['/api/v1/metrics/mrr/?from=2025-05-01&to=2025-01-01', 'query.from'],
      ['/api/v1/metrics/mrr/?interval=week', 'query.interval'],
      ['/api/v1/metrics/mrr/?from=2000-01-01&to=2025-01-01&interval=day', 'query.to'],
      ['/api/v1/metrics/mrr/?currency=XXX', 'query.currency'],
      ['/api/v1/metrics/mrr/movements/?cursor=nonsense', 'query.cursor'],
      ['/api/v1/metrics/mrr/movements/?account=NOPE', 'query.account'],
      ['/api/v1/metrics/receivables/?days=3', 'query'],
    ];
    for (const [url, field] of cases) {
      const res = await call('GET', url, undefined, t.org.tokens.read);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.json().errors), url).toContain(field);
    }
  });

  it('answers nothing of another organization', async () => {
    const res = await call('GET', '/api/v1/metrics/summary/?date=2025-01-31', undefined, t.other.tokens.read);
    expect(res.statusCode).toBe(200);
    expect(res.json().currencies).toEqual([
      expect.objectContaining({
        currency: 'SEK',
        mrr: '0.00',
        invoiced: '0.00',
        receivables: expect.objectContaining({ total: '0.00' }),
      }),
    ]);
    const receivablesOther = await call(
      'GET',
      '/api/v1/metrics/receivables/?date=2025-02-20',
      undefined,
      t.other.tokens.read,
    );
    expect(receivablesOther.json()).toMatchObject({ currencies: [], accounts: [] });
    const movements = await call(
      'GET',
      `/api/v1/metrics/mrr/movements/?from=2025-01-01&account=R1`,
      undefined,
      t.other.tokens.read,
    );
    expect(movements.statusCode).toBe(400);
  });

  it("defaults to today, this organization's currency and twelve months", async () => {
    t.clock.set('2025-03-15T08:00:00Z');
    const res = await call('GET', '/api/v1/metrics/mrr/', undefined, t.org.tokens.read);
    expect(res.json()).toMatchObject({
      from: '2024-04-01',
      to: '2025-03-15',
      currency: 'DKK',
      interval: 'month',
    });
    expect(res.json().results).toHaveLength(12);
  });
});
