import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUpInvoice } from '../../src/invoices/invoice-jobs.ts';
import { billOn } from '../support/billing.ts';
import * as fakeQuickPay from '../support/fake-quickpay.ts';
import * as fakeStripe from '../support/fake-stripe.ts';
import { startMailCatcher } from '../support/mail-catcher.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/*
 * Card-collected subscriptions: their invoices are charged when sent, through local stand-ins for
 * Stripe and QuickPay. A charge that only the customer can fix starts dunning; a timeout is retried
 * with the same idempotency key and never charges twice.
 */

let t: TestApp;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let stripe: fakeStripe.FakeStripe;
let quickpay: fakeQuickPay.FakeQuickPay;

const caller = (app: () => TestApp) => (method: 'POST' | 'GET' | 'PATCH', url: string, payload?: object) =>
  app().app.inject({
    method,
    url,
    headers: authHeaders(app().org.tokens.full),
    ...(payload ? { payload } : {}),
  });
type Call = ReturnType<typeof caller>;
const call = caller(() => t);

interface Invoice {
  uuid: string;
  number: string;
  account: string;
  status: string;
  paid: string;
  balance: string;
  collection_method: string;
}

interface Collection {
  invoice: string;
  status: string;
  dunning: {
    step: number;
    due_on: string;
    final: boolean;
    status: string;
    result: string | null;
    done_date: string | null;
  }[];
  card_charges: {
    attempt: number;
    amount: string;
    status: string;
    gateway_reference: string | null;
    error: string | null;
  }[];
}

/** Plan P with monthly terms M at 200 DKK, and the organization's invoicing settings. */
async function setUpCatalog(request: Call) {
  const settings = await request('PATCH', '/api/v1/organization/', {
    name: 'Nordlys ApS',
    email: 'faktura@nordlys.test',
    payment_reference_scheme: 'dk_fik71',
    payment_terms_days: 14,
    dunning_days: [3, 7, 14],
  });
  expect(settings.statusCode, settings.body).toBe(200);
  expect((await request('POST', '/api/v1/plans/', { code: 'P', name: 'Plan' })).statusCode).toBe(201);
  const terms = await request('POST', '/api/v1/plan-terms/', {
    plan: 'P',
    code: 'M',
    name: 'Monthly',
    price: '200',
    interval: 'month',
  });
  expect(terms.statusCode, terms.body).toBe(201);
}

/** An account with a card-collected subscription from 2025-01-01 and, if given, a card. */
async function cardCustomer(
  request: Call,
  code: string,
  card: { gateway: 'stripe' | 'quickpay'; token: string } | null,
) {
  const account = await request('POST', '/api/v1/accounts/', {
    code,
    name: `Kunde ${code}`,
    email: `${code.toLowerCase()}@example.com`,
    legal_country: 'DK',
  });
  expect(account.statusCode, account.body).toBe(201);
  const subscription = await request('POST', '/api/v1/subscriptions/', {
    account: code,
    terms: 'M',
    start_date: '2025-01-01',
    collection_method: 'card',
  });
  expect(subscription.statusCode, subscription.body).toBe(201);
  expect(subscription.json().collection_method).toBe('card');
  if (card) {
    const added = await request('POST', '/api/v1/paymentcards/', { account: code, ...card });
    expect(added.statusCode, added.body).toBe(201);
  }
}

async function send(request: Call, account: string): Promise<Invoice> {
  const drafts = await request('GET', `/api/v1/invoice-drafts/?account=${account}&status=draft`);
  const [draft] = drafts.json().results;
  const res = await request('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function collectionOf(request: Call, invoice: Invoice): Promise<Collection> {
  const res = await request('GET', `/api/v1/invoices/${invoice.uuid}/dunning/`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function invoiceOf(request: Call, invoice: Invoice): Promise<Invoice> {
  const res = await request('GET', `/api/v1/invoices/${invoice.uuid}/`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The dunning schedule of a charge that failed on the issue day, 2025-01-01. */
const scheduledFromIssueDay = [
  { step: 1, due_on: '2025-01-04', final: false, status: 'scheduled', result: null, done_date: null },
  { step: 2, due_on: '2025-01-08', final: false, status: 'scheduled', result: null, done_date: null },
  { step: 3, due_on: '2025-01-15', final: true, status: 'scheduled', result: null, done_date: null },
];

beforeAll(async () => {
  mail = await startMailCatcher();
  // Answers to the slow tokens come long after the client gave up waiting (2 s, ample on a busy machine).
  stripe = await fakeStripe.start({ slowMs: 30_000 });
  quickpay = await fakeQuickPay.start({ slowMs: 30_000 });
  t = await createTestApp({
    now: '2025-01-01T08:00:00Z',
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'billing@kassa.test',
      gateways: {
        stripe: { apiKey: stripe.apiKey, baseUrl: stripe.baseUrl, timeoutMs: 2_000 },
        quickpay: { apiKey: quickpay.apiKey, baseUrl: quickpay.baseUrl, timeoutMs: 2_000 },
      },
      publicUrl: 'https://kassa.test',
    },
  });
  await setUpCatalog(call);
  await cardCustomer(call, 'VISA', { gateway: 'stripe', token: 'pm_card_visa' });
  await cardCustomer(call, 'DECLINED', { gateway: 'stripe', token: 'pm_card_chargeDeclined' });
  await cardCustomer(call, 'SCA', { gateway: 'stripe', token: 'pm_card_authenticationRequired' });
  await cardCustomer(call, 'SLOW', { gateway: 'stripe', token: 'pm_card_timeout' });
  await cardCustomer(call, 'NOCARD', null);
  await cardCustomer(call, 'SWAP', { gateway: 'stripe', token: 'pm_card_timeout' });
  await cardCustomer(call, 'QPOK', { gateway: 'quickpay', token: 'qp_ok' });
  await cardCustomer(call, 'QPDECLINED', { gateway: 'quickpay', token: 'qp_declined' });
  await cardCustomer(call, 'QPSLOW', { gateway: 'quickpay', token: 'qp_timeout' });
  await billOn(t, '2025-01-01');
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
  await quickpay?.close();
  await mail?.close();
});

describe('Stripe', () => {
  it('charges a card-collected invoice when it is sent: paid, one charge, a card payment', async () => {
    const invoice = await send(call, 'VISA');
    expect(invoice).toMatchObject({
      number: '2025-000001',
      collection_method: 'card',
      status: 'paid',
      total: '250.00',
      paid: '250.00',
      balance: '0.00',
    });
    expect(stripe.charges).toEqual([
      { token: 'pm_card_visa', amount: 25_000, currency: 'dkk', idempotencyKey: `kassa-${invoice.uuid}-1` },
    ]);
    const [request] = stripe.requests;
    expect(request?.params).toMatchObject({
      amount: '25000',
      currency: 'dkk',
      payment_method: 'pm_card_visa',
      off_session: 'true',
      confirm: 'true',
      'metadata[order_id]': '2025-000001',
    });
    const collection = await collectionOf(call, invoice);
    expect(collection.dunning).toEqual([]);
    expect(collection.card_charges).toMatchObject([
      { attempt: 1, amount: '250.00', status: 'succeeded', error: null },
    ]);
    expect(collection.card_charges[0]!.gateway_reference).toMatch(/^pi_fake\d{6}$/);
    const payments = await call('GET', '/api/v1/payments/?source=card');
    expect(payments.json().results).toMatchObject([
      {
        source: 'card',
        amount: '250.00',
        currency: 'DKK',
        payment_date: '2025-01-01',
        account: invoice.account,
        status: 'matched',
        allocations: [{ invoice: invoice.uuid, amount: '250.00' }],
      },
    ]);
    // The invoice still goes out by e-mail, as a receipt.
    expect(mail.received.filter((m) => m.subject === 'Faktura 2025-000001 fra Nordlys ApS')).toHaveLength(1);
    const audit = await call('GET', '/api/v1/audit-log/?action=card_charge.succeeded');
    expect(audit.json().results).toMatchObject([
      {
        client_system: 'kassa-card-charge',
        after: { invoice: invoice.uuid, attempt: 1, amount: 25_000, gateway: 'stripe' },
      },
    ]);
  });

  it('leaves a declined card’s invoice open and schedules dunning from the day of the decline', async () => {
    const invoice = await send(call, 'DECLINED');
    expect(invoice).toMatchObject({ status: 'open', paid: '0.00', balance: '250.00' });
    const collection = await collectionOf(call, invoice);
    expect(collection.status).toBe('open');
    expect(collection.dunning).toEqual(scheduledFromIssueDay);
    expect(collection.card_charges).toMatchObject([
      {
        attempt: 1,
        amount: '250.00',
        status: 'declined',
        error: 'generic_decline: Your card was declined.',
      },
    ]);
    expect(collection.card_charges[0]!.gateway_reference).toMatch(/^pi_fake\d{6}$/);
    expect(stripe.charges.filter((c) => c.token === 'pm_card_chargeDeclined')).toEqual([]);
    // Sending it again is no retry of the charge: the decline stands until dunning tries anew.
    const again = await followUpInvoice(t.services, t.org.id, invoice.uuid);
    expect(again.charge).toBe('declined');
    expect((await collectionOf(call, invoice)).card_charges).toHaveLength(1);
  });

  it('treats a card that needs 3-D Secure like a decline: open, dunning scheduled', async () => {
    const invoice = await send(call, 'SCA');
    expect(invoice.status).toBe('open');
    const collection = await collectionOf(call, invoice);
    expect(collection.dunning).toEqual(scheduledFromIssueDay);
    expect(collection.card_charges).toMatchObject([
      {
        attempt: 1,
        status: 'requires_action',
        error: 'authentication_required: Your card was declined. This transaction requires authentication.',
      },
    ]);
  });

  it('marks a timed-out charge retryable, and the retry with the same key charges exactly once', async () => {
    const invoice = await send(call, 'SLOW');
    expect(invoice).toMatchObject({ status: 'open', balance: '250.00' });
    const first = await collectionOf(call, invoice);
    // A timeout is nobody's fault: no dunning, the queue retries.
    expect(first.dunning).toEqual([]);
    expect(first.card_charges).toMatchObject([
      { attempt: 1, amount: '250.00', status: 'retryable', gateway_reference: null },
    ]);
    expect(first.card_charges[0]!.error).toMatch(/^stripe unreachable: /);
    // Stripe carried the charge out; only its answer was lost.
    const key = `kassa-${invoice.uuid}-1`;
    expect(stripe.charges.filter((c) => c.idempotencyKey === key)).toHaveLength(1);

    const retry = await followUpInvoice(t.services, t.org.id, invoice.uuid);
    expect(retry).toEqual({ emailed: true, emailError: null, charge: 'succeeded' });
    const requests = stripe.requests.filter((r) => r.idempotencyKey === key);
    expect(requests.map((r) => r.replayed)).toEqual([false, true]);
    expect(stripe.charges.filter((c) => c.token === 'pm_card_timeout')).toEqual([
      { token: 'pm_card_timeout', amount: 25_000, currency: 'dkk', idempotencyKey: key },
    ]);
    expect(await invoiceOf(call, invoice)).toMatchObject({ status: 'paid', paid: '250.00', balance: '0.00' });
    const after = await collectionOf(call, invoice);
    expect(after.card_charges).toMatchObject([{ attempt: 1, status: 'succeeded', error: null }]);
    expect(after.dunning).toEqual([]);

    // A third run (a job delivered twice) neither calls Stripe nor books anything.
    const third = await followUpInvoice(t.services, t.org.id, invoice.uuid);
    expect(third.charge).toBe('nothing_to_charge');
    expect(stripe.requests.filter((r) => r.idempotencyKey === key)).toHaveLength(2);
    const payments = await call('GET', `/api/v1/payments/?source=card&account=SLOW`);
    expect(payments.json().results).toMatchObject([
      { amount: '250.00', allocations: [{ invoice: invoice.uuid }] },
    ]);
    expect(mail.received.filter((m) => m.subject?.startsWith(`Faktura ${invoice.number} `))).toHaveLength(1);
  });

  it('retries a timed-out charge on its own card even when the customer added another since', async () => {
    const invoice = await send(call, 'SWAP');
    expect((await collectionOf(call, invoice)).card_charges).toMatchObject([
      { attempt: 1, status: 'retryable' },
    ]);
    t.clock.set('2025-01-01T09:00:00Z');
    const added = await call('POST', '/api/v1/paymentcards/', {
      account: 'SWAP',
      token: 'pm_card_visa',
      gateway: 'stripe',
    });
    expect(added.statusCode, added.body).toBe(201);
    // The lost answer is asked for again with the same request; the new card is not charged as well.
    const retry = await followUpInvoice(t.services, t.org.id, invoice.uuid);
    expect(retry.charge).toBe('succeeded');
    const key = `kassa-${invoice.uuid}-1`;
    expect(
      stripe.requests.filter((r) => r.idempotencyKey === key).map((r) => r.params.payment_method),
    ).toEqual(['pm_card_timeout', 'pm_card_timeout']);
    expect(stripe.charges.filter((c) => c.idempotencyKey?.startsWith(`kassa-${invoice.uuid}-`))).toEqual([
      { token: 'pm_card_timeout', amount: 25_000, currency: 'dkk', idempotencyKey: key },
    ]);
    expect(await invoiceOf(call, invoice)).toMatchObject({ status: 'paid', balance: '0.00' });
    const collection = await collectionOf(call, invoice);
    expect(collection.card_charges).toMatchObject([{ attempt: 1, status: 'succeeded' }]);
    expect(collection.dunning).toEqual([]);
    t.clock.set('2025-01-01T08:00:00Z');
  });

  it('schedules dunning for an account without a card, and charges nothing', async () => {
    const before = stripe.requests.length + quickpay.requests.length;
    const invoice = await send(call, 'NOCARD');
    expect(invoice).toMatchObject({ status: 'open', collection_method: 'card', balance: '250.00' });
    const collection = await collectionOf(call, invoice);
    expect(collection.dunning).toEqual(scheduledFromIssueDay);
    expect(collection.card_charges).toEqual([]);
    expect(stripe.requests.length + quickpay.requests.length).toBe(before);
  });
});

describe('QuickPay', () => {
  it('charges a card-collected invoice with the invoice number as order id', async () => {
    const invoice = await send(call, 'QPOK');
    expect(invoice).toMatchObject({ status: 'paid', balance: '0.00' });
    expect(quickpay.charges).toEqual([
      { token: 'qp_ok', amount: 25_000, currency: 'DKK', idempotencyKey: null, orderId: invoice.number },
    ]);
    const collection = await collectionOf(call, invoice);
    expect(collection.card_charges).toMatchObject([{ attempt: 1, status: 'succeeded', error: null }]);
    const payment = quickpay.payments.find((p) => p.order_id === invoice.number)!;
    expect(collection.card_charges[0]!.gateway_reference).toBe(String(payment.id));
    const payments = await call('GET', '/api/v1/payments/?source=card&account=QPOK');
    expect(payments.json().results).toMatchObject([
      { source: 'card', amount: '250.00', status: 'matched', allocations: [{ invoice: invoice.uuid }] },
    ]);
  });

  it('leaves a declined invoice open with dunning scheduled', async () => {
    const invoice = await send(call, 'QPDECLINED');
    expect(invoice).toMatchObject({ status: 'open', balance: '250.00' });
    const collection = await collectionOf(call, invoice);
    expect(collection.dunning).toEqual(scheduledFromIssueDay);
    expect(collection.card_charges).toMatchObject([
      { attempt: 1, status: 'declined', error: '40000: Declined by issuer' },
    ]);
    expect(quickpay.charges.filter((c) => c.token === 'qp_declined')).toEqual([]);
  });

  it('finds the payment of a timed-out charge by its order id on retry instead of charging again', async () => {
    const invoice = await send(call, 'QPSLOW');
    const first = await collectionOf(call, invoice);
    expect(first.card_charges).toMatchObject([{ attempt: 1, status: 'retryable' }]);
    expect(first.card_charges[0]!.error).toBe('quickpay did not answer within 2000 ms');
    const retry = await followUpInvoice(t.services, t.org.id, invoice.uuid);
    expect(retry.charge).toBe('succeeded');
    expect(quickpay.charges.filter((c) => c.orderId === invoice.number)).toHaveLength(1);
    expect(quickpay.payments.filter((p) => p.order_id === invoice.number)).toHaveLength(1);
    expect(await invoiceOf(call, invoice)).toMatchObject({ status: 'paid', balance: '0.00' });
  });
});

describe('without a gateway configured', () => {
  let bare: TestApp;
  const bareCall = caller(() => bare);

  beforeAll(async () => {
    bare = await createTestApp({
      now: '2025-01-01T08:00:00Z',
      integrations: {
        mailer: mail.mailer,
        mailFrom: 'billing@kassa.test',
        gateways: {},
        publicUrl: 'https://kassa.test',
      },
    });
    await setUpCatalog(bareCall);
    await cardCustomer(bareCall, 'VISA', { gateway: 'stripe', token: 'pm_card_visa' });
    await billOn(bare, '2025-01-01');
  });
  afterAll(async () => {
    await bare?.close();
  });

  it('keeps the charge retryable and charges nothing, also when retried', async () => {
    const charged = stripe.charges.length;
    const invoice = await send(bareCall, 'VISA');
    expect(invoice).toMatchObject({ status: 'open', paid: '0.00', balance: '250.00' });
    const expected = [
      {
        attempt: 1,
        amount: '250.00',
        status: 'retryable',
        gateway_reference: null,
        error: 'no stripe gateway is configured',
      },
    ];
    const collection = await collectionOf(bareCall, invoice);
    expect(collection.card_charges).toMatchObject(expected);
    expect(collection.dunning).toEqual([]);
    const retry = await followUpInvoice(bare.services, bare.org.id, invoice.uuid);
    expect(retry.charge).toBe('retryable');
    expect((await collectionOf(bareCall, invoice)).card_charges).toMatchObject(expected);
    expect((await bareCall('GET', '/api/v1/payments/')).json().results).toEqual([]);
    expect(stripe.charges).toHaveLength(charged);
  });
});
