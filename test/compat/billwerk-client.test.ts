import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The unmodified `billwerk@2.1.0` client (seed 002's function list) against a served kassa: it gets its
 * bearer token from POST /oauth/token with an OAuth client's id and secret, as it does from Billwerk,
 * and every effect is checked through kassa's native API.
 */
const FUNCTIONS = [
  'createOrder',
  'commitOrder',
  'approveOrder',
  'declineOrder',
  'getCustomers',
  'createCustomer',
  'getCustomer',
  'putCustomer',
  'patchCustomer',
  'deleteCustomer',
  'getCustomerContracts',
  'getContracts',
  'getContract',
  'getContractUsage',
  'postContractUsage',
  'deleteContractUsage',
  'getContractComponentSubscriptions',
  'createContractComponentSubscription',
  'getContractSubscriptions',
  'getContractSelfServiceToken',
  'endContract',
  'createContractRatedItem',
  'getSubscriptions',
  'getInvoices',
  'getInvoiceById',
  'getInvoiceDownloadLink',
  'getInvoiceDrafts',
  'getInvoiceDraft',
  'sendInvoiceDraft',
  'getPlanGroups',
  'getPlanGroup',
  'getPlans',
  'getPlan',
  'getPlanVariants',
  'getPlanVariant',
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
let client: BillwerkClient;
let full: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  full = authHeaders(t.org.tokens.full);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (t.app.server.address() as AddressInfo).port;
  const oauth = await t.app.inject({
    method: 'POST',
    url: '/api/v1/oauth-clients/',
    headers: full,
    payload: { scope: 'full', name: 'billwerk integration' },
  });
  expect(oauth.statusCode, oauth.body).toBe(201);
  const { client_id, client_secret } = oauth.json();
  client = new BillwerkAPI(client_id, client_secret, `127.0.0.1:${port}`, '/api/v1', false);
});
afterAll(async () => t.close());

async function native(url: string) {
  const res = await t.app.inject({ url, headers: full });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('customers', () => {
  let customerId: string;

  it('createCustomer makes an account with those fields, audited as billwerk-compat', async () => {
    const created = await client.createCustomer({
      ExternalCustomerId: 'BW-CUST-1',
      CompanyName: 'Bäckerei Müller GmbH',
      EmailAddress: 'buchhaltung@mueller.example',
      VatId: 'DE123456789',
      Locale: 'de-DE',
      Address: {
        Street: 'Hauptstraße',
        HouseNumber: '5a',
        PostalCode: '10115',
        City: 'Berlin',
        Country: 'DE',
      },
    });
    expect(created).toMatchObject({
      ExternalCustomerId: 'BW-CUST-1',
      CompanyName: 'Bäckerei Müller GmbH',
      Locale: 'de-DE',
      Address: {
        Street: 'Hauptstraße',
        HouseNumber: '5a',
        PostalCode: '10115',
        City: 'Berlin',
        Country: 'DE',
      },
    });
    customerId = created.Id;
    const account = await native(`/api/v1/accounts/${customerId}/`);
    expect(account).toMatchObject({
      code: 'BW-CUST-1',
      name: 'Bäckerei Müller GmbH',
      type: 'company',
      email: 'buchhaltung@mueller.example',
      vat_number: 'DE123456789',
      language: 'de',
      legal_address: 'Hauptstraße 5a',
      legal_zipcode: '10115',
      legal_city: 'Berlin',
      legal_country: 'DE',
    });
    const log = await native(`/api/v1/audit-log/?entity_id=${customerId}`);
    expect(log.results[0]).toMatchObject({ action: 'account.created', client_system: 'billwerk-compat' });
  });

  it('a person without ExternalCustomerId gets a code of its own', async () => {
    const person = await client.createCustomer({
      FirstName: 'Anna',
      LastName: 'Svensson',
      EmailAddress: 'anna@example.se',
      Address: { Country: 'SE' },
    });
    expect(person).toMatchObject({
      FirstName: 'Anna',
      LastName: 'Svensson',
      CompanyName: null,
      Locale: 'sv-SE',
    });
    expect(person.ExternalCustomerId).toMatch(/^BW-/);
    expect(await native(`/api/v1/accounts/${person.Id}/`)).toMatchObject({
      name: 'Anna Svensson',
      type: 'person',
    });
  });

  it('getCustomers and getCustomer read them back', async () => {
    const all = await client.getCustomers();
    expect(Array.isArray(all)).toBe(true);
    expect(all.map((c: { Id: string }) => c.Id)).toContain(customerId);
    expect(await client.getCustomer(customerId)).toMatchObject({
      Id: customerId,
      ExternalCustomerId: 'BW-CUST-1',
    });
    expect(await client.getCustomer('BW-CUST-1')).toMatchObject({ Id: customerId });
  });

  it('putCustomer replaces the Billwerk fields, patchCustomer changes the ones sent', async () => {
    const put = await client.putCustomer(customerId, {
      CompanyName: 'Bäckerei Müller & Söhne GmbH',
      EmailAddress: 'rechnung@mueller.example',
      Address: {
        Street: 'Nebenstraße',
        HouseNumber: '7',
        PostalCode: '10117',
        City: 'Berlin',
        Country: 'DE',
      },
    });
    expect(put).toMatchObject({
      CompanyName: 'Bäckerei Müller & Söhne GmbH',
      VatId: null,
      ExternalCustomerId: 'BW-CUST-1',
    });
    const patched = await client.patchCustomer(customerId, {
      PhoneNumber: '+49 30 123456',
      Address: { City: 'Potsdam' },
    });
    expect(patched).toMatchObject({
      PhoneNumber: '+49 30 123456',
      Address: { Street: 'Nebenstraße', City: 'Potsdam' },
    });
    expect(await native(`/api/v1/accounts/${customerId}/`)).toMatchObject({
      name: 'Bäckerei Müller & Söhne GmbH',
      email: 'rechnung@mueller.example',
      vat_number: null,
      phone: '+49 30 123456',
      legal_address: 'Nebenstraße 7',
      legal_city: 'Potsdam',
    });
  });

  it('bad input is refused with its status and a JSON body naming the Billwerk field; nothing changes', async () => {
    const noMail = await client.createCustomer({ CompanyName: 'No Mail' });
    expect(noMail).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(noMail.errors[0].field).toBe('EmailAddress');
    const badVat = await client.patchCustomer(customerId, { VatId: '12345' });
    expect(badVat).toMatchObject({ status: 400 });
    expect(badVat.errors[0].field).toBe('VatId');
    const noName = await client.createCustomer({ EmailAddress: 'x@example.com' });
    expect(noName.errors[0].field).toBe('CompanyName');
    expect((await native(`/api/v1/accounts/${customerId}/`)).vat_number).toBeNull();
    expect(await client.getCustomer('00000000-0000-4000-8000-000000000000')).toMatchObject({ status: 404 });
  });

  it('deleteCustomer archives the account and answers it as JSON', async () => {
    const gone = await client.deleteCustomer(customerId);
    expect(gone).toMatchObject({ Id: customerId, Hidden: true });
    expect((await native(`/api/v1/accounts/${customerId}/`)).archived).toBe(true);
    expect((await client.getCustomers()).map((c: { Id: string }) => c.Id)).not.toContain(customerId);
  });
});

describe('paths', () => {
  it('any casing reaches the adapter; a native lowercase path stays native unless it carries take or skip', async () => {
    const upper = await t.app.inject({ url: '/api/v1/CUSTOMERS/?take=2', headers: full });
    expect(upper.statusCode, upper.body).toBe(200);
    expect(Array.isArray(upper.json())).toBe(true);
    const lower = await t.app.inject({ url: '/api/v1/customers', headers: full });
    expect(Array.isArray(lower.json())).toBe(true);
    const accounts = await t.app.inject({ url: '/api/v1/accounts/', headers: full });
    expect(accounts.json()).toHaveProperty('results');
    const take = await t.app.inject({ url: '/api/v1/customers/?take=0', headers: full });
    expect(take.statusCode).toBe(400);
    expect(take.json().errors[0].field).toBe('query.take');
  });

  it('skip and take page a bare array', async () => {
    for (let i = 0; i < 3; i++)
      await client.createCustomer({ CompanyName: `Paged ${i}`, EmailAddress: `paged${i}@example.com` });
    const all = (await t.app.inject({ url: '/api/v1/Customers?take=500', headers: full })).json();
    const page = (await t.app.inject({ url: '/api/v1/Customers?skip=1&take=2', headers: full })).json();
    expect(page.map((c: { Id: string }) => c.Id)).toEqual(all.slice(1, 3).map((c: { Id: string }) => c.Id));
  });
});
