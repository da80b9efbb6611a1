import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditorReference, swedishOcr } from '../../src/domain/payment-references.ts';
import { writeBgMax, writeCamt054 } from '../support/bank-file-writers.ts';
import { billOn } from '../support/billing.ts';
import { startMailCatcher } from '../support/mail-catcher.ts';
import {
  authHeaders,
  createTestApp,
  createTestOrganization,
  type TestApp,
  type TestOrganization,
} from '../support/test-app.ts';

/*
 * Bank files booked through POST /api/v1/payments/import/: BgMax (Bankgirot, SEK) for the Swedish
 * organization with OCR references, camt.054 for the Danish one with creditor references (RF).
 */

let t: TestApp;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
/** A third tenant that never imports anything. */
let stranger: TestOrganization;

const call = (method: 'POST' | 'GET' | 'PATCH', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(token), ...(payload ? { payload } : {}) });

interface Invoice {
  uuid: string;
  number: string;
  account: string;
  status: string;
  paid: string;
  balance: string;
  payment_reference: string;
}

interface Payment {
  uuid: string;
  source: string;
  amount: string;
  currency: string;
  reference: string | null;
  payer_name: string | null;
  account: string | null;
  status: string;
  allocations: { invoice: string; amount: string }[];
}

async function setUp(org: TestOrganization, scheme: 'se_ocr' | 'rf', prefix: string, country: string) {
  const token = org.tokens.full;
  const settings = await call('PATCH', '/api/v1/organization/', token, {
    name: `Seller ${prefix}`,
    email: `billing-${prefix.toLowerCase()}@seller.test`,
    payment_reference_scheme: scheme,
    payment_terms_days: 30,
  });
  expect(settings.statusCode, settings.body).toBe(200);
  expect((await call('POST', '/api/v1/plans/', token, { code: 'P', name: 'Plan' })).statusCode).toBe(201);
  const terms = await call('POST', '/api/v1/plan-terms/', token, {
    plan: 'P',
    code: 'M',
    name: 'Monthly',
    price: '200',
    interval: 'month',
  });
  expect(terms.statusCode, terms.body).toBe(201);
  const invoices: Invoice[] = [];
  for (const n of [1, 2, 3, 4]) {
    const code = `${prefix}${n}`;
    const account = await call('POST', '/api/v1/accounts/', token, {
      code,
      name: `Customer ${code}`,
      email: `${code.toLowerCase()}@example.com`,
      legal_country: country,
    });
    expect(account.statusCode, account.body).toBe(201);
    const subscription = await call('POST', '/api/v1/subscriptions/', token, {
      account: code,
      terms: 'M',
      start_date: '2025-02-01',
    });
    expect(subscription.statusCode, subscription.body).toBe(201);
  }
  await billOn(t, '2025-02-01', org);
  for (const n of [1, 2, 3, 4]) {
    const drafts = await call('GET', `/api/v1/invoice-drafts/?account=${prefix}${n}&status=draft`, token);
    const [draft] = drafts.json().results;
    const sent = await call('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`, token);
    expect(sent.statusCode, sent.body).toBe(201);
    invoices.push(sent.json());
  }
  return invoices;
}

async function invoiceOf(org: TestOrganization, id: string): Promise<Invoice> {
  const res = await call('GET', `/api/v1/invoices/${id}/`, org.tokens.read);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function paymentsOf(org: TestOrganization): Promise<Payment[]> {
  const res = await call('GET', '/api/v1/payments/?limit=100', org.tokens.read);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().results;
}

const importFile = (org: TestOrganization, content: string) =>
  call('POST', '/api/v1/payments/import/', org.tokens.full, { content });

let sek: Invoice[];
let dkk: Invoice[];

beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTestApp({
    now: '2025-02-01T08:00:00Z',
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'billing@kassa.test',
      gateways: {},
      publicUrl: 'https://kassa.test',
    },
  });
  stranger = await createTestOrganization(t.services, { country: 'SE', currency: 'SEK' });
  sek = await setUp(t.other, 'se_ocr', 'S', 'SE');
  dkk = await setUp(t.org, 'rf', 'D', 'DK');
  t.clock.set('2025-02-10T10:00:00Z');
});
afterAll(async () => {
  await t?.close();
  await mail?.close();
});

describe('the invoices to pay', () => {
  it('carry OCR references in Sweden and creditor references in Denmark', () => {
    expect(sek.map((i) => [i.number, i.payment_reference, i.balance])).toEqual([
      ['2025-000001', swedishOcr('2025000001'), '250.00'],
      ['2025-000002', swedishOcr('2025000002'), '250.00'],
      ['2025-000003', swedishOcr('2025000003'), '250.00'],
      ['2025-000004', swedishOcr('2025000004'), '250.00'],
    ]);
    // Payload 2025000001 + length digit 2 (12 digits) + Luhn digit.
    expect(sek[0]!.payment_reference).toMatch(/^20250000012\d$/);
    expect(dkk.map((i) => [i.number, i.payment_reference])).toEqual([
      ['2025-000001', creditorReference('2025000001')],
      ['2025-000002', creditorReference('2025000002')],
      ['2025-000003', creditorReference('2025000003')],
      ['2025-000004', creditorReference('2025000004')],
    ]);
    expect(dkk[0]!.payment_reference).toMatch(/^RF\d{2}2025000001$/);
  });
});

describe('a BgMax file', () => {
  const unknownOcr = swedishOcr('99999');
  let bgmax: string;

  it('books a full payment, a partial one and an overpayment, and reports an unknown reference', async () => {
    const [s1, s2, s3] = sek as [Invoice, Invoice, Invoice];
    bgmax = writeBgMax(
      [
        {
          reference: s1.payment_reference,
          amountMinor: 25_000,
          bankReference: '100000000001',
          payerName: 'Customer S1',
        },
        { reference: s2.payment_reference, amountMinor: 10_000, bankReference: '100000000002' },
        { reference: unknownOcr, amountMinor: 4_200, bankReference: '100000000003' },
        { reference: s3.payment_reference, amountMinor: 30_000, bankReference: '100000000004' },
      ],
      { date: '2025-02-10', bankgiro: '991-2346' },
    );
    const res = await importFile(t.other, bgmax);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ format: 'bgmax', matched: 3, unmatched: 1, duplicates: 0 });
    expect(report.lines.map((l: Record<string, unknown>) => ({ ...l, payment: typeof l.payment }))).toEqual([
      {
        // TK01, TK05, then this TK20 on record 3 and its name (TK26) on record 4.
        line: 3,
        bank_reference: '9912346/20250210/100000000001',
        reference: s1.payment_reference,
        amount: '250.00',
        currency: 'SEK',
        date: '2025-02-10',
        outcome: 'matched',
        payment: 'string',
        invoice: '2025-000001',
        credit: '0.00',
        reason: null,
      },
      {
        line: 5,
        bank_reference: '9912346/20250210/100000000002',
        reference: s2.payment_reference,
        amount: '100.00',
        currency: 'SEK',
        date: '2025-02-10',
        outcome: 'matched',
        payment: 'string',
        invoice: '2025-000002',
        credit: '0.00',
        reason: null,
      },
      {
        line: 6,
        bank_reference: '9912346/20250210/100000000003',
        reference: unknownOcr,
        amount: '42.00',
        currency: 'SEK',
        date: '2025-02-10',
        outcome: 'unmatched',
        payment: 'string',
        invoice: null,
        credit: '0.00',
        reason: `no invoice has the reference ${unknownOcr}`,
      },
      {
        line: 7,
        bank_reference: '9912346/20250210/100000000004',
        reference: s3.payment_reference,
        amount: '300.00',
        currency: 'SEK',
        date: '2025-02-10',
        outcome: 'matched',
        payment: 'string',
        invoice: '2025-000003',
        credit: '50.00',
        reason: null,
      },
    ]);

    expect(await invoiceOf(t.other, s1.uuid)).toMatchObject({
      status: 'paid',
      paid: '250.00',
      balance: '0.00',
    });
    expect(await invoiceOf(t.other, s2.uuid)).toMatchObject({
      status: 'partially_paid',
      paid: '100.00',
      balance: '150.00',
    });
    expect(await invoiceOf(t.other, s3.uuid)).toMatchObject({
      status: 'paid',
      paid: '250.00',
      balance: '0.00',
    });

    const payments = await paymentsOf(t.other);
    expect(payments).toHaveLength(4);
    const byId = new Map(payments.map((p) => [p.uuid, p]));
    const [first, second, unknown, over] = report.lines.map((l: { payment: string }) => byId.get(l.payment));
    expect(first).toMatchObject({
      source: 'bgmax',
      amount: '250.00',
      currency: 'SEK',
      payer_name: 'Customer S1',
      account: s1.account,
      status: 'matched',
      allocations: [{ invoice: s1.uuid, amount: '250.00' }],
    });
    expect(second).toMatchObject({
      status: 'matched',
      allocations: [{ invoice: s2.uuid, amount: '100.00' }],
    });
    expect(unknown).toMatchObject({
      source: 'bgmax',
      amount: '42.00',
      reference: unknownOcr,
      account: null,
      status: 'unmatched',
      allocations: [],
    });
    // 300 paid: 250 settle the invoice, the 50 over it stay with the account as credit.
    expect(over).toMatchObject({
      amount: '300.00',
      status: 'matched',
      allocations: [{ invoice: s3.uuid, amount: '250.00' }],
    });
    const unmatched = await call('GET', '/api/v1/payments/?status=unmatched', t.other.tokens.read);
    expect(unmatched.json().results.map((p: Payment) => p.uuid)).toEqual([unknown!.uuid]);
  });

  it('reports every line of the same file imported again as a duplicate and books nothing', async () => {
    const before = await paymentsOf(t.other);
    const res = await importFile(t.other, bgmax);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ format: 'bgmax', matched: 0, unmatched: 0, duplicates: 4 });
    expect(
      report.lines.map((l: Record<string, unknown>) => [
        l.line,
        l.bank_reference,
        l.outcome,
        l.payment,
        l.invoice,
        l.credit,
        l.reason,
      ]),
    ).toEqual(
      [3, 5, 6, 7].map((line, i) => [
        line,
        `9912346/20250210/10000000000${i + 1}`,
        'duplicate',
        null,
        null,
        '0.00',
        'already booked from an earlier import',
      ]),
    );
    expect(await paymentsOf(t.other)).toEqual(before);
    const [s1, s2, s3] = sek as [Invoice, Invoice, Invoice];
    expect((await invoiceOf(t.other, s1.uuid)).balance).toBe('0.00');
    expect(await invoiceOf(t.other, s2.uuid)).toMatchObject({ status: 'partially_paid', balance: '150.00' });
    expect((await invoiceOf(t.other, s3.uuid)).paid).toBe('250.00');
    // The 50 over S3's invoice became credit once, not twice: March's invoice uses exactly 50 of it.
    await billOn(t, '2025-03-01', t.other);
    const drafts = await call('GET', '/api/v1/invoice-drafts/?account=S3&status=draft', t.other.tokens.full);
    const march = await call(
      'POST',
      `/api/v1/invoice-drafts/${drafts.json().results[0].uuid}/send/`,
      t.other.tokens.full,
    );
    expect(march.json()).toMatchObject({
      number: '2025-000005',
      total: '250.00',
      paid: '50.00',
      balance: '200.00',
      status: 'partially_paid',
    });
    t.clock.set('2025-02-10T10:00:00Z');
  });

  it('refuses a damaged file, naming content, and books none of it', async () => {
    const s4 = sek[3]!;
    const complete = writeBgMax([{ reference: s4.payment_reference, amountMinor: 25_000 }], {
      date: '2025-02-11',
    });
    // Cut off after the deposit: the end record (TK70) is missing.
    const truncated = complete.split('\r\n').slice(0, -2).join('\r\n');
    const res = await importFile(t.other, truncated);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([
      {
        field: 'content',
        code: 'bank_file',
        message: 'no end record (TK70): the file is truncated',
      },
    ]);
    // A deposit whose total does not add up is refused too.
    const wrongTotal = complete.replace(
      /^15(.{35})(\d{8})(\d{5})(\d{18})/m,
      (_m, pad, date, serial) => `15${pad}${date}${serial}${'9'.padStart(18, '0')}`,
    );
    const bad = await importFile(t.other, wrongTotal);
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().errors[0].field).toBe('content');
    expect(bad.json().errors[0].message).toBe(
      'line 4: deposit amount 9 differs from payments 25000 less deductions 0',
    );
    expect(await invoiceOf(t.other, s4.uuid)).toMatchObject({
      status: 'open',
      paid: '0.00',
      balance: '250.00',
    });
    expect(await paymentsOf(t.other)).toHaveLength(4);
    // The same payments in an intact file are booked.
    const good = await importFile(t.other, complete);
    expect(good.json()).toMatchObject({
      matched: 1,
      lines: [{ outcome: 'matched', invoice: '2025-000004' }],
    });
    expect(await invoiceOf(t.other, s4.uuid)).toMatchObject({ status: 'paid', balance: '0.00' });
  });
});

describe('a camt.054 file', () => {
  const unknownRf = creditorReference('99999')!;
  let camt: string;

  it('books a full and a partial payment and reports an unknown reference and a foreign currency', async () => {
    const [d1, d2, d3] = dkk as [Invoice, Invoice, Invoice];
    camt = writeCamt054(
      [
        { reference: d1.payment_reference, amountMinor: 25_000, currency: 'DKK', bankReference: 'DK-0001' },
        {
          // People type references in groups of four and in lower case; the match ignores both.
          reference: d2.payment_reference
            .toLowerCase()
            .replace(/(.{4})/g, '$1 ')
            .trim(),
          amountMinor: 12_345,
          currency: 'DKK',
          bankReference: 'DK-0002',
          payerName: 'Customer D2',
        },
        { reference: unknownRf, amountMinor: 999, currency: 'DKK', bankReference: 'DK-0003' },
        { reference: d3.payment_reference, amountMinor: 25_000, currency: 'EUR', bankReference: 'DK-0004' },
      ],
      { date: '2025-02-12' },
    );
    const res = await importFile(t.org, camt);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ format: 'camt054', matched: 2, unmatched: 2, duplicates: 0 });
    expect(
      report.lines.map((l: Record<string, unknown>) => [
        l.line,
        l.bank_reference,
        l.reference,
        l.amount,
        l.currency,
        l.date,
        l.outcome,
        l.invoice,
        l.credit,
        l.reason,
      ]),
    ).toEqual([
      [
        1,
        'DK-0001',
        d1.payment_reference,
        '250.00',
        'DKK',
        '2025-02-12',
        'matched',
        '2025-000001',
        '0.00',
        null,
      ],
      [
        2,
        'DK-0002',
        d2.payment_reference,
        '123.45',
        'DKK',
        '2025-02-12',
        'matched',
        '2025-000002',
        '0.00',
        null,
      ],
      [
        3,
        'DK-0003',
        unknownRf,
        '9.99',
        'DKK',
        '2025-02-12',
        'unmatched',
        null,
        '0.00',
        `no invoice has the reference ${unknownRf}`,
      ],
      [
        4,
        'DK-0004',
        d3.payment_reference,
        '250.00',
        'EUR',
        '2025-02-12',
        'unmatched',
        null,
        '0.00',
        'invoice 2025-000003 is in DKK, the payment in EUR',
      ],
    ]);
    expect(await invoiceOf(t.org, d1.uuid)).toMatchObject({ status: 'paid', balance: '0.00' });
    expect(await invoiceOf(t.org, d2.uuid)).toMatchObject({
      status: 'partially_paid',
      paid: '123.45',
      balance: '126.55',
    });
    expect(await invoiceOf(t.org, d3.uuid)).toMatchObject({
      status: 'open',
      paid: '0.00',
      balance: '250.00',
    });
    const payments = await paymentsOf(t.org);
    expect(payments.map((p) => [p.source, p.amount, p.currency, p.status]).sort()).toEqual([
      ['camt054', '123.45', 'DKK', 'matched'],
      ['camt054', '250.00', 'DKK', 'matched'],
      ['camt054', '250.00', 'EUR', 'unmatched'],
      ['camt054', '9.99', 'DKK', 'unmatched'],
    ]);
    expect(payments.find((p) => p.amount === '123.45')).toMatchObject({
      payer_name: 'Customer D2',
      account: d2.account,
      allocations: [{ invoice: d2.uuid, amount: '123.45' }],
    });
  });

  it('reports the same file imported again as duplicates and changes nothing', async () => {
    const before = await paymentsOf(t.org);
    const res = await importFile(t.org, camt);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ format: 'camt054', matched: 0, unmatched: 0, duplicates: 4 });
    expect(
      res.json().lines.map((l: { outcome: string; payment: string | null }) => [l.outcome, l.payment]),
    ).toEqual([
      ['duplicate', null],
      ['duplicate', null],
      ['duplicate', null],
      ['duplicate', null],
    ]);
    expect(await paymentsOf(t.org)).toEqual(before);
    expect(await invoiceOf(t.org, dkk[1]!.uuid)).toMatchObject({
      status: 'partially_paid',
      balance: '126.55',
    });
  });

  it('refuses damaged XML, naming content, and books none of it', async () => {
    const d4 = dkk[3]!;
    const file = writeCamt054([{ reference: d4.payment_reference, amountMinor: 25_000, currency: 'DKK' }], {
      date: '2025-02-13',
    });
    const damaged = file.slice(0, file.indexOf('</Ntfctn>'));
    const res = await importFile(t.org, damaged);
    expect(res.statusCode, res.body).toBe(400);
    const [error] = res.json().errors;
    expect(error.field).toBe('content');
    expect(error.code).toBe('bank_file');
    expect(error.message).toMatch(/^invalid XML: /);
    const notABankFile = await importFile(t.org, 'Date;Amount;Reference\n2025-02-13;250.00;RF00\n');
    expect(notABankFile.statusCode).toBe(400);
    expect(notABankFile.json().errors).toEqual([
      {
        field: 'content',
        code: 'bank_file',
        message: 'unknown bank file format: expected BgMax or camt.054',
      },
    ]);
    expect(await invoiceOf(t.org, d4.uuid)).toMatchObject({ status: 'open', balance: '250.00' });
    expect(await paymentsOf(t.org)).toHaveLength(4);
  });
});

describe('tenancy', () => {
  it('keeps each organization to its own payments and invoices', async () => {
    expect(await paymentsOf(stranger)).toEqual([]);
    const own = await paymentsOf(t.org);
    expect(own.every((p) => p.source === 'camt054')).toBe(true);
    const swedish = await paymentsOf(t.other);
    expect(swedish.map((p) => p.source)).toEqual(['bgmax', 'bgmax', 'bgmax', 'bgmax', 'bgmax']);
    for (const payment of [...own, ...swedish]) {
      const res = await call('GET', `/api/v1/payments/${payment.uuid}/`, stranger.tokens.full);
      expect(res.statusCode).toBe(404);
    }
    const foreignPayment = await call('GET', `/api/v1/payments/${swedish[0]!.uuid}/`, t.org.tokens.full);
    expect(foreignPayment.statusCode).toBe(404);
    const foreignInvoice = await call('GET', `/api/v1/invoices/${sek[0]!.uuid}/`, stranger.tokens.full);
    expect(foreignInvoice.statusCode).toBe(404);
  });

  it('never matches another organization’s reference', async () => {
    // The stranger's bank sends a payment with a reference of the Swedish organization's invoice.
    const res = await importFile(
      stranger,
      writeBgMax([{ reference: sek[1]!.payment_reference, amountMinor: 15_000 }], { date: '2025-02-14' }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      matched: 0,
      unmatched: 1,
      lines: [
        {
          outcome: 'unmatched',
          invoice: null,
          reason: `no invoice has the reference ${sek[1]!.payment_reference}`,
        },
      ],
    });
    expect(await invoiceOf(t.other, sek[1]!.uuid)).toMatchObject({
      status: 'partially_paid',
      balance: '150.00',
    });
    expect(await paymentsOf(stranger)).toHaveLength(1);
  });
});
