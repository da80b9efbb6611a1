import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDunning } from '../../src/dunning/run-dunning.ts';
import { runWebhooksNow } from '../../src/webhooks/webhook-jobs.ts';
import { startMailCatcher } from '../support/mail-catcher.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

/**
 * One event per kind, each made through the API: the outbox carries its type and, as `data`, the
 * object exactly as its GET answers it at that moment; a real receiver then gets every one of them,
 * signed. Time-based events (invoice overdue, subscription ended) come once however often the daily
 * job runs after the clock travels.
 */
let t: TestApp;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

const call = (method: 'POST' | 'GET' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(t.org.tokens.full), ...(payload ? { payload } : {}) });
const get = async (url: string) => {
  const res = await call('GET', url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
};
const post = async (url: string, payload: object = {}, status = 201) => {
  const res = await call('POST', url, payload);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
  return res.json();
};

/** The data of every outbox event of a type for one object, oldest first. */
async function events(type: string, entityId: string): Promise<unknown[]> {
  const rows = await t.services.db
    .selectFrom('outbox_events')
    .select('payload')
    .where('organization_id', '=', t.org.id)
    .where('type', '=', type)
    .where('entity_id', '=', entityId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.payload);
}
/** The one event of a type for an object. */
async function only(type: string, entityId: string) {
  const found = await events(type, entityId);
  expect(found, `${type} of ${entityId}`).toHaveLength(1);
  return found[0] as Record<string, unknown>;
}

const seen = new Set<string>();
async function expectEvent(type: string, entityId: string, getUrl: string) {
  const data = await only(type, entityId);
  expect(data, type).toEqual(await get(getUrl));
  seen.add(type);
  return data;
}

let endpoint: string;
beforeAll(async () => {
  mail = await startMailCatcher();
  receiver = await startReceiver();
  t = await createTestApp({
    now: '2025-01-01T08:00:00Z',
    webhooks: { allowPrivate: true },
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'billing@kassa.test',
      gateways: {},
      publicUrl: 'https://kassa.test',
    },
  });
  const hook = await post('/api/v1/webhooks/', { url: receiver.url });
  receiver.secrets.push(hook.secret);
  endpoint = hook.uuid;
  const settings = await call('PATCH', '/api/v1/organization/', {
    name: 'Nordlys ApS',
    legal_address: 'Vestergade 1\n1456 København K',
    vat_number: 'DK12345674',
    email: 'faktura@nordlys.test',
    pay_to: 'FI creditor 85123456',
    payment_reference_scheme: 'dk_fik71',
    payment_terms_days: 14,
  });
  expect(settings.statusCode, settings.body).toBe(200);
  await post('/api/v1/plans/', { code: 'P', name: 'Plan' });
  await post('/api/v1/plan-terms/', {
    plan: 'P',
    code: 'M',
    name: 'Monthly',
    price: '200',
    interval: 'month',
  });
});
afterAll(async () => {
  await receiver.close();
  await mail.close();
  await t.close();
});

const account = async (code: string) =>
  post('/api/v1/accounts/', {
    code,
    name: `Kunde ${code}`,
    email: `${code.toLowerCase()}@example.com`,
    legal_address: 'Nørregade 2',
    legal_zipcode: '8000',
    legal_city: 'Aarhus',
    legal_country: 'DK',
  });

describe('every kind of change has its event, with data as GET answers it', () => {
  let a: { uuid: string };
  let subA: { uuid: string };
  let subB: { uuid: string };
  let invoiceA: { uuid: string; total: string };
  let invoiceB: { uuid: string; lines: { uuid: string }[] };

  it('accounts and subscriptions', async () => {
    a = await account('A');
    await account('B');
    await expectEvent('account.created', a.uuid, `/api/v1/accounts/${a.uuid}/`);
    subA = await post('/api/v1/subscriptions/', { account: 'A', terms: 'M', start_date: '2025-01-01' });
    subB = await post('/api/v1/subscriptions/', { account: 'B', terms: 'M', start_date: '2025-01-01' });
    await expectEvent('subscription.created', subA.uuid, `/api/v1/subscriptions/${subA.uuid}/`);
  });

  it('a billing run: its drafts and its completion (the summary)', async () => {
    const run = await post('/api/v1/billing-runs/', {}, 202);
    for (let i = 0; i < 100 && (await get(`/api/v1/billing-runs/${run.uuid}/`)).status === 'running'; i++)
      await new Promise((r) => setTimeout(r, 50));
    const done = await expectEvent('billing_run.completed', run.uuid, `/api/v1/billing-runs/${run.uuid}/`);
    expect(done).toMatchObject({ status: 'done', subscriptions_done: 2 });
    const [draft] = (await get('/api/v1/invoice-drafts/?account=A&status=draft')).results;
    await expectEvent('invoice_draft.created', draft.uuid, `/api/v1/invoice-drafts/${draft.uuid}/`);
  });

  it('invoices issued, sent, partially paid and paid; payments booked', async () => {
    const [draft] = (await get('/api/v1/invoice-drafts/?account=A&status=draft')).results;
    invoiceA = await post(`/api/v1/invoice-drafts/${draft.uuid}/send/`);
    const now = await get(`/api/v1/invoices/${invoiceA.uuid}/`);
    // Issued before the follow-up e-mailed it: the same invoice, not yet e-mailed.
    expect(await only('invoice.issued', invoiceA.uuid)).toEqual({ ...now, emailed_date: null });
    seen.add('invoice.issued');
    expect(now.emailed_date).not.toBeNull();
    await expectEvent('invoice.sent', invoiceA.uuid, `/api/v1/invoices/${invoiceA.uuid}/`);

    const part = await post('/api/v1/payments/', { amount: '30.00', invoice: invoiceA.uuid });
    await expectEvent('payment.booked', part.uuid, `/api/v1/payments/${part.uuid}/`);
    await expectEvent('invoice.partially_paid', invoiceA.uuid, `/api/v1/invoices/${invoiceA.uuid}/`);
    const rest = (Number(invoiceA.total) - 30).toFixed(2);
    await post('/api/v1/payments/', { amount: rest, invoice: invoiceA.uuid });
    const paid = await expectEvent('invoice.paid', invoiceA.uuid, `/api/v1/invoices/${invoiceA.uuid}/`);
    expect(paid.status).toBe('paid');
  });

  it('a credit note: issued, sent, and the invoice credited', async () => {
    const [draft] = (await get('/api/v1/invoice-drafts/?account=B&status=draft')).results;
    invoiceB = await post(`/api/v1/invoice-drafts/${draft.uuid}/send/`);
    const note = await post(`/api/v1/invoices/${invoiceB.uuid}/credit-notes/`, {
      lines: [{ line: invoiceB.lines[0]!.uuid, amount: '20.00' }],
    });
    await expectEvent('credit_note.sent', note.uuid, `/api/v1/credit-notes/${note.uuid}/`);
    expect(await only('credit_note.issued', note.uuid)).toEqual({
      ...(await get(`/api/v1/credit-notes/${note.uuid}/`)),
      emailed_date: null,
    });
    seen.add('credit_note.issued');
    await expectEvent('invoice.credited', invoiceB.uuid, `/api/v1/invoices/${invoiceB.uuid}/`);
  });

  it('orders change a subscription: order.created, order.committed and subscription.updated', async () => {
    const order = await post('/api/v1/orders/', {
      type: 'change_quantity',
      subscription: subA.uuid,
      quantity: 3,
    });
    expect(await only('order.created', order.uuid)).toMatchObject({ uuid: order.uuid, status: 'preview' });
    const committed = await post(`/api/v1/orders/${order.uuid}/commit/`, {}, 200);
    expect(committed.status).toBe('committed');
    await expectEvent('order.committed', order.uuid, `/api/v1/orders/${order.uuid}/`);
    const updated = await expectEvent(
      'subscription.updated',
      subA.uuid,
      `/api/v1/subscriptions/${subA.uuid}/`,
    );
    expect(updated.quantity).toBe(3);
  });

  it('time-based events come once, when the daily job notices them', async () => {
    const ending = await post(
      `/api/v1/subscriptions/${subB.uuid}/end/`,
      { end_date: '2025-01-20', force: true },
      200,
    );
    expect(ending.end_date).toBe('2025-01-20');
    await expectEvent('subscription.end_scheduled', subB.uuid, `/api/v1/subscriptions/${subB.uuid}/`);
    // Before the due date and the end: nothing.
    t.clock.set('2025-01-10T08:00:00Z');
    await runDunning(t.services, t.org.id);
    expect(await events('invoice.overdue', invoiceB.uuid)).toHaveLength(0);
    expect(await events('subscription.ended', subB.uuid)).toHaveLength(0);
    // Past both: each once, however often the job runs.
    t.clock.set('2025-01-21T08:00:00Z');
    await runDunning(t.services, t.org.id);
    await runDunning(t.services, t.org.id);
    t.clock.set('2025-01-22T08:00:00Z');
    await runDunning(t.services, t.org.id);
    const overdue = await only('invoice.overdue', invoiceB.uuid);
    expect(overdue.status).toBe('overdue');
    const ended = await only('subscription.ended', subB.uuid);
    expect(ended).toMatchObject({ uuid: subB.uuid, status: 'ended', end_date: '2025-01-20' });
    t.clock.set('2025-01-21T08:00:00Z');
    expect(await get(`/api/v1/subscriptions/${subB.uuid}/`)).toEqual(ended);
    // The paid invoice A never turns overdue.
    expect(await events('invoice.overdue', invoiceA.uuid)).toHaveLength(0);
    seen.add('invoice.overdue');
    seen.add('subscription.ended');
  });

  it('a receiver gets every one of them, signed, with the outbox data', async () => {
    await runWebhooksNow(t.services, [t.org.id]);
    const got = new Set(receiver.received.map((r) => r.body.type));
    for (const type of seen) expect(got.has(type), type).toBe(true);
    expect(receiver.refused).toHaveLength(0);
    const overdue = receiver.ofType('invoice.overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.body.data).toEqual(await only('invoice.overdue', invoiceB.uuid));
    // Kinds listed for endpoints and GET /webhook-event-types/.
    const types = (await get('/api/v1/webhook-event-types/')) as
      | { type: string }[]
      | { results: { type: string }[] };
    const listed = new Set((Array.isArray(types) ? types : types.results).map((x) => x.type));
    for (const type of seen) expect(listed.has(type), type).toBe(true);
    expect(endpoint).toBeTruthy();
  });
});
