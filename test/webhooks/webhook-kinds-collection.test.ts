import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BILLING_QUEUES, startBillingWorkers, startDailyRuns } from '../../src/billing/billing-jobs.ts';
import { danishFik71 } from '../../src/domain/payment-references.ts';
import { runDunning } from '../../src/dunning/run-dunning.ts';
import { startQueue } from '../../src/jobs/queue.ts';
import * as fakeStripe from '../support/fake-stripe.ts';
import { startMailCatcher } from '../support/mail-catcher.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';
import { eventChecker } from '../support/webhook-kinds.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

/**
 * The kinds of collecting money, each made as it happens (the API, the card gateway, the daily jobs)
 * and received by a real receiver that verifies every signature: billing runs started (by the API and
 * by the daily job) and failed, card charges succeeded and failed, dunning steps scheduled, done and
 * cancelled, a payment no invoice matches. Each event's data is what the API's GET answered for its
 * object at that moment.
 */
let t: TestApp;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let stripe: fakeStripe.FakeStripe;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let check: ReturnType<typeof eventChecker>;

const call = (method: 'POST' | 'GET' | 'PATCH', url: string, payload?: object) =>
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

async function cardCustomer(code: string, token: string) {
  await post('/api/v1/accounts/', {
    code,
    name: `Kunde ${code}`,
    email: `${code.toLowerCase()}@example.com`,
    legal_country: 'DK',
  });
  await post('/api/v1/subscriptions/', {
    account: code,
    terms: 'M',
    start_date: '2025-01-01',
    collection_method: 'card',
  });
  await post('/api/v1/paymentcards/', { account: code, gateway: 'stripe', token });
}

async function waitForRun(uuid: string) {
  let run = await get(`/api/v1/billing-runs/${uuid}/`);
  for (let i = 0; i < 200 && run.status === 'running'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    run = await get(`/api/v1/billing-runs/${uuid}/`);
  }
  return run;
}

beforeAll(async () => {
  mail = await startMailCatcher();
  stripe = await fakeStripe.start({ slowMs: 30_000 });
  receiver = await startReceiver();
  t = await createTestApp({
    now: '2025-01-01T08:00:00Z',
    webhooks: { allowPrivate: true },
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'billing@kassa.test',
      gateways: { stripe: { apiKey: stripe.apiKey, baseUrl: stripe.baseUrl, timeoutMs: 2_000 } },
      publicUrl: 'https://kassa.test',
    },
  });
  check = eventChecker(t, t.org, receiver);
  const hook = await post('/api/v1/webhooks/', { url: receiver.url });
  receiver.secrets.push(hook.secret);
  const settings = await call('PATCH', '/api/v1/organization/', {
    name: 'Nordlys ApS',
    email: 'faktura@nordlys.test',
    payment_reference_scheme: 'dk_fik71',
    payment_terms_days: 14,
    dunning_days: [3, 7, 14],
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
  await cardCustomer('DECLINED', 'pm_card_chargeDeclined');
  await cardCustomer('SCA', 'pm_card_authenticationRequired');
  await cardCustomer('TIMEOUT', 'pm_card_timeout');
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
  await stripe?.close();
  await mail?.close();
});

// A trigger refuses this organization's drafts, so a billing run fails inside its batch. Named after
// the organization and limited to it: other test files sharing a PostgreSQL database never see it.
const triggerName = () => `kassa_test_fail_run_${t.org.id.replaceAll('-', '')}`;
async function refuseDrafts() {
  const name = triggerName();
  await sql
    .raw(`
      create function ${name}() returns trigger language plpgsql as $$
      begin
        raise exception 'webhook test: the disk is full';
      end
      $$`)
    .execute(t.services.db);
  await sql
    .raw(`
      create trigger ${name} before insert on invoice_drafts for each row
        when (new.organization_id = '${t.org.id}') execute function ${name}()`)
    .execute(t.services.db);
}
async function allowDrafts() {
  const name = triggerName();
  await sql.raw(`drop trigger ${name} on invoice_drafts`).execute(t.services.db);
  await sql.raw(`drop function ${name}()`).execute(t.services.db);
}

describe('collecting money: every kind with data as GET answers it', () => {
  let declined: { uuid: string };

  it('billing_run.started and billing_run.failed: a run that stops with an error', async () => {
    await refuseDrafts();
    let run: { uuid: string; status: string };
    try {
      run = await post('/api/v1/billing-runs/', {}, 202);
      // The start answers the run as it was written, in the transaction of billing_run.started.
      await check.expectEvent('billing_run.started', { entityId: run.uuid }, run);
      const failed = await waitForRun(run.uuid);
      expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('the disk is full') });
      await check.expectEvent('billing_run.failed', { entityId: run.uuid }, failed);
    } finally {
      await allowDrafts();
    }
    // Billed again, without the fault: the drafts the card customers' invoices come from.
    const again = await post('/api/v1/billing-runs/', {}, 202);
    expect(await waitForRun(again.uuid)).toMatchObject({ status: 'done', subscriptions_done: 3 });
    await check.expectEvent('billing_run.started', { entityId: again.uuid }, again);
  });

  it('card_charge.declined and .requires_action, then dunning_step.scheduled for each step', async () => {
    const send = async (account: string) => {
      const [draft] = (await get(`/api/v1/invoice-drafts/?account=${account}&status=draft`)).results;
      return post(`/api/v1/invoice-drafts/${draft.uuid}/send/`);
    };
    declined = await send('DECLINED');
    const collection = await get(`/api/v1/invoices/${declined.uuid}/dunning/`);
    expect(collection.card_charges).toMatchObject([{ attempt: 1, status: 'declined' }]);
    expect(collection.dunning.map((s: { due_on: string }) => s.due_on)).toEqual([
      '2025-01-04',
      '2025-01-08',
      '2025-01-15',
    ]);
    // The charge was written before its failure planned the dunning: the same collection, no steps yet.
    await check.expectEvent(
      'card_charge.declined',
      { invoice: declined.uuid },
      { ...collection, dunning: [] },
    );
    // One event per step planned, each with the collection as it is with all of them.
    await check.expectEvent('dunning_step.scheduled', { invoice: declined.uuid }, collection, 3);

    const sca = await send('SCA');
    const scaCollection = await get(`/api/v1/invoices/${sca.uuid}/dunning/`);
    expect(scaCollection.card_charges).toMatchObject([{ attempt: 1, status: 'requires_action' }]);
    await check.expectEvent(
      'card_charge.requires_action',
      { invoice: sca.uuid },
      { ...scaCollection, dunning: [] },
    );
    await check.expectEvent('dunning_step.scheduled', { invoice: sca.uuid }, scaCollection, 3);
  });

  it('card_charge.retryable: the gateway does not answer in time, and no dunning is planned for it', async () => {
    const [draft] = (await get('/api/v1/invoice-drafts/?account=TIMEOUT&status=draft')).results;
    const invoice = await post(`/api/v1/invoice-drafts/${draft.uuid}/send/`);
    const collection = await get(`/api/v1/invoices/${invoice.uuid}/dunning/`);
    expect(collection.card_charges).toMatchObject([
      { attempt: 1, status: 'retryable', error: expect.stringContaining('stripe unreachable') },
    ]);
    // A charge that is tried again with the same key is no failure yet: nothing to dun.
    expect(collection.dunning).toEqual([]);
    expect(collection.status).toBe('open');
    await check.expectEvent('card_charge.retryable', { invoice: invoice.uuid }, collection);
  });

  it('dunning_step.done, a charge that succeeds, and dunning_step.cancelled for the step left', async () => {
    t.clock.set('2025-01-04T08:00:00Z');
    await runDunning(t.services, t.org.id);
    // Step 1 charged the card again (declined again) and sent a reminder.
    const first = await get(`/api/v1/invoices/${declined.uuid}/dunning/`);
    expect(first.dunning[0]).toMatchObject({ step: 1, status: 'done' });
    expect(first.card_charges).toMatchObject([{ status: 'declined' }, { attempt: 2, status: 'declined' }]);
    await check.expectEvent('dunning_step.done', { invoice: declined.uuid }, first);
    expect(await check.count('card_charge.declined', { invoice: declined.uuid })).toBe(1);
    await check.expectEvent(
      'card_charge.declined',
      { invoice: declined.uuid },
      {
        ...first,
        dunning: first.dunning.map((s: { step: number }) => (s.step === 1 ? { ...s, result: 'started' } : s)),
      },
    );

    // The customer gives a working card; step 2 charges it: the invoice is paid, step 3 is not due.
    await post('/api/v1/paymentcards/', { account: 'DECLINED', gateway: 'stripe', token: 'pm_card_visa' });
    t.clock.set('2025-01-08T08:00:00Z');
    await runDunning(t.services, t.org.id);
    const paid = await get(`/api/v1/invoices/${declined.uuid}/dunning/`);
    expect(paid.status).toBe('paid');
    expect(paid.card_charges.at(-1)).toMatchObject({ attempt: 3, status: 'succeeded' });
    expect(paid.dunning.map((s: { status: string }) => s.status)).toEqual(['done', 'done', 'cancelled']);
    await check.expectEvent('dunning_step.done', { invoice: declined.uuid }, paid);
    // The charge and the cancelling were written while step 2 was still being carried out.
    const duringStep2 = {
      ...paid,
      dunning: paid.dunning.map((s: { step: number }) => (s.step === 2 ? { ...s, result: 'started' } : s)),
    };
    await check.expectEvent('card_charge.succeeded', { invoice: declined.uuid }, duringStep2);
    await check.expectEvent('dunning_step.cancelled', { invoice: declined.uuid }, duringStep2);
  });

  it('payment.unmatched: a payment whose reference no invoice has', async () => {
    const payment = await post('/api/v1/payments/', { amount: '12.00', reference: danishFik71('99999')! });
    expect(payment.status).toBe('unmatched');
    const now = await get(`/api/v1/payments/${payment.uuid}/`);
    await check.expectEvent('payment.unmatched', { entityId: payment.uuid }, now);
    await check.expectEvent('payment.registered', { entityId: payment.uuid }, now);
  });

  it('billing_run.started for the run the daily job queues, then its completion', async () => {
    t.clock.set('2025-01-09T08:00:00Z');
    const queue = await startQueue(t.handle, BILLING_QUEUES);
    try {
      await startDailyRuns({ ...t.services, queue }, queue, [t.org.id]);
      const audit = await get('/api/v1/audit-log/?action=billing_run.started&ordering=-created_date');
      expect(audit.results[0]).toMatchObject({ client_system: 'kassa-billing' });
      const run = await get(`/api/v1/billing-runs/${audit.results[0].entity_id}/`);
      expect(run).toMatchObject({ date: '2025-01-09', status: 'running' });
      await check.expectEvent('billing_run.started', { entityId: run.uuid }, run);
      // Once a day: a second look finds the run and starts none.
      await startDailyRuns({ ...t.services, queue }, queue, [t.org.id]);
      expect(await check.count('billing_run.started')).toBe(0);
      await startBillingWorkers({ ...t.services, queue }, queue);
      const done = await waitForRun(run.uuid);
      expect(done.status).toBe('done');
      await check.expectEvent('billing_run.completed', { entityId: run.uuid }, done);
    } finally {
      await queue.stop();
    }
  });

  it('a receiver gets every one of them, signed, with that data and growing versions', async () => {
    const types = await check.expectDelivered();
    expect(types).toEqual([
      'billing_run.completed',
      'billing_run.failed',
      'billing_run.started',
      'card_charge.declined',
      'card_charge.requires_action',
      'card_charge.retryable',
      'card_charge.succeeded',
      'dunning_step.cancelled',
      'dunning_step.done',
      'dunning_step.scheduled',
      'payment.registered',
      'payment.unmatched',
    ]);
    // Each object's later state comes with a higher version than its earlier one.
    const [started] = check.versionsOf('billing_run.started');
    expect(Math.min(...check.versionsOf('billing_run.failed'))).toBeGreaterThan(started!);
    expect(Math.min(...check.versionsOf('dunning_step.done'))).toBeGreaterThan(1);
    expect(Math.min(...check.versionsOf('dunning_step.cancelled'))).toBeGreaterThan(1);
  });
});
