import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher } from '../support/mail-catcher.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Seed 000's headless flow, steps 1 to 4 with the seed's own payloads (only `plan-terms-uuid` and the
 * account's uuid filled in), then a billing run and a send: the invoice arrives by SMTP with its PDF.
 */
let t: TestApp;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
const headers = () =>
  authHeaders(t.org.tokens.full, { 'x-client-system': 'YourApp', 'x-user': 'admin@yourapp.com' });
const post = (url: string, payload?: object) =>
  t.app.inject({ method: 'POST', url, headers: headers(), ...(payload ? { payload } : {}) });

beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTestApp({
    now: '2025-01-01T09:00:00Z',
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'billing@kassa.test',
      gateways: {},
      publicUrl: 'https://kassa.test',
    },
  });
});
afterAll(async () => {
  await t.close();
  await mail.close();
});

describe('seed 000, headless, end to end', () => {
  it('creates, bills, sends and delivers', async () => {
    await post('/api/v1/plans/', { code: 'TEAM', name: 'Team' });
    const terms = (
      await post('/api/v1/plan-terms/', { plan: 'TEAM', price: '100.00', interval: 'month' })
    ).json().uuid;

    const account = await post('/api/v1/accounts/', {
      code: 'CUST001',
      name: 'Acme Corporation',
      email: 'billing@acme.com',
      type: 'company',
      legal_address: '123 Main Street',
      legal_zipcode: '12345',
      legal_city: 'Copenhagen',
      legal_country: 'DK',
    });
    expect(account.statusCode, account.body).toBe(201);
    const accountUuid = account.json().uuid;

    const contract = await post('/api/v1/accounts/CUST001/contracts/', {
      plan_terms: terms,
      start_date: '2025-01-01',
      end_date: '2025-12-31',
    });
    expect(contract.statusCode, contract.body).toBe(201);
    const tier = await post(`/api/v1/accounts/CUST001/contracts/${contract.json().uuid}/tiers/`, {
      minimum_quantity: 10,
      discount: '15.00',
      discount_type: 'percentage',
    });
    expect(tier.statusCode, tier.body).toBe(201);

    for (const card of [
      { account: accountUuid, token: 'pm_1234567890', gateway: 'stripe' },
      { account: accountUuid, token: '12345678', gateway: 'quickpay' },
    ]) {
      const res = await post('/api/v1/paymentcards/', card);
      expect(res.statusCode, res.body).toBe(201);
    }

    const subscription = await post('/api/v1/subscriptions/', {
      account: 'CUST001',
      terms,
      quantity: 5,
      collection_method: 'card',
      start_date: '2025-01-01',
    });
    expect(subscription.statusCode, subscription.body).toBe(201);
    expect(subscription.json()).toMatchObject({
      account: 'CUST001',
      quantity: 5,
      collection_method: 'card',
      status: 'active',
      current_period_start: '2025-01-01',
      current_period_end: '2025-02-01',
    });

    const run = await post('/api/v1/billing-runs/', { date: '2025-01-01' });
    expect(run.statusCode, run.body).toBe(202);
    let status = run.json().status;
    for (let i = 0; i < 100 && status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (
        await t.app.inject({ url: `/api/v1/billing-runs/${run.json().uuid}/`, headers: headers() })
      ).json().status;
    }
    expect(status).toBe('done');
    const [draft] = (
      await t.app.inject({ url: '/api/v1/invoice-drafts/?account=CUST001', headers: headers() })
    ).json().results;
    expect(draft).toMatchObject({ total_ex_vat: '500.00', total_vat: '125.00', total: '625.00' });

    const sent = await post(`/api/v1/invoice-drafts/${draft.uuid}/send/`);
    expect(sent.statusCode, sent.body).toBe(201);
    // No gateway is configured here: the card charge waits for a retry and the invoice stays open.
    expect(sent.json()).toMatchObject({ number: '2025-000001', collection_method: 'card', status: 'open' });
    const listed = await t.app.inject({
      url: '/api/v1/invoices/?created_date__gte=2025-01-01',
      headers: headers(),
    });
    expect(listed.json().results.map((i: { number: string }) => i.number)).toEqual(['2025-000001']);

    const arrived = mail.received.find((m) => m.subject?.includes('2025-000001'));
    expect(arrived?.subject).toMatch(/^Faktura 2025-000001 fra /);
    const pdf = arrived?.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.content.subarray(0, 5).toString()).toBe('%PDF-');

    const link = await post('/api/self-service/initiate-organization/', { email: 'customer@example.com' });
    expect(link.statusCode).toBe(404);
    const own = await post('/api/self-service/initiate-organization/', { email: 'billing@acme.com' });
    expect(own.json().url).toMatch(/^https:\/\/kassa\.test\/self-service\/login\?token=ss_/);
  });
});
