import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, draftsOf } from '../support/billing.ts';
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
      VatId: 'DE123456788',
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
      vat_number: 'DE123456788',
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
    const wrongDigits = await client.patchCustomer(customerId, { VatId: 'DE123456789' });
    expect(wrongDigits).toMatchObject({ status: 400 });
    expect(wrongDigits.errors[0]).toMatchObject({ field: 'VatId', code: 'check_digit' });
    expect(wrongDigits.errors[0].message).toContain('not a valid German VAT number (check digits)');
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

describe('contracts', () => {
  let usageId: string;

  beforeAll(async () => {
    // The metered component the usage below is for, ordered as a Billwerk integration orders it.
    const calls = await client.createOrder({
      ContractId: contractId,
      Cart: { ComponentSubscriptions: [{ ComponentId: 'BW-CALLS' }] },
    });
    expect(await client.commitOrder(calls.Id, {})).toMatchObject({ Status: 'Completed' });
  });

  it('getCustomerContracts, getContracts and getContract answer ContractDTOs with their phases', async () => {
    const mine = await client.getCustomerContracts(bwCustomer);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      Id: contractId,
      CustomerId: bwCustomer,
      ExternalCustomerId: 'BW-ORDERS',
      PlanVariantId: catalog.pro,
      Quantity: 2,
      Currency: 'DKK',
      LifecycleStatus: 'Active',
      StartDate: '2025-01-15',
      EndDate: null,
      PaymentMethod: 'InvoicePayment',
    });
    expect(mine[0].Phases[0]).toMatchObject({ Type: 'Normal', StartDate: '2025-01-15', Quantity: 2 });
    expect(await client.getCustomerContracts('BW-ORDERS')).toEqual(mine);
    const all = await client.getContracts();
    expect(all.map((c: { Id: string }) => c.Id)).toContain(contractId);
    const one = await client.getContract(contractId);
    expect(one).toEqual(mine[0]);
    const subscription = await native(`/api/v1/subscriptions/${contractId}/`);
    expect(one).toMatchObject({
      PlanVariantId: subscription.terms,
      CurrentPeriodStart: subscription.current_period_start,
      CurrentPeriodEnd: subscription.current_period_end,
    });
  });

  it('postContractUsage records metered usage, getContractUsage lists it', async () => {
    expect(await client.getContractUsage(contractId)).toEqual([]);
    const used = await client.postContractUsage(contractId, {
      ComponentId: catalog.calls,
      Quantity: 120,
      DueDate: '2025-01-15T09:30:00',
      Description: 'API calls, morning',
    });
    expect(used).toMatchObject({
      ContractId: contractId,
      ComponentId: catalog.calls,
      Quantity: 120,
      DueDate: '2025-01-15T09:30:00.000Z',
      Description: 'API calls, morning',
      Billed: false,
    });
    usageId = used.Id;
    await client.postContractUsage(contractId, { ComponentId: 'BW-CALLS', Quantity: '2.5' });
    const listed = await client.getContractUsage(contractId);
    expect(listed.map((u: { Quantity: number }) => u.Quantity)).toEqual([120, 2.5]);
    const records = (await native(`/api/v1/subscriptions/${contractId}/usage/`)).results;
    expect(records[0]).toMatchObject({
      uuid: usageId,
      metric: catalog.calls,
      quantity: '120',
      timestamp: '2025-01-15T09:30:00.000Z',
      properties: { description: 'API calls, morning' },
    });
    const log = await native(`/api/v1/audit-log/?entity_id=${usageId}`);
    expect(log.results[0]).toMatchObject({ action: 'usage.created', client_system: 'billwerk-compat' });
  });

  it('deleteContractUsage sends a GET: answered as a read, nothing is deleted', async () => {
    expect(await client.deleteContractUsage(contractId, usageId)).toMatchObject({
      Id: usageId,
      Quantity: 120,
    });
    expect((await native(`/api/v1/subscriptions/${contractId}/usage/`)).results).toHaveLength(2);
    expect(
      await client.deleteContractUsage(contractId, '00000000-0000-4000-8000-000000000000'),
    ).toMatchObject({
      status: 404,
    });
  });

  it('getContractComponentSubscriptions lists components, createContractComponentSubscription adds one', async () => {
    const before = await client.getContractComponentSubscriptions(contractId);
    expect(before).toEqual([
      expect.objectContaining({ ContractId: contractId, ComponentId: catalog.calls, Quantity: null }),
    ]);
    const seat = await client.createContractComponentSubscription(contractId, {
      ComponentId: 'BW-SEAT',
      Quantity: 4,
      StartDate: '2025-01-20T00:00:00',
    });
    expect(seat).toMatchObject({ ComponentId: catalog.seat, Quantity: 4, StartDate: '2025-01-20' });
    expect((await native(`/api/v1/subscriptions/${contractId}/components/`)).results).toContainEqual(
      expect.objectContaining({
        uuid: seat.Id,
        component: catalog.seat,
        quantity: 4,
        start_date: '2025-01-20',
      }),
    );
    expect(await client.getContractComponentSubscriptions(contractId)).toHaveLength(2);
  });

  it('getContractSubscriptions answers the plan variant and the components running today', async () => {
    const running = await client.getContractSubscriptions(contractId);
    expect(running[0]).toMatchObject({
      Type: 'PlanVariant',
      PlanVariantId: catalog.pro,
      Quantity: 2,
      PricePerUnit: 200,
    });
    // The seat starts on the 20th: today (the 15th) only the metered component runs.
    expect(running.slice(1)).toEqual([
      expect.objectContaining({ Type: 'Component', ComponentId: catalog.calls, Name: 'API calls' }),
    ]);
  });

  it('getContractSelfServiceToken answers a token that opens the portal for the customer', async () => {
    const token = await client.getContractSelfServiceToken(contractId);
    expect(token).toMatchObject({ CustomerId: bwCustomer });
    expect(token.Url).toContain(encodeURIComponent(token.Token));
    const portal = await t.app.inject({
      url: '/api/self-service/account/',
      headers: authHeaders(token.Token),
    });
    expect(portal.statusCode, portal.body).toBe(200);
    expect(portal.json()).toMatchObject({ code: 'BW-ORDERS' });
  });

  it('the cancellation preview and endContract end the contract on the earliest day its terms allow', async () => {
    // Seed 002 lists getContractCancellationPreview; client 2.1.0 lacks it: called as Billwerk serves it.
    const res = await t.app.inject({
      url: `/api/v1/Contracts/${contractId}/cancellationPreview?take=500`,
      headers: full,
    });
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json();
    expect(preview).toMatchObject({ ContractId: contractId, NoticeDate: '2025-01-15' });
    const ended = await client.endContract(contractId, { EndDate: `${preview.EndDate}T00:00:00` });
    expect(ended).toMatchObject({ Id: contractId, EndDate: preview.EndDate });
    expect(ended.Phases.at(-1)).toMatchObject({ Type: 'Inactive', StartDate: preview.EndDate });
    expect(await native(`/api/v1/subscriptions/${contractId}/`)).toMatchObject({
      status: 'ending',
      end_date: preview.EndDate,
    });
    const log = await native(`/api/v1/audit-log/?entity_id=${contractId}`);
    expect(log.results).toContainEqual(
      expect.objectContaining({ action: 'subscription.end_scheduled', client_system: 'billwerk-compat' }),
    );
  });

  it('createContractRatedItem adds a one-off charge for the next invoice (the plural path too)', async () => {
    const item = await client.createContractRatedItem(contractId, {
      Description: 'Setup',
      Quantity: 1,
      PricePerUnit: 250,
      PeriodStart: '2025-01-15T00:00:00',
      PeriodEnd: '2025-01-16T00:00:00',
    });
    expect(item).toMatchObject({
      ContractId: contractId,
      CustomerId: bwCustomer,
      Description: 'Setup',
      Quantity: 1,
      PricePerUnit: 250,
      Currency: 'DKK',
      Billed: false,
    });
    const plural = await t.app.inject({
      method: 'POST',
      url: `/api/v1/contracts/${contractId}/ratedItems?take=500`,
      headers: full,
      payload: { Description: 'Training', Quantity: '2', PricePerUnit: '99.5' },
    });
    expect(plural.statusCode, plural.body).toBe(201);
    expect((await native(`/api/v1/subscriptions/${contractId}/rated-items/`)).results).toEqual([
      expect.objectContaining({ uuid: item.Id, description: 'Setup', quantity: '1', unit_price: '250' }),
      expect.objectContaining({ description: 'Training', quantity: '2', unit_price: '99.5' }),
    ]);
  });

  it('getSubscriptions answers each contract with its customer', async () => {
    const combined = await client.getSubscriptions();
    const mine = combined.find((s: { Contract: { Id: string } }) => s.Contract.Id === contractId);
    expect(mine).toMatchObject({
      Customer: { Id: bwCustomer, ExternalCustomerId: 'BW-ORDERS', CompanyName: 'Ordrer ApS' },
      Contract: { Id: contractId, CustomerId: bwCustomer },
    });
    const page = (await t.app.inject({ url: '/api/v1/Subscriptions?skip=0&take=1', headers: full })).json();
    expect(page).toHaveLength(1);
  });

  it('bad input is refused naming the Billwerk field; nothing changes', async () => {
    const usage = () => native(`/api/v1/subscriptions/${contractId}/usage/`);
    const before = (await usage()).results.length;
    const notMetered = await client.postContractUsage(contractId, { ComponentId: 'BW-SEAT', Quantity: 1 });
    expect(notMetered).toMatchObject({ status: 400 });
    expect(notMetered.errors[0].field).toBe('ComponentId');
    const negative = await client.postContractUsage(contractId, { ComponentId: 'BW-CALLS', Quantity: -1 });
    expect(negative.errors[0].field).toBe('Quantity');
    const badDate = await client.postContractUsage(contractId, {
      ComponentId: 'BW-CALLS',
      Quantity: 1,
      DueDate: 'yesterday',
    });
    expect(badDate.errors[0].field).toBe('DueDate');
    expect((await usage()).results).toHaveLength(before);

    const components = (await native(`/api/v1/subscriptions/${contractId}/components/`)).results.length;
    const unknown = await client.createContractComponentSubscription(contractId, { ComponentId: 'NOPE' });
    expect(unknown.errors[0].field).toBe('ComponentId');
    expect((await native(`/api/v1/subscriptions/${contractId}/components/`)).results).toHaveLength(
      components,
    );

    const end = (await native(`/api/v1/subscriptions/${contractId}/`)).end_date;
    expect((await client.endContract(contractId, {})).errors[0].field).toBe('EndDate');
    const tooEarly = await client.endContract(contractId, { EndDate: '2025-01-14' });
    expect(tooEarly.errors[0].field).toBe('EndDate');
    const plural = await t.app.inject({
      method: 'POST',
      url: `/api/v1/Contracts/${contractId}/end?take=500`,
      headers: full,
      payload: { EndDate: '2025-01-14' },
    });
    expect(plural.statusCode, plural.body).toBe(400);
    expect(plural.json().errors[0].field).toBe('EndDate');
    expect((await native(`/api/v1/subscriptions/${contractId}/`)).end_date).toBe(end);

    const items = (await native(`/api/v1/subscriptions/${contractId}/rated-items/`)).results.length;
    const price = await client.createContractRatedItem(contractId, {
      Description: 'x',
      Quantity: 1,
      PricePerUnit: -5,
    });
    expect(price.errors[0].field).toBe('PricePerUnit');
    expect((await native(`/api/v1/subscriptions/${contractId}/rated-items/`)).results).toHaveLength(items);

    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await client.getContract(missing)).toMatchObject({ status: 404 });
    expect(await client.getCustomerContracts(missing)).toMatchObject({ status: 404 });
    expect(await client.getContractUsage(missing)).toMatchObject({ status: 404 });
    expect(await client.getContractSelfServiceToken(missing)).toMatchObject({ status: 404 });
  });

  it('the next billing run bills the usage and the rated items posted through the client', async () => {
    const end = (await client.getContract(contractId)).EndDate;
    await billOn(t, end);
    // A month later the client's cached bearer token has expired; client 2.1.0 never renews one by
    // itself (it asks /oauth/token only when it holds none), so the integration starts it afresh.
    (client as unknown as { authToken?: string }).authToken = undefined;
    const usage = await client.getContractUsage(contractId);
    expect(usage.map((u: { Billed: boolean }) => u.Billed)).toEqual([true, true]);
    const lines = (await draftsOf(t, bwCustomer)).flatMap((d) => d.lines);
    expect(lines).toContainEqual(expect.objectContaining({ quantity: '122.5', source: 'usage' }));
    expect(lines).toContainEqual(expect.objectContaining({ description: 'Setup', amount: '250.00' }));
    expect(
      (await native(`/api/v1/subscriptions/${contractId}/rated-items/`)).results.map(
        (i: { billed: boolean }) => i.billed,
      ),
    ).toEqual([true, true]);
  });
});
