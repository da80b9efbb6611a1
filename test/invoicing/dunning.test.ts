import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDunning } from '../../src/dunning/run-dunning.ts';
import { billOn, draftsOf, expectNothingLeftToBill } from '../support/billing.ts';
import * as fakeStripe from '../support/fake-stripe.ts';
import { startMailCatcher } from '../support/mail-catcher.ts';
import {
  authHeaders,
  createTestApp,
  createTestOrganization,
  type TestApp,
  type TestOrganization,
} from '../support/test-app.ts';

/*
 * Dunning walked day by day with the clock: invoices of 2025-01-01 with 14 days to pay are due
 * D = 2025-01-15, overdue from D+1, reminded at D+3, D+7 and D+14 (the organization's schedule).
 */

let t: TestApp;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let stripe: fakeStripe.FakeStripe;
/** A second Danish organization for the card-collected invoice, so its dunning runs on its own. */
let cardOrg: TestOrganization;
/** A third one, whose invoice is paid in part after its due date before any dunning run. */
let lateOrg: TestOrganization;

const call = (
  method: 'POST' | 'GET' | 'PATCH',
  url: string,
  payload?: object,
  org: TestOrganization = t.org,
) => t.app.inject({ method, url, headers: authHeaders(org.tokens.full), ...(payload ? { payload } : {}) });

interface Invoice {
  uuid: string;
  number: string;
  status: string;
  paid: string;
  balance: string;
  due_date: string;
  payment_reference: string;
}

interface Step {
  step: number;
  due_on: string;
  final: boolean;
  status: string;
  result: string | null;
  done_date: string | null;
}

async function setUpOrganization(org: TestOrganization) {
  const settings = await call(
    'PATCH',
    '/api/v1/organization/',
    {
      name: 'Nordlys ApS',
      email: 'faktura@nordlys.test',
      payment_reference_scheme: 'dk_fik71',
      payment_terms_days: 14,
      dunning_days: [3, 7, 14],
      dunning_final_action: 'end_subscription',
    },
    org,
  );
  expect(settings.statusCode, settings.body).toBe(200);
  expect(settings.json()).toMatchObject({
    dunning_days: [3, 7, 14],
    dunning_final_action: 'end_subscription',
  });
  expect((await call('POST', '/api/v1/plans/', { code: 'P', name: 'Plan' }, org)).statusCode).toBe(201);
  const terms = await call(
    'POST',
    '/api/v1/plan-terms/',
    { plan: 'P', code: 'M', name: 'Monthly', price: '200', interval: 'month' },
    org,
  );
  expect(terms.statusCode, terms.body).toBe(201);
}

async function customer(
  org: TestOrganization,
  code: string,
  options: { language?: string; collection_method?: 'card' | 'invoice' } = {},
): Promise<string> {
  const account = await call(
    'POST',
    '/api/v1/accounts/',
    {
      code,
      name: `Kunde ${code}`,
      email: `${code.toLowerCase()}@example.com`,
      legal_country: 'DK',
      ...(options.language ? { language: options.language } : {}),
    },
    org,
  );
  expect(account.statusCode, account.body).toBe(201);
  const subscription = await call(
    'POST',
    '/api/v1/subscriptions/',
    {
      account: code,
      terms: 'M',
      start_date: '2025-01-01',
      collection_method: options.collection_method ?? 'invoice',
    },
    org,
  );
  expect(subscription.statusCode, subscription.body).toBe(201);
  return subscription.json().uuid;
}

async function send(account: string, org: TestOrganization = t.org): Promise<Invoice> {
  const drafts = await call('GET', `/api/v1/invoice-drafts/?account=${account}&status=draft`, undefined, org);
  const [draft] = drafts.json().results;
  const res = await call('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`, undefined, org);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function invoiceOf(invoice: Invoice, org: TestOrganization = t.org): Promise<Invoice> {
  const res = await call('GET', `/api/v1/invoices/${invoice.uuid}/`, undefined, org);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function stepsOf(invoice: Invoice, org: TestOrganization = t.org): Promise<Step[]> {
  const res = await call('GET', `/api/v1/invoices/${invoice.uuid}/dunning/`, undefined, org);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().dunning;
}

async function subscriptionOf(id: string) {
  const res = await call('GET', `/api/v1/subscriptions/${id}/`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { end_date: string | null; status: string };
}

/** The day's run, at 10:00 in Copenhagen. */
function dunOn(day: string, org: TestOrganization = t.org) {
  t.clock.set(`${day}T09:00:00Z`);
  return runDunning(t.services, org.id);
}

const remindersOf = (invoice: Invoice) =>
  mail.received.filter(
    (m) => m.subject?.includes(`${invoice.number} `) && /^(Reminder|Påmindelse)/.test(m.subject),
  );

const recipient = (m: (typeof mail.received)[number]) => (m.to && 'text' in m.to ? m.to.text : '');

let pays: Invoice;
let ends: Invoice;
let paysSubscription: string;
let endsSubscription: string;
let card: Invoice;
let late: Invoice;

beforeAll(async () => {
  mail = await startMailCatcher();
  stripe = await fakeStripe.start();
  t = await createTestApp({
    now: '2025-01-01T08:00:00Z',
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'billing@kassa.test',
      gateways: { stripe: { apiKey: stripe.apiKey, baseUrl: stripe.baseUrl, timeoutMs: 10_000 } },
      publicUrl: 'https://kassa.test',
    },
  });
  cardOrg = await createTestOrganization(t.services);
  lateOrg = await createTestOrganization(t.services);
  await setUpOrganization(t.org);
  await setUpOrganization(cardOrg);
  await setUpOrganization(lateOrg);
  await customer(lateOrg, 'LATE');
  // PAYS reads English although Danish; ENDS keeps the Danish default.
  paysSubscription = await customer(t.org, 'PAYS', { language: 'en' });
  endsSubscription = await customer(t.org, 'ENDS');
  await customer(cardOrg, 'CARD', { collection_method: 'card' });
  const declined = await call(
    'POST',
    '/api/v1/paymentcards/',
    { account: 'CARD', token: 'pm_card_chargeDeclined', gateway: 'stripe' },
    cardOrg,
  );
  expect(declined.statusCode, declined.body).toBe(201);
  await billOn(t, '2025-01-01');
  await billOn(t, '2025-01-01', cardOrg);
  await billOn(t, '2025-01-01', lateOrg);
  pays = await send('PAYS');
  ends = await send('ENDS');
  card = await send('CARD', cardOrg);
  late = await send('LATE', lateOrg);
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
  await mail?.close();
});

describe('a card invoice declined at sending', () => {
  it('is open, with dunning scheduled from the day of the decline', async () => {
    expect(card).toMatchObject({ status: 'open', balance: '250.00', collection_method: 'card' });
    expect((await stepsOf(card, cardOrg)).map((s) => [s.step, s.due_on, s.final, s.status])).toEqual([
      [1, '2025-01-04', false, 'scheduled'],
      [2, '2025-01-08', false, 'scheduled'],
      [3, '2025-01-15', true, 'scheduled'],
    ]);
    expect(stripe.charges).toEqual([]);
  });

  it('is charged to the working card added later by the first dunning step, which ends the dunning', async () => {
    t.clock.set('2025-01-02T12:00:00Z');
    const added = await call(
      'POST',
      '/api/v1/paymentcards/',
      { account: 'CARD', token: 'pm_card_visa', gateway: 'stripe' },
      cardOrg,
    );
    expect(added.statusCode, added.body).toBe(201);
    expect(await dunOn('2025-01-03', cardOrg)).toEqual({ overdue: 0, steps: 0, results: [] });
    expect(stripe.charges).toEqual([]);

    expect(await dunOn('2025-01-04', cardOrg)).toEqual({
      overdue: 0,
      steps: 1,
      results: ['card charge succeeded'],
    });
    expect(stripe.charges).toEqual([
      { token: 'pm_card_visa', amount: 25_000, currency: 'dkk', idempotencyKey: `kassa-${card.uuid}-2` },
    ]);
    expect(stripe.requests.at(-1)?.params['metadata[order_id]']).toBe('2025-000001-2');
    expect(await invoiceOf(card, cardOrg)).toMatchObject({ status: 'paid', paid: '250.00', balance: '0.00' });
    const collection = await call('GET', `/api/v1/invoices/${card.uuid}/dunning/`, undefined, cardOrg);
    expect(collection.json()).toMatchObject({
      status: 'paid',
      dunning: [
        { step: 1, status: 'done', result: 'card charge succeeded', done_date: '2025-01-04T09:00:00.000Z' },
        { step: 2, status: 'cancelled', result: 'the invoice was paid' },
        { step: 3, status: 'cancelled', result: 'the invoice was paid' },
      ],
      card_charges: [
        { attempt: 1, status: 'declined' },
        { attempt: 2, status: 'succeeded', amount: '250.00' },
      ],
    });
    const payments = await call('GET', '/api/v1/payments/', undefined, cardOrg);
    expect(payments.json().results).toMatchObject([
      { source: 'card', amount: '250.00', payment_date: '2025-01-04', allocations: [{ invoice: card.uuid }] },
    ]);
    // Paid by the card: no reminder goes out.
    expect(remindersOf(card)).toEqual([]);
  });

  it('is never dunned again', async () => {
    expect(await dunOn('2025-01-16', cardOrg)).toEqual({ overdue: 0, steps: 0, results: [] });
    expect(await dunOn('2025-01-30', cardOrg)).toEqual({ overdue: 0, steps: 0, results: [] });
    expect(stripe.charges).toHaveLength(1);
  });
});

describe('an invoice-collected invoice', () => {
  it('is due on D = 2025-01-15 and nothing happens that day', async () => {
    expect(pays).toMatchObject({ number: '2025-000001', due_date: '2025-01-15', status: 'open' });
    expect(ends).toMatchObject({ number: '2025-000002', due_date: '2025-01-15', status: 'open' });
    expect(await dunOn('2025-01-15')).toEqual({ overdue: 0, steps: 0, results: [] });
    expect((await invoiceOf(pays)).status).toBe('open');
    expect(await stepsOf(pays)).toEqual([]);
    expect(await stepsOf(ends)).toEqual([]);
  });

  it('turns overdue on D+1 with steps scheduled at D+3, D+7 and D+14', async () => {
    expect(await dunOn('2025-01-16')).toEqual({ overdue: 2, steps: 0, results: [] });
    expect((await invoiceOf(pays)).status).toBe('overdue');
    expect((await invoiceOf(ends)).status).toBe('overdue');
    const schedule = [
      { step: 1, due_on: '2025-01-18', final: false, status: 'scheduled', result: null, done_date: null },
      { step: 2, due_on: '2025-01-22', final: false, status: 'scheduled', result: null, done_date: null },
      { step: 3, due_on: '2025-01-29', final: true, status: 'scheduled', result: null, done_date: null },
    ];
    expect(await stepsOf(pays)).toEqual(schedule);
    expect(await stepsOf(ends)).toEqual(schedule);
    // A second run the same day (a restarted worker) schedules nothing twice.
    expect(await dunOn('2025-01-16')).toEqual({ overdue: 0, steps: 0, results: [] });
    expect(await stepsOf(pays)).toHaveLength(3);
    expect(await dunOn('2025-01-17')).toEqual({ overdue: 0, steps: 0, results: [] });
  });

  it('sends the first reminder on D+3, in the account’s language', async () => {
    expect(await dunOn('2025-01-18')).toEqual({
      overdue: 0,
      steps: 2,
      results: ['reminder e-mailed', 'reminder e-mailed'],
    });
    expect((await stepsOf(pays))[0]).toEqual({
      step: 1,
      due_on: '2025-01-18',
      final: false,
      status: 'done',
      result: 'reminder e-mailed',
      done_date: '2025-01-18T09:00:00.000Z',
    });
    const [english] = remindersOf(pays);
    expect(english?.subject).toBe('Reminder 1: invoice 2025-000001 from Nordlys ApS');
    expect(recipient(english!)).toBe('pays@example.com');
    expect(english?.text).toContain(
      'We have not yet received payment of invoice 2025-000001, due on 15 Jan 2025. Balance: DKK\u00a0250.00',
    );
    expect(english?.text).toContain(`Payment reference: ${pays.payment_reference}`);
    const [danish] = remindersOf(ends);
    expect(danish?.subject).toBe('Påmindelse 1: faktura 2025-000002 fra Nordlys ApS');
    expect(recipient(danish!)).toBe('ends@example.com');
    expect(danish?.text).toContain(
      'Vi har endnu ikke modtaget betaling af faktura 2025-000002, som forfaldt 15.01.2025. Restbeløb: 250,00\u00a0kr.',
    );
    const audit = await call('GET', '/api/v1/audit-log/?action=dunning_step.done');
    expect(
      audit
        .json()
        .results.map((e: { client_system: string; after: { result: string } }) => [
          e.client_system,
          e.after.result,
        ]),
    ).toEqual([
      ['kassa-dunning', 'reminder e-mailed'],
      ['kassa-dunning', 'reminder e-mailed'],
    ]);
    // The same day again: every step is carried out once.
    expect(await dunOn('2025-01-18')).toEqual({ overdue: 0, steps: 0, results: [] });
    expect(remindersOf(pays)).toHaveLength(1);
    expect(remindersOf(ends)).toHaveLength(1);
  });

  it('stops for a payment in between: the rest of the schedule is cancelled', async () => {
    t.clock.set('2025-01-20T09:00:00Z');
    const paid = await call('POST', '/api/v1/payments/', { amount: '250.00', invoice: pays.number });
    expect(paid.statusCode, paid.body).toBe(201);
    expect(await invoiceOf(pays)).toMatchObject({ status: 'paid', balance: '0.00' });
    expect((await stepsOf(pays)).map((s) => [s.step, s.status, s.result])).toEqual([
      [1, 'done', 'reminder e-mailed'],
      [2, 'cancelled', 'the invoice was paid'],
      [3, 'cancelled', 'the invoice was paid'],
    ]);
    // A partial payment of the other one stops nothing.
    const part = await call('POST', '/api/v1/payments/', { amount: '100.00', invoice: ends.number });
    expect(part.statusCode, part.body).toBe(201);
    expect(await invoiceOf(ends)).toMatchObject({ status: 'overdue', paid: '100.00', balance: '150.00' });
    expect((await stepsOf(ends)).map((s) => s.status)).toEqual(['done', 'scheduled', 'scheduled']);
  });

  it('sends the second reminder on D+7 only for what is still unpaid', async () => {
    expect(await dunOn('2025-01-22')).toEqual({ overdue: 0, steps: 1, results: ['reminder e-mailed'] });
    expect(remindersOf(pays)).toHaveLength(1);
    const second = remindersOf(ends)[1];
    expect(second?.subject).toBe('Påmindelse 2: faktura 2025-000002 fra Nordlys ApS');
    expect(second?.text).toContain('Restbeløb: 150,00\u00a0kr.');
    expect((await stepsOf(ends)).map((s) => [s.step, s.status])).toEqual([
      [1, 'done'],
      [2, 'done'],
      [3, 'scheduled'],
    ]);
  });

  it('ends the subscription at the final step on D+14, and only the unpaid one', async () => {
    expect(await dunOn('2025-01-28')).toEqual({ overdue: 0, steps: 0, results: [] });
    expect(await dunOn('2025-01-29')).toEqual({
      overdue: 0,
      steps: 1,
      results: [`reminder e-mailed; subscription ${endsSubscription} ends 2025-01-30`],
    });
    expect(remindersOf(ends).map((m) => m.subject)).toEqual([
      'Påmindelse 1: faktura 2025-000002 fra Nordlys ApS',
      'Påmindelse 2: faktura 2025-000002 fra Nordlys ApS',
      'Påmindelse 3: faktura 2025-000002 fra Nordlys ApS',
    ]);
    expect((await stepsOf(ends))[2]).toMatchObject({ step: 3, final: true, status: 'done' });
    expect(await subscriptionOf(endsSubscription)).toMatchObject({
      end_date: '2025-01-30',
      status: 'ending',
    });
    expect(await subscriptionOf(paysSubscription)).toMatchObject({ end_date: null, status: 'active' });
    expect(remindersOf(pays)).toHaveLength(1);
    expect(await dunOn('2025-02-05')).toEqual({ overdue: 0, steps: 0, results: [] });
    expect(await subscriptionOf(endsSubscription)).toMatchObject({ end_date: '2025-01-30', status: 'ended' });
  });

  it('bills nothing more after the end', async () => {
    await billOn(t, '2025-02-01');
    await billOn(t, '2025-03-01');
    // ENDS has only the January draft that was sent: nothing for February or March.
    const ended = await call('GET', '/api/v1/invoice-drafts/?account=ENDS');
    expect(
      ended
        .json()
        .results.map((d: { status: string; lines: { period_start: string; period_end: string }[] }) => [
          d.status,
          d.lines.map((l) => [l.period_start, l.period_end]),
        ]),
    ).toEqual([['sent', [['2025-01-01', '2025-02-01']]]]);
    // The paying customer goes on being billed.
    const paying = (await draftsOf(t, 'PAYS')).flatMap((d) => d.lines);
    expect(paying.map((l) => [l.period_start, l.period_end, l.amount]).sort()).toEqual([
      ['2025-01-01', '2025-02-01', '200.00'],
      ['2025-02-01', '2025-03-01', '200.00'],
      ['2025-03-01', '2025-04-01', '200.00'],
    ]);
    await expectNothingLeftToBill(t, '2025-03-01');
  });
});

describe('an invoice paid in part after its due date, before the day’s dunning run', () => {
  it('is dunned all the same', async () => {
    // 06:00 in Copenhagen on D+1: the bank file comes in before the daily run.
    t.clock.set('2025-01-16T05:00:00Z');
    const part = await call('POST', '/api/v1/payments/', { amount: '100.00', invoice: late.number }, lateOrg);
    expect(part.statusCode, part.body).toBe(201);
    expect(await invoiceOf(late, lateOrg)).toMatchObject({ status: 'overdue', balance: '150.00' });
    expect(await runDunning(t.services, lateOrg.id)).toEqual({ overdue: 1, steps: 0, results: [] });
    expect((await stepsOf(late, lateOrg)).map((s) => [s.step, s.due_on, s.status])).toEqual([
      [1, '2025-01-18', 'scheduled'],
      [2, '2025-01-22', 'scheduled'],
      [3, '2025-01-29', 'scheduled'],
    ]);
    expect(await dunOn('2025-01-17', lateOrg)).toEqual({ overdue: 0, steps: 0, results: [] });
    expect(await dunOn('2025-01-18', lateOrg)).toEqual({
      overdue: 0,
      steps: 1,
      results: ['reminder e-mailed'],
    });
    const [reminder] = remindersOf(late).filter((m) => recipient(m) === 'late@example.com');
    expect(reminder?.subject).toBe('Påmindelse 1: faktura 2025-000001 fra Nordlys ApS');
    expect(reminder?.text).toContain('Restbeløb: 150,00\u00a0kr.');
  });
});
