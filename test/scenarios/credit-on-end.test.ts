import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, draftsOf, expectNothingLeftToBill } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// Issue 11, defect 1: an end inside a period billed in advance gives back the days after the end, by
// whole days, the day of the end counting as unused: a credit note against the invoice when it was
// sent, a correction line on the open draft when it was not. VAT is Danish, 25 %.

let t: TestApp;
const post = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: authHeaders(t.org.tokens.full), payload });
const get = async (url: string) => {
  const res = await t.app.inject({ url, headers: authHeaders(t.org.tokens.read) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
/** Rounded to øre half away from zero, as every line is. */
const kroner = (value: Decimal.Value) => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const vat = (net: Decimal) => kroner(net.times('0.25'));

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await post('/api/v1/plans/', { code: 'P', name: 'Plan' });
  const yearly = await post('/api/v1/plan-terms/', {
    plan: 'P',
    code: 'Y',
    name: 'Yearly',
    price: '1200',
    interval: 'year',
    notice_period: 'P3M',
    notice_rule: 'end_of_month',
  });
  expect(yearly.statusCode, yearly.body).toBe(201);
  await post('/api/v1/plan-terms/', {
    plan: 'P',
    code: 'M',
    name: 'Monthly',
    price: '300',
    interval: 'month',
  });
  await post('/api/v1/plan-terms/', {
    plan: 'P',
    code: 'M50',
    name: 'Light',
    price: '50',
    interval: 'month',
  });
  const external = await post('/api/v1/plan-terms/', {
    plan: 'P',
    code: 'EXT',
    name: 'Imported',
    price: '300',
    interval: 'month',
    externally_managed: true,
  });
  expect(external.statusCode, external.body).toBe(201);
});
afterAll(async () => t.close());

async function subscribe(account: string, terms: string, start: string) {
  t.clock.set(`${start}T08:00:00Z`);
  await post('/api/v1/accounts/', {
    code: account,
    name: account,
    email: `${account.toLowerCase()}@example.com`,
  });
  const sub = await post('/api/v1/subscriptions/', { account, terms, start_date: start });
  expect(sub.statusCode, sub.body).toBe(201);
  return sub.json().uuid as string;
}

async function sendOpenDraft(account: string) {
  const [draft] = (await get(`/api/v1/invoice-drafts/?account=${account}&status=draft`)).results;
  const sent = await post(`/api/v1/invoice-drafts/${draft!.uuid}/send/`, {});
  expect(sent.statusCode, sent.body).toBe(201);
  return sent.json();
}

async function end(sub: string, day: string, payload: object) {
  t.clock.set(`${day}T09:00:00Z`);
  const res = await post(`/api/v1/subscriptions/${sub}/end/`, payload);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const creditNotesOf = async (account: string) =>
  (await get(`/api/v1/credit-notes/?account=${account}`)).results;

/** Everything invoiced less everything credited for an account, net, in kroner. */
async function netBilled(account: string) {
  const invoices = (await get(`/api/v1/invoices/?account=${account}`)).results as { total_ex_vat: string }[];
  const notes = (await creditNotesOf(account)) as { total_ex_vat: string }[];
  const drafts = (await get(`/api/v1/invoice-drafts/?account=${account}&status=draft`)).results as {
    total_ex_vat: string;
  }[];
  return [...invoices.map((i) => i.total_ex_vat), ...drafts.map((d) => d.total_ex_vat)]
    .reduce((sum, v) => sum.plus(v), new Decimal(0))
    .minus(notes.reduce((sum, n) => sum.plus(n.total_ex_vat), new Decimal(0)));
}

describe('ending a period billed in advance', () => {
  it('a yearly period sent and paid: a credit note for 153 of 365 days, refunded to account credit', async () => {
    const sub = await subscribe('YEAR-SENT', 'Y', '2025-01-01');
    await billOn(t, '2025-01-01');
    const invoice = await sendOpenDraft('YEAR-SENT');
    expect(invoice.total).toBe('1500.00');
    const paid = await post('/api/v1/payments/', { amount: '1500.00', invoice: invoice.uuid });
    expect(paid.statusCode, paid.body).toBe(201);

    t.clock.set('2025-04-20T09:00:00Z');
    const preview = await get(`/api/v1/subscriptions/${sub}/cancellation-preview/?notice_date=2025-04-20`);
    expect(preview.earliest_end_date).toBe('2025-08-01');
    expect((await end(sub, '2025-04-20', { end_date: '2025-08-01' })).status).toBe('ending');

    // 2025-08-01 to 2026-01-01 is 153 days of 365: 1200 × 153 / 365 = 503.0137 → 503.01, VAT 125.75.
    const net = kroner(new Decimal(1200).times(153).div(365));
    expect(net.toFixed(2)).toBe('503.01');
    const [note] = await creditNotesOf('YEAR-SENT');
    expect(note).toMatchObject({
      invoice: invoice.uuid,
      total_ex_vat: net.toFixed(2),
      total_vat: vat(net).toFixed(2),
      total: net.plus(vat(net)).toFixed(2),
    });
    expect(note.lines[0]).toMatchObject({
      period_start: '2025-08-01',
      period_end: '2026-01-01',
      credited_line: invoice.lines[0].uuid,
    });
    expect(note.lines[0].description).toContain('153 of 365 days');
    // The invoice was paid: what the note gives back is the account's credit.
    const credit = await get('/api/v1/accounts/YEAR-SENT/credit/');
    expect(credit.balances).toEqual([{ currency: 'DKK', amount: '628.76' }]);

    await billOn(t, '2025-08-01');
    await billOn(t, '2026-01-01');
    await expectNothingLeftToBill(t, '2026-01-01');
    expect(await creditNotesOf('YEAR-SENT')).toHaveLength(1);
    // What stays billed is the 212 days it ran: 1200 × 212 / 365 = 696.99.
    expect((await netBilled('YEAR-SENT')).toFixed(2)).toBe(
      kroner(new Decimal(1200).times(212).div(365)).toFixed(2),
    );
  });

  it('a yearly period still on the open draft: a correction line on that draft', async () => {
    const sub = await subscribe('YEAR-DRAFT', 'Y', '2025-01-01');
    await billOn(t, '2025-01-01');
    await end(sub, '2025-04-20', { end_date: '2025-08-01' });
    const [draft] = await draftsOf(t, 'YEAR-DRAFT');
    expect(draft!.lines.map((l) => [l.source, l.amount, l.period_start, l.period_end])).toEqual([
      ['recurring', '1200.00', '2025-01-01', '2026-01-01'],
      ['correction', '-503.01', '2025-08-01', '2026-01-01'],
    ]);
    // 1200 − 503.01 = 696.99 net, VAT on the draft's sum: 174.2475 → 174.25.
    expect(draft).toMatchObject({ total_ex_vat: '696.99', total_vat: '174.25', total: '871.24' });
    await billOn(t, '2025-08-01');
    await expectNothingLeftToBill(t, '2026-01-01');
    expect(await creditNotesOf('YEAR-DRAFT')).toEqual([]);
  });

  it('monthly terms ended by force inside a sent period: 21 of 31 days back', async () => {
    const sub = await subscribe('MONTH-FORCE', 'M', '2025-03-01');
    await billOn(t, '2025-03-01');
    const invoice = await sendOpenDraft('MONTH-FORCE');
    await end(sub, '2025-03-05', { end_date: '2025-03-11', force: true });
    // 2025-03-11 to 2025-04-01: 21 of 31 days; 300 × 21 / 31 = 203.2258 → 203.23.
    const net = kroner(new Decimal(300).times(21).div(31));
    const [note] = await creditNotesOf('MONTH-FORCE');
    expect(note).toMatchObject({ invoice: invoice.uuid, total_ex_vat: net.toFixed(2) });
    const after = await get(`/api/v1/invoices/${invoice.uuid}/`);
    expect(after).toMatchObject({ credited: net.plus(vat(net)).toFixed(2), status: 'partially_paid' });
    await billOn(t, '2025-04-01');
    await expectNothingLeftToBill(t, '2025-04-01');
    expect((await netBilled('MONTH-FORCE')).toFixed(2)).toBe(
      kroner(new Decimal(300).times(10).div(31)).toFixed(2),
    );
  });

  it('an end moved earlier gives back only the days between the two ends; moved later it is refused', async () => {
    const sub = await subscribe('YEAR-TWICE', 'Y', '2025-01-01');
    await billOn(t, '2025-01-01');
    await sendOpenDraft('YEAR-TWICE');
    await end(sub, '2025-04-20', { end_date: '2025-08-01' });
    await end(sub, '2025-04-21', { end_date: '2025-06-01', force: true });
    const notes = (await creditNotesOf('YEAR-TWICE')) as {
      total_ex_vat: string;
      lines: { period_start: string; period_end: string }[];
    }[];
    // First 153 days (503.01), then 2025-06-01 to 2025-08-01: 61 days, 1200 × 61 / 365 = 200.5479 → 200.55.
    expect(notes.map((n) => [n.total_ex_vat, n.lines[0]!.period_start, n.lines[0]!.period_end])).toEqual([
      ['503.01', '2025-08-01', '2026-01-01'],
      [kroner(new Decimal(1200).times(61).div(365)).toFixed(2), '2025-06-01', '2025-08-01'],
    ]);
    const later = await post(`/api/v1/subscriptions/${sub}/end/`, { end_date: '2025-09-01' });
    expect(later.statusCode).toBe(400);
    expect(later.json().errors[0]).toMatchObject({ field: 'end_date', code: 'end_settled' });
    await billOn(t, '2026-01-01');
    await expectNothingLeftToBill(t, '2026-01-01');
    // It ran 151 days: 1200 × 151 / 365 = 496.438 → within one øre per line of 1200 − 503.01 − 200.55.
    const ran = new Decimal(1200).times(151).div(365);
    expect((await netBilled('YEAR-TWICE')).minus(ran).abs().lte('0.02')).toBe(true);
  });

  it('an end on a period boundary credits nothing and can still be moved later', async () => {
    const sub = await subscribe('MONTH-EDGE', 'M', '2025-05-01');
    await billOn(t, '2025-05-01');
    await end(sub, '2025-05-02', { end_date: '2025-06-01' });
    expect((await draftsOf(t, 'MONTH-EDGE'))[0]!.lines.map((l) => l.source)).toEqual(['recurring']);
    await end(sub, '2025-05-03', { end_date: '2025-07-01' });
    await billOn(t, '2025-06-01');
    await expectNothingLeftToBill(t, '2025-07-01');
    expect((await netBilled('MONTH-EDGE')).toFixed(2)).toBe('600.00');
  });
});

describe('a downgrade inside a period already invoiced', () => {
  async function downgrade(sub: string, day: string) {
    t.clock.set(`${day}T09:00:00Z`);
    const order = await post('/api/v1/orders/', {
      type: 'change_terms',
      subscription: sub,
      terms: 'M50',
      effective: 'immediately',
    });
    expect(order.statusCode, order.body).toBe(201);
    expect((await post(`/api/v1/orders/${order.json().uuid}/commit/`, {})).statusCode).toBe(200);
  }

  it.each([
    ['unpaid: the credit note lowers what is owed', 'DOWN-OPEN', false],
    ['paid: the credit note goes to account credit, used by the next invoice', 'DOWN-PAID', true],
  ])('%s; the new monthly fees are invoiced on time', async (_, account, pay) => {
    const sub = await subscribe(account, 'Y', '2025-01-01');
    await billOn(t, '2025-01-01');
    const invoice = await sendOpenDraft(account);
    if (pay)
      expect((await post('/api/v1/payments/', { amount: '1500.00', invoice: invoice.uuid })).statusCode).toBe(
        201,
      );
    await downgrade(sub, '2025-03-15');
    await billOn(t, '2025-03-15');
    // 2025-03-15 to 2026-01-01 is 292 of 365 days: 1200 × 292 / 365 = 960.00 back, VAT 240.00.
    const [note] = await creditNotesOf(account);
    expect(note).toMatchObject({ invoice: invoice.uuid, total_ex_vat: '960.00', total: '1200.00' });
    expect(note.lines[0]).toMatchObject({ period_start: '2025-03-15', period_end: '2026-01-01' });
    // The draft holds only the new terms' first month, positive, and can be sent at once.
    const [draft] = (await get(`/api/v1/invoice-drafts/?account=${account}&status=draft`)).results;
    expect(draft.lines.map((l: { amount: string }) => l.amount)).toEqual(['50.00']);
    const next = await sendOpenDraft(account);
    expect(next.total).toBe('62.50');
    expect(await get(`/api/v1/invoices/${invoice.uuid}/`)).toMatchObject({
      credited: '1200.00',
      balance: pay ? '0.00' : '300.00',
    });
    // Paid: 1200.00 went to account credit and paid the 62.50 of the next invoice.
    expect(next.balance).toBe(pay ? '0.00' : '62.50');
    await billOn(t, '2025-04-15');
    await expectNothingLeftToBill(t, '2025-04-15');
    // Billed: 1200 × 73/365 = 240.00 of the year, then two months at 50.00.
    expect((await netBilled(account)).toFixed(2)).toBe('340.00');
  });

  it('ended after the downgrade: the credit note for the year is not given twice', async () => {
    const sub = await subscribe('DOWN-END', 'Y', '2025-01-01');
    await billOn(t, '2025-01-01');
    await sendOpenDraft('DOWN-END');
    await downgrade(sub, '2025-03-15');
    await billOn(t, '2025-04-15');
    await end(sub, '2025-04-20', { end_date: '2025-05-01', force: true });
    await billOn(t, '2025-05-01');
    await expectNothingLeftToBill(t, '2025-05-01');
    // The year's days from 2025-05-01 were given back by the downgrade's credit note already: no second
    // one. The month from 2025-04-15 (30 days) is on the open draft: 50 × 14 / 30 = 23.33 back.
    expect(await creditNotesOf('DOWN-END')).toHaveLength(1);
    const [draft] = (await get('/api/v1/invoice-drafts/?account=DOWN-END&status=draft')).results;
    expect(draft.lines.map((l: { source: string; amount: string }) => [l.source, l.amount])).toEqual([
      ['recurring', '50.00'],
      ['recurring', '50.00'],
      ['correction', '-23.33'],
    ]);
    // It ran: 240.00 of the year, a month at 50.00, then 16 of 30 days: 50 − 23.33 = 26.67.
    expect((await netBilled('DOWN-END')).toFixed(2)).toBe('316.67');
  });
});

describe('an end imported from the leading system', () => {
  it('credits the sent month too, and the credit note is e-mailed after the import commits', async () => {
    t.clock.set('2025-06-01T08:00:00Z');
    await post('/api/v1/accounts/', { code: 'IMPORTED', name: 'Imported', email: 'imported@example.com' });
    const importOrder = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/imports/orders/',
        headers: authHeaders(t.org.tokens.import),
        payload: {
          externalSystemId: 'LEAD-END',
          planTerms: 'EXT',
          invoiceCustomerId: 'IMPORTED',
          quantity: 1,
          startDate: '2025-06-01',
          paymentMethod: 'invoice',
          ...payload,
        },
      });
    expect((await importOrder({})).statusCode).toBe(201);
    await billOn(t, '2025-06-01');
    const invoice = await sendOpenDraft('IMPORTED');
    t.clock.set('2025-06-05T08:00:00Z');
    const ended = await importOrder({ endDate: '2025-06-11' });
    expect(ended.statusCode, ended.body).toBe(200);
    // 2025-06-11 to 2025-07-01: 20 of 30 days, 300 × 20 / 30 = 200.00.
    const [note] = await creditNotesOf('IMPORTED');
    expect(note).toMatchObject({ invoice: invoice.uuid, total_ex_vat: '200.00' });
    expect(note.emailed_date).not.toBeNull();
    await expectNothingLeftToBill(t, '2025-06-11');
  });
});
