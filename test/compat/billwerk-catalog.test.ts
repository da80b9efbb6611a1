import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn } from '../support/billing.ts';
import { startMailCatcher } from '../support/mail-catcher.ts';
import { authHeaders, createTestApp, type TestApp, type TestOrganization } from '../support/test-app.ts';

/**
 * The unmodified `billwerk@2.1.0` client's catalog, invoice, draft and webhook calls against a served
 * kassa; every effect is checked through kassa's native API.
 */
const FUNCTIONS = [
  'getPlanGroups',
  'getPlanGroup',
  'getPlans',
  'getPlan',
  'getPlanVariants',
  'getPlanVariant',
  'getInvoices',
  'getInvoiceById',
  'getInvoiceDownloadLink',
  'getInvoiceDrafts',
  'getInvoiceDraft',
  'sendInvoiceDraft',
  'getWebhooks',
  'createWebhook',
  'deleteWebhook',
] as const;
// biome-ignore lint/suspicious/noExplicitAny: the client is untyped JavaScript and answers whatever JSON it got.
type BillwerkClient = Record<(typeof FUNCTIONS)[number], (...args: any[]) => Promise<any>>;
const BillwerkAPI = (
  createRequire(import.meta.url)('billwerk') as { default: new (...a: unknown[]) => BillwerkClient }
).default;

let t: TestApp;
let port: number;
let client: BillwerkClient;
let readOnly: BillwerkClient;
let otherOrg: BillwerkClient;
let full: Record<string, string>;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
const MISSING = '00000000-0000-4000-8000-000000000000';

async function clientOf(org: TestOrganization, scope: 'full' | 'read') {
  const oauth = await t.app.inject({
    method: 'POST',
    url: '/api/v1/oauth-clients/',
    headers: authHeaders(org.tokens.full),
    payload: { scope, name: `billwerk ${scope}` },
  });
  expect(oauth.statusCode, oauth.body).toBe(201);
  const { client_id, client_secret } = oauth.json();
  return new BillwerkAPI(client_id, client_secret, `127.0.0.1:${port}`, '/api/v1', false);
}

async function post(url: string, payload: object, headers = full) {
  const res = await t.app.inject({ method: 'POST', url, headers, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

async function native(url: string) {
  const res = await t.app.inject({ url, headers: full });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const ids = {} as Record<'group' | 'plan' | 'monthly' | 'yearly' | 'account' | 'subscription', string>;

beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTestApp({
    now: '2025-01-01T08:00:00Z',
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'billing@kassa.test',
      gateways: {},
      publicUrl: 'https://kassa.test',
    },
  });
  full = authHeaders(t.org.tokens.full);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
  client = await clientOf(t.org, 'full');
  readOnly = await clientOf(t.org, 'read');
  otherOrg = await clientOf(t.other, 'full');
  ids.group = (
    await post('/api/v1/plan-groups/', { code: 'GRP', name: 'Memberships', description: 'All memberships' })
  ).uuid;
  ids.plan = (await post('/api/v1/plans/', { code: 'GYM', name: 'Gym', plan_group: 'GRP' })).uuid;
  ids.monthly = (
    await post('/api/v1/plan-terms/', {
      plan: 'GYM',
      code: 'GYM-M',
      name: 'Monthly',
      price: '99.5',
      interval: 'month',
      minimum_term: 'P12M',
      notice_period: 'P3M',
      trial_days: 14,
    })
  ).uuid;
  ids.yearly = (
    await post('/api/v1/plan-terms/', { plan: 'GYM', code: 'GYM-Y', price: '1000', interval: 'year' })
  ).uuid;
  ids.account = (
    await post('/api/v1/accounts/', { code: 'BW-INV', name: 'Invoice Kunde', email: 'inv@example.com' })
  ).uuid;
  ids.subscription = (
    await post('/api/v1/subscriptions/', { account: 'BW-INV', terms: 'GYM-Y', start_date: '2025-01-01' })
  ).uuid;
});
afterAll(async () => {
  await t?.close();
  await mail?.close();
});

it('the client has every function this file calls', () => {
  for (const name of FUNCTIONS) expect(typeof client[name], name).toBe('function');
});

describe('catalog reads', () => {
  it('getPlanGroups and getPlanGroup answer kassa plan groups as PlanGroupDTOs', async () => {
    const groups = await client.getPlanGroups();
    expect(groups).toEqual([
      expect.objectContaining({
        Id: ids.group,
        ExternalId: 'GRP',
        Name: { _c: 'Memberships' },
        Description: { _c: 'All memberships' },
        Hidden: false,
      }),
    ]);
    expect(await client.getPlanGroup(ids.group)).toMatchObject({
      Id: ids.group,
      InternalName: 'Memberships',
    });
    expect(await client.getPlanGroup('GRP')).toMatchObject({ Id: ids.group });
  });

  it('getPlans and getPlan answer plans with their group', async () => {
    const plans = await client.getPlans();
    expect(plans.map((p: { Id: string }) => p.Id)).toEqual([ids.plan]);
    expect(await client.getPlan(ids.plan)).toMatchObject({
      Id: ids.plan,
      ExternalId: 'GYM',
      Name: { _c: 'Gym' },
      Description: null,
      PlanGroupId: ids.group,
    });
  });

  it('getPlanVariants and getPlanVariant answer plan terms with their periods', async () => {
    const variants = await client.getPlanVariants();
    expect(variants.map((v: { Id: string }) => v.Id)).toEqual([ids.monthly, ids.yearly]);
    expect(await client.getPlanVariant(ids.monthly)).toMatchObject({
      Id: ids.monthly,
      PlanId: ids.plan,
      ExternalId: 'GYM-M',
      Description: { _c: 'Monthly' },
      RecurringFee: 99.5,
      Currency: 'DKK',
      FeePeriod: { Unit: 'Month', Quantity: 1 },
      ContractPeriod: { Unit: 'Month', Quantity: 12 },
      CancellationPeriod: { Unit: 'Month', Quantity: 3 },
      TrialPeriod: { Unit: 'Day', Quantity: 14 },
      PunchCardEntries: null,
    });
    expect(await client.getPlanVariant('GYM-Y')).toMatchObject({
      FeePeriod: { Unit: 'Year', Quantity: 1 },
      TrialPeriod: null,
      ContractPeriod: null,
    });
  });

  it('an archived plan variant is not listed, but is found with Hidden: true', async () => {
    const archived = (await post('/api/v1/plan-terms/', { plan: 'GYM', price: '5', interval: 'week' })).uuid;
    const gone = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/plan-terms/${archived}/`,
      headers: full,
    });
    expect(gone.statusCode).toBe(200);
    expect((await client.getPlanVariants()).map((v: { Id: string }) => v.Id)).not.toContain(archived);
    expect(await client.getPlanVariant(archived)).toMatchObject({ Id: archived, Hidden: true });
  });

  it('missing ids, another organization and bad paging answer errors with a JSON body', async () => {
    for (const missing of [
      await client.getPlan('NOPE'),
      await client.getPlanGroup(MISSING),
      await client.getPlanVariant(MISSING),
      await otherOrg.getPlan(ids.plan),
      await otherOrg.getPlanVariant('GYM-M'),
    ])
      expect(missing).toMatchObject({ status: 404, code: 'not_found' });
    expect(await otherOrg.getPlans()).toEqual([]);
    expect((await native('/api/v1/plans')).results.map((p: { uuid: string }) => p.uuid)).toEqual([ids.plan]);
    const take = await t.app.inject({ url: '/api/v1/PlanVariants?take=501', headers: full });
    expect(take.statusCode).toBe(400);
    expect(take.json().errors[0].field).toBe('query.take');
    const bare = await fetch(`http://127.0.0.1:${port}/api/v1/Plans?take=500`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ code: 'unauthenticated' });
  });
});

describe('invoices after a billing run', () => {
  let draftId: string;
  let invoiceId: string;

  it('getInvoiceDrafts and getInvoiceDraft read the drafts of the run', async () => {
    await billOn(t, '2025-01-01');
    const drafts = await client.getInvoiceDrafts();
    expect(drafts).toHaveLength(1);
    const [draft] = drafts;
    draftId = draft.Id;
    expect(draft).toMatchObject({
      CustomerId: ids.account,
      ContractId: ids.subscription,
      Currency: 'DKK',
      Status: 'Draft',
      TotalNet: 1000,
      TotalVat: 250,
      TotalGross: 1250,
      VatItems: [{ VatPercentage: 25, TotalNet: 1000, TotalVat: 250 }],
    });
    expect(draft.ItemList[0]).toMatchObject({
      ContractId: ids.subscription,
      Quantity: 1,
      PricePerUnit: 1000,
      TotalNet: 1000,
      PeriodStart: '2025-01-01',
    });
    const nativeDraft = await native(`/api/v1/invoice-drafts/${draftId}/`);
    expect(await client.getInvoiceDraft(draftId)).toMatchObject({
      Id: draftId,
      TotalGross: Number(nativeDraft.total),
    });
  });

  it('sendInvoiceDraft sends it: the invoice is issued, audited as billwerk-compat', async () => {
    const invoice = await client.sendInvoiceDraft(draftId);
    expect(invoice).toMatchObject({
      IsInvoice: true,
      CustomerId: ids.account,
      ContractId: ids.subscription,
      TotalGross: 1250,
      Status: 'open',
      AmountDue: 1250,
      DraftId: draftId,
    });
    expect(invoice.InvoiceNumber).toBeTruthy();
    invoiceId = invoice.Id;
    expect((await native(`/api/v1/invoice-drafts/${draftId}/`)).status).toBe('sent');
    expect(mail.received.map((m) => m.to && 'text' in m.to && m.to.text)).toEqual(['inv@example.com']);
    expect((await client.getInvoiceById(invoice.Id)).SentAt).not.toBeNull();
    expect(await native(`/api/v1/invoices/${invoiceId}/`)).toMatchObject({
      number: invoice.InvoiceNumber,
      draft: draftId,
      total: '1250.00',
    });
    const log = await native(`/api/v1/audit-log/?entity_id=${invoiceId}`);
    expect(log.results[0]).toMatchObject({ client_system: 'billwerk-compat' });
    expect(await client.getInvoiceDraft(draftId)).toMatchObject({ Status: 'Sent' });
  });

  it('a draft sent already, a missing one, a read-only client and another organization are refused; nothing is sent twice', async () => {
    expect(await client.sendInvoiceDraft(draftId)).toMatchObject({ status: 409 });
    expect(await client.sendInvoiceDraft(MISSING)).toMatchObject({ status: 404, code: 'not_found' });
    expect(await readOnly.sendInvoiceDraft(draftId)).toMatchObject({
      status: 403,
      code: 'insufficient_scope',
    });
    expect(await otherOrg.getInvoiceDraft(draftId)).toMatchObject({ status: 404 });
    expect(await otherOrg.sendInvoiceDraft(draftId)).toMatchObject({ status: 404 });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/InvoiceDrafts/not-a-uuid',
      headers: full,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('path.id');
    expect((await native('/api/v1/invoices/')).results).toHaveLength(1);
  });

  it('getInvoices and getInvoiceById read invoices and credit notes', async () => {
    const nativeInvoice = await native(`/api/v1/invoices/${invoiceId}/`);
    const credit = await post(`/api/v1/invoices/${invoiceId}/credit-notes/`, {
      lines: [{ line: nativeInvoice.lines[0].uuid, amount: '100.00' }],
    });
    const all = await client.getInvoices();
    expect(all.map((i: { Id: string; IsInvoice: boolean }) => [i.Id, i.IsInvoice])).toEqual([
      [invoiceId, true],
      [credit.uuid, false],
    ]);
    expect(await client.getInvoiceById(invoiceId)).toMatchObject({
      InvoiceNumber: nativeInvoice.number,
      DocumentDate: nativeInvoice.issue_date,
      DueDate: nativeInvoice.due_date,
      TotalNet: 1000,
      Status: 'partially_paid',
    });
    expect(await client.getInvoiceById(credit.uuid)).toMatchObject({
      IsInvoice: false,
      ReferencedInvoiceId: invoiceId,
      TotalNet: 100,
      Status: null,
    });
    for (const url of ['/api/v1/invoices', '/api/v1/invoices/'])
      expect((await native(url)).results.map((i: { uuid: string }) => i.uuid)).toEqual([invoiceId]);
    const paged = await t.app.inject({ url: '/api/v1/Invoices?skip=1&take=1', headers: full });
    expect(paged.json().map((i: { Id: string }) => i.Id)).toEqual([credit.uuid]);
    expect(await otherOrg.getInvoices()).toEqual([]);
    expect(await otherOrg.getInvoiceById(invoiceId)).toMatchObject({ status: 404 });
  });

  it('getInvoiceDownloadLink answers a link that serves the PDF without a token', async () => {
    const link = await readOnly.getInvoiceDownloadLink(invoiceId);
    expect(link.Url).toContain('/api/files/invoices/');
    expect(Date.parse(link.ExpiresAt)).toBeGreaterThan(t.clock.now().getTime());
    const pdf = await t.app.inject({ url: new URL(link.Url, 'http://kassa.test').pathname });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(await otherOrg.getInvoiceDownloadLink(invoiceId)).toMatchObject({ status: 404 });
    expect(await client.getInvoiceDownloadLink(MISSING)).toMatchObject({ status: 404 });
  });
});

describe('webhooks', () => {
  let webhookId: string;

  it('createWebhook registers an endpoint for Billwerk event names, with its secret once', async () => {
    const created = await client.createWebhook({
      Url: 'https://example.com/billwerk',
      Events: ['InvoiceCreated', 'CustomerCreated', 'subscription.ended'],
    });
    expect(created).toMatchObject({
      Url: 'https://example.com/billwerk',
      Events: ['CustomerCreated', 'InvoiceCreated', 'subscription.ended'],
      Enabled: true,
    });
    expect(created.Secret).toMatch(/^whsec_/);
    webhookId = created.Id;
    const endpoint = await native(`/api/v1/webhooks/${webhookId}/`);
    expect(endpoint.event_types.sort()).toEqual(['account.created', 'invoice.issued', 'subscription.ended']);
    const log = await native(`/api/v1/audit-log/?entity_id=${webhookId}`);
    expect(log.results[0]).toMatchObject({ client_system: 'billwerk-compat' });
  });

  it('getWebhooks lists them without secrets; the native lowercase route stays native', async () => {
    const hooks = await client.getWebhooks();
    expect(hooks).toEqual([expect.objectContaining({ Id: webhookId, Url: 'https://example.com/billwerk' })]);
    expect(hooks[0]).not.toHaveProperty('Secret');
    for (const url of ['/api/v1/webhooks/', '/api/v1/webhooks'])
      expect((await native(url)).results.map((w: { uuid: string }) => w.uuid)).toEqual([webhookId]);
  });

  it('bad input names the Billwerk field and registers nothing; read-only and other organizations are refused', async () => {
    const badUrl = await client.createWebhook({ Url: 'not a url' });
    expect(badUrl).toMatchObject({ status: 400 });
    expect(badUrl.errors[0].field).toBe('Url');
    const http = await client.createWebhook({ Url: 'http://example.com/hooks' });
    expect(http.errors[0].field).toBe('Url');
    const badEvent = await client.createWebhook({ Url: 'https://example.com/x', Events: ['NoSuchEvent'] });
    expect(badEvent.errors[0].field).toBe('Events.0');
    expect(await readOnly.createWebhook({ Url: 'https://example.com/ro' })).toMatchObject({
      status: 403,
      code: 'insufficient_scope',
    });
    expect(await readOnly.deleteWebhook(webhookId)).toMatchObject({ status: 403 });
    expect(await otherOrg.deleteWebhook(webhookId)).toMatchObject({ status: 404 });
    expect(await otherOrg.getWebhooks()).toEqual([]);
    expect((await native('/api/v1/webhooks/')).results).toHaveLength(1);
  });

  it('a request that names its client system with X-Client-System is audited under that name', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks?take=500',
      headers: { ...full, 'x-client-system': 'erp-sync' },
      payload: { Url: 'https://example.com/erp' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const log = await native(`/api/v1/audit-log/?entity_id=${res.json().Id}`);
    expect(log.results[0]).toMatchObject({ client_system: 'erp-sync' });
    const gone = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/webhooks/${res.json().Id}?take=500`,
      headers: full,
    });
    expect(gone.json()).toMatchObject({ Id: res.json().Id });
  });

  it('deleteWebhook deletes the endpoint and answers it as JSON', async () => {
    const gone = await client.deleteWebhook(webhookId);
    expect(gone).toMatchObject({ Id: webhookId, Url: 'https://example.com/billwerk' });
    const res = await t.app.inject({ url: `/api/v1/webhooks/${webhookId}/`, headers: full });
    expect(res.statusCode).toBe(404);
    expect(await client.getWebhooks()).toEqual([]);
    expect(await client.deleteWebhook(webhookId)).toMatchObject({ status: 404 });
  });
});
