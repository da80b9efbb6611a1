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

async function nativeWrite(method: 'POST' | 'PATCH', url: string, payload: object) {
  const res = await t.app.inject({ method, url, headers: full, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

/** The catalog the orders and contracts below sell, made through kassa's native API. */
const catalog = { basic: '', pro: '', seat: '', calls: '' };
let bwCustomer: string;
let contractId: string;

describe('orders', () => {
  beforeAll(async () => {
    await nativeWrite('POST', '/api/v1/plans/', { code: 'BW-APP', name: 'App' });
    catalog.basic = (
      await nativeWrite('POST', '/api/v1/plan-terms/', {
        plan: 'BW-APP',
        code: 'BW-BASIC',
        name: 'Basic',
        price: '100',
        interval: 'month',
      })
    ).uuid;
    catalog.pro = (
      await nativeWrite('POST', '/api/v1/plan-terms/', {
        plan: 'BW-APP',
        code: 'BW-PRO',
        name: 'Pro',
        price: '200',
        interval: 'month',
      })
    ).uuid;
    catalog.seat = (
      await nativeWrite('POST', '/api/v1/components/', {
        code: 'BW-SEAT',
        name: 'Extra seat',
        kind: 'recurring',
        price: '30',
      })
    ).uuid;
    catalog.calls = (
      await nativeWrite('POST', '/api/v1/components/', {
        code: 'BW-CALLS',
        name: 'API calls',
        kind: 'metered',
        price_model: { model: 'per_unit', unit_price: '0.5' },
      })
    ).uuid;
    bwCustomer = (
      await client.createCustomer({
        ExternalCustomerId: 'BW-ORDERS',
        CompanyName: 'Ordrer ApS',
        EmailAddress: 'ordrer@example.dk',
        Address: { Country: 'DK' },
      })
    ).Id;
  });

  it('createOrder prices a new contract for a plan variant; commitOrder starts it', async () => {
    const order = await client.createOrder({
      CustomerId: bwCustomer,
      StartDate: '2025-01-15T00:00:00',
      Cart: { PlanVariantId: catalog.basic, Quantity: 2 },
    });
    expect(order).toMatchObject({
      OrderType: 'Signup',
      Status: 'InProgress',
      CustomerId: bwCustomer,
      ContractId: null,
      Currency: 'DKK',
      ChangeDate: '2025-01-15',
      Cart: { PlanVariantId: catalog.basic, Quantity: 2, ComponentSubscriptions: [] },
    });
    expect(order.TotalNet).toBeGreaterThan(0);
    expect(order.Total).toBe(order.TotalNet + order.TotalVat);
    expect(order.LineItems[0]).toMatchObject({ Quantity: 2, PricePerUnit: 100, VatPercentage: 25 });
    expect(await native(`/api/v1/orders/${order.Id}/`)).toMatchObject({
      status: 'preview',
      type: 'new_subscription',
      account: bwCustomer,
    });

    const committed = await client.commitOrder(order.Id, {});
    expect(committed).toMatchObject({ Id: order.Id, Status: 'Completed' });
    contractId = committed.ContractId;
    expect(await native(`/api/v1/subscriptions/${contractId}/`)).toMatchObject({
      account_uuid: bwCustomer,
      terms: catalog.basic,
      quantity: 2,
      status: 'active',
      start_date: '2025-01-15',
    });
    const log = await native(`/api/v1/audit-log/?entity_id=${order.Id}`);
    expect(log.results.map((e: { client_system: string }) => e.client_system)).toEqual([
      'billwerk-compat',
      'billwerk-compat',
    ]);
  });

  it('approveOrder applies a pending up- or downgrade, declineOrder leaves a component order unapplied', async () => {
    await nativeWrite('PATCH', '/api/v1/organization/', { order_approval_required: true });
    try {
      const upgrade = await client.createOrder({
        ContractId: contractId,
        Cart: { PlanVariantId: 'BW-PRO', Quantity: 2 },
      });
      expect(upgrade).toMatchObject({ OrderType: 'Upgrade', Status: 'InProgress', ContractId: contractId });
      expect(await client.commitOrder(upgrade.Id)).toMatchObject({ Status: 'PendingApproval' });
      const seat = await client.createOrder({
        ContractId: contractId,
        Cart: { ComponentSubscriptions: [{ ComponentId: catalog.seat, Quantity: 3 }] },
      });
      expect(seat).toMatchObject({
        OrderType: 'ComponentOrder',
        Cart: { ComponentSubscriptions: [{ ComponentId: catalog.seat, Quantity: 3 }] },
      });
      expect(await client.commitOrder(seat.Id, {})).toMatchObject({ Status: 'PendingApproval' });

      expect(await client.approveOrder(upgrade.Id)).toMatchObject({ Status: 'Completed' });
      expect((await native(`/api/v1/subscriptions/${contractId}/`)).terms).toBe(catalog.pro);
      expect(await client.declineOrder(seat.Id)).toMatchObject({ Status: 'Declined' });
      expect((await native(`/api/v1/orders/${seat.Id}/`)).status).toBe('declined');
      expect((await native(`/api/v1/subscriptions/${contractId}/components/`)).results).toEqual([]);
      const log = await native(`/api/v1/audit-log/?entity_id=${upgrade.Id}`);
      expect(log.results.map((e: { action: string }) => e.action)).toEqual([
        'order.created',
        'order.pending_approval',
        'order.approved',
      ]);
      // Decided orders cannot be decided again: 409 with the problem document as the client's result.
      expect(await client.approveOrder(seat.Id)).toMatchObject({ status: 409, code: 'order_state' });
    } finally {
      await nativeWrite('PATCH', '/api/v1/organization/', { order_approval_required: false });
    }
  });

  it('bad orders are refused naming the Billwerk field; nothing is created', async () => {
    const before = (await native('/api/v1/orders/')).count;
    const empty = await client.createOrder({ ContractId: contractId, Cart: {} });
    expect(empty).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(empty.errors[0].field).toBe('Cart');
    const unknownVariant = await client.createOrder({
      CustomerId: bwCustomer,
      Cart: { PlanVariantId: 'NO-SUCH-VARIANT' },
    });
    expect(unknownVariant.status).toBe(400);
    expect(unknownVariant.errors[0].field).toBe('Cart.PlanVariantId');
    const noCustomer = await client.createOrder({ Cart: { PlanVariantId: catalog.basic } });
    expect(noCustomer.errors[0].field).toBe('CustomerId');
    const both = await client.createOrder({
      CustomerId: bwCustomer,
      Cart: { PlanVariantId: catalog.basic, ComponentSubscriptions: [{ ComponentId: catalog.seat }] },
    });
    expect(both.errors[0].field).toBe('Cart.ComponentSubscriptions');
    const badQuantity = await client.createOrder({
      CustomerId: bwCustomer,
      Cart: { PlanVariantId: catalog.basic, Quantity: 0 },
    });
    expect(badQuantity.errors[0].field).toBe('Cart.Quantity');
    const unknownField = await client.createOrder({ CustomerId: bwCustomer, Cart: {}, Coupon: 'X' });
    expect(unknownField.status).toBe(400);
    expect((await native('/api/v1/orders/')).count).toBe(before);
    expect(await client.commitOrder('00000000-0000-4000-8000-000000000000', {})).toMatchObject({
      status: 404,
    });
    // As the client sends a write without data: JSON content type, no body. Read as no body.
    const committed = (await native(`/api/v1/orders/?account=${bwCustomer}`)).results[0].uuid;
    const bodyless = await t.app.inject({
      method: 'POST',
      url: `/api/v1/Orders/${committed}/decline?take=500`,
      headers: { ...full, 'content-type': 'application/json; charset=utf-8', 'content-length': '0' },
    });
    expect(bodyless.statusCode, bodyless.body).toBe(409);
    expect(bodyless.json().code).toBe('order_state');
  });
});
