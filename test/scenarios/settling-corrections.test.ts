import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, draftsOf, expectNothingLeftToBill } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// Issue 11, defects 3, 6 and 7: a credit note that empties an invoice takes exactly what is left; an
// invoice's balance is what is still to pay, never below zero, the rest on account credit; a payment by
// reference alone takes the invoice's currency. VAT is Danish, 25 %.

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
  for (const [code, price, currency] of [
    ['M500', '500', 'DKK'],
    ['M500-EUR', '500', 'EUR'],
  ] as const) {
    const terms = await post('/api/v1/plan-terms/', {
      plan: 'P',
      code,
      name: code,
      price,
      interval: 'month',
      currency,
    });
    expect(terms.statusCode, terms.body).toBe(201);
  }
});
afterAll(async () => t.close());

/** An invoice of one subscription's first month on `terms`, with a rated item of `extra`, sent. */
async function invoiceOf(account: string, terms: string, extra?: string) {
  t.clock.set('2025-01-01T08:00:00Z');
  await post('/api/v1/accounts/', {
    code: account,
    name: account,
    email: `${account.toLowerCase()}@example.com`,
  });
  const sub = (await post('/api/v1/subscriptions/', { account, terms, start_date: '2025-01-01' })).json()
    .uuid;
  if (extra)
    expect(
      (
        await post(`/api/v1/subscriptions/${sub}/rated-items/`, {
          description: 'Extra',
          quantity: '1',
          unit_price: extra,
        })
      ).statusCode,
    ).toBe(201);
  await billOn(t, '2025-01-01');
  await expectNothingLeftToBill(t, '2025-01-01');
  const [draft] = await draftsOf(t, account);
  const sent = await post(`/api/v1/invoice-drafts/${draft!.uuid}/send/`, {});
  expect(sent.statusCode, sent.body).toBe(201);
  return sent.json();
}

describe('the credit note that empties an invoice takes exactly what is left', () => {
  // 500.00 + 0.99 = 500.99 net, VAT 125.2475 → 125.25, total 626.24. Each note's VAT is that of all net
  // credited so far less what the notes before took: 200.00 → 50.00; 500.00 → 125.00, so 75.00;
  // 500.34 → 125.085 → 125.09, so 0.09; 500.68 → 125.17, so 0.08. Credited: 250.00 + 375.00 + 0.43 + 0.42
  // = 625.85; left 0.39. The last 0.31 net: 500.99 → 125.25, so 0.08, total 0.39.
  const partials = (invoice: { lines: { uuid: string }[] }) => [
    { line: invoice.lines[0]!.uuid, amount: '200.00' },
    { line: invoice.lines[0]!.uuid, amount: '300.00' },
    { line: invoice.lines[1]!.uuid, amount: '0.34' },
    { line: invoice.lines[1]!.uuid, amount: '0.34' },
  ];

  it.each([
    ['the last 0.31 named', 'ROUND-NAMED', true],
    ['the rest with {}', 'ROUND-REST', false],
  ])('%s', async (_, account, named) => {
    const invoice = await invoiceOf(account, 'M500', '0.99');
    expect(invoice.total).toBe('626.24');
    const totals: string[] = [];
    for (const line of partials(invoice)) {
      const note = await post(`/api/v1/invoices/${invoice.uuid}/credit-notes/`, { lines: [line] });
      expect(note.statusCode, note.body).toBe(201);
      totals.push(note.json().total);
    }
    expect(totals).toEqual(['250.00', '375.00', '0.43', '0.42']);
    const last = await post(
      `/api/v1/invoices/${invoice.uuid}/credit-notes/`,
      named ? { lines: [{ line: invoice.lines[1].uuid, amount: '0.31' }] } : {},
    );
    expect(last.statusCode, last.body).toBe(201);
    expect(last.json()).toMatchObject({ total_ex_vat: '0.31', total_vat: '0.08', total: '0.39' });
    expect(await get(`/api/v1/invoices/${invoice.uuid}/`)).toMatchObject({
      status: 'credited',
      credited: '626.24',
      balance: '0.00',
    });
    const more = await post(`/api/v1/invoices/${invoice.uuid}/credit-notes/`, {});
    expect(more.statusCode).toBe(400);
  });
});

describe("an invoice's balance is what is still to pay, never below zero", () => {
  it('paid, then credited in full: balance 0.00, the total on account credit', async () => {
    const invoice = await invoiceOf('BAL-FULL', 'M500');
    expect((await post('/api/v1/payments/', { amount: '625.00', invoice: invoice.uuid })).statusCode).toBe(
      201,
    );
    expect((await post(`/api/v1/invoices/${invoice.uuid}/credit-notes/`, {})).statusCode).toBe(201);
    expect(await get(`/api/v1/invoices/${invoice.uuid}/`)).toMatchObject({
      status: 'credited',
      paid: '625.00',
      credited: '625.00',
      balance: '0.00',
    });
    expect((await get('/api/v1/accounts/BAL-FULL/credit/')).balances).toEqual([
      { currency: 'DKK', amount: '625.00' },
    ]);
  });

  it('400 paid of 625, then 375 credited: paid, balance 0.00, 150.00 on account credit', async () => {
    const invoice = await invoiceOf('BAL-PART', 'M500');
    expect((await post('/api/v1/payments/', { amount: '400.00', invoice: invoice.uuid })).statusCode).toBe(
      201,
    );
    // 300.00 net of the line + 75.00 VAT = 375.00; 225.00 was still owed, so 375 − 225 = 150.00 goes to credit.
    const note = await post(`/api/v1/invoices/${invoice.uuid}/credit-notes/`, {
      lines: [{ line: invoice.lines[0].uuid, amount: '300.00' }],
    });
    expect(note.json().total).toBe('375.00');
    expect(await get(`/api/v1/invoices/${invoice.uuid}/`)).toMatchObject({
      status: 'paid',
      paid: '400.00',
      credited: '375.00',
      balance: '0.00',
    });
    expect((await get('/api/v1/accounts/BAL-PART/credit/')).balances).toEqual([
      { currency: 'DKK', amount: '150.00' },
    ]);
  });
});

describe('a payment by reference alone', () => {
  it("is booked in the invoice's currency and matched", async () => {
    const invoice = await invoiceOf('EUR-REF', 'M500-EUR');
    expect(invoice).toMatchObject({ currency: 'EUR', total: '625.00' });
    const paid = await post('/api/v1/payments/', { amount: '625.00', reference: invoice.payment_reference });
    expect(paid.statusCode, paid.body).toBe(201);
    expect(paid.json()).toMatchObject({
      currency: 'EUR',
      status: 'matched',
      allocations: [{ invoice: invoice.uuid, amount: '625.00' }],
    });
    expect((await get(`/api/v1/invoices/${invoice.uuid}/`)).status).toBe('paid');
  });

  it("with a currency that is not the invoice's stays unmatched, on record", async () => {
    const invoice = await invoiceOf('EUR-DKK', 'M500-EUR');
    const paid = await post('/api/v1/payments/', {
      amount: '625.00',
      currency: 'DKK',
      reference: invoice.payment_reference,
    });
    expect(paid.statusCode, paid.body).toBe(201);
    expect(paid.json()).toMatchObject({ currency: 'DKK', status: 'unmatched', allocations: [] });
  });
});
