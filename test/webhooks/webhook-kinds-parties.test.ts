import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher } from '../support/mail-catcher.ts';
import {
  authHeaders,
  createTestApp,
  createTestOrganization,
  type TestApp,
  type TestOrganization,
} from '../support/test-app.ts';
import { eventChecker } from '../support/webhook-kinds.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

/**
 * The kinds other parties make: orders approved and declined, people added, changed and removed,
 * orders imported from a leading system (created, then updated), and a partner's order (in a Swedish
 * organization, with the seed's request). A real receiver verifies every signature; each event's data
 * is what the API's GET answered for its object at that moment, and each object's version grows.
 */
const SEED_REQUEST = readFileSync(
  new URL('../fixtures/partner/createflexpayorder-request.xml', import.meta.url),
  'utf8',
);

let t: TestApp;
let gym: TestOrganization;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let check: ReturnType<typeof eventChecker>;
let gymCheck: ReturnType<typeof eventChecker>;

type Method = 'POST' | 'GET' | 'PATCH' | 'PUT' | 'DELETE';
const call = (method: Method, url: string, payload?: object, token = t.org.tokens.full) =>
  t.app.inject({ method, url, headers: authHeaders(token), ...(payload ? { payload } : {}) });
async function expectStatus(method: Method, url: string, status: number, payload?: object, token?: string) {
  const res = await call(method, url, payload, token);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json();
}
const get = (url: string, token?: string) => expectStatus('GET', url, 200, undefined, token);

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
  check = eventChecker(t, t.org, receiver);
  const hook = await expectStatus('POST', '/api/v1/webhooks/', 201, { url: receiver.url });
  receiver.secrets.push(hook.secret);
  await expectStatus('POST', '/api/v1/plans/', 201, { code: 'P', name: 'Plan' });
  await expectStatus('POST', '/api/v1/plan-terms/', 201, {
    plan: 'P',
    code: 'M',
    name: 'Monthly',
    price: '200',
    interval: 'month',
  });
  await expectStatus('POST', '/api/v1/plan-terms/', 201, {
    plan: 'P',
    code: 'PAPER',
    name: 'Paper, monthly',
    price: '100',
    interval: 'month',
    externally_managed: true,
  });
  await expectStatus('POST', '/api/v1/accounts/', 201, {
    code: 'ACME',
    name: 'Acme A/S',
    email: 'acme@example.com',
    legal_country: 'DK',
  });
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
  await mail?.close();
});

describe('orders, people and imports: every kind with data as GET answers it', () => {
  it('order.approved and order.declined, when approval is required', async () => {
    await expectStatus('PATCH', '/api/v1/organization/', 200, { order_approval_required: true });
    const order = () =>
      expectStatus('POST', '/api/v1/orders/', 201, {
        type: 'new_subscription',
        account: 'ACME',
        terms: 'M',
        start_date: '2025-01-01',
      });
    const no = await order();
    await check.expectEvent('order.created', { entityId: no.uuid }, no);
    await expectStatus('POST', `/api/v1/orders/${no.uuid}/commit/`, 200);
    await check.expectEvent(
      'order.pending_approval',
      { entityId: no.uuid },
      await get(`/api/v1/orders/${no.uuid}/`),
    );
    const declined = await expectStatus('POST', `/api/v1/orders/${no.uuid}/decline/`, 200);
    expect(declined.status).toBe('declined');
    await check.expectEvent('order.declined', { entityId: no.uuid }, await get(`/api/v1/orders/${no.uuid}/`));

    const yes = await order();
    await expectStatus('POST', `/api/v1/orders/${yes.uuid}/commit/`, 200);
    const approved = await expectStatus('POST', `/api/v1/orders/${yes.uuid}/approve/`, 200);
    expect(approved.status).toBe('committed');
    await check.expectEvent(
      'order.approved',
      { entityId: yes.uuid },
      await get(`/api/v1/orders/${yes.uuid}/`),
    );
    await expectStatus('PATCH', '/api/v1/organization/', 200, { order_approval_required: false });
  });

  it('user.added, user.updated and user.removed (its last state, as GET answered it before)', async () => {
    const added = await expectStatus('POST', '/api/v1/users/', 201, {
      email: 'vera@example.com',
      role: 'member',
    });
    const url = `/api/v1/users/${added.id}/`;
    await check.expectEvent('user.added', { entityId: added.id }, await get(url));
    const changed = await expectStatus('PATCH', url, 200, { role: 'viewer', name: 'Vera', language: 'de' });
    expect(changed).toMatchObject({ role: 'viewer', name: 'Vera', language: 'de' });
    const last = await get(url);
    await check.expectEvent('user.updated', { entityId: added.id }, last);
    expect((await call('DELETE', url)).statusCode).toBe(204);
    expect((await call('GET', url)).statusCode).toBe(404);
    await check.expectEvent('user.removed', { entityId: added.id }, last);
  });

  it('import.created and import.updated: the import log entry of each (one that changes nothing has none)', async () => {
    const token = t.org.tokens.import;
    const base = {
      externalSystemId: 'LEAD-1',
      planTerms: 'PAPER',
      invoiceCustomerId: 'ACME',
      quantity: 1,
      startDate: '2025-01-01',
      paymentMethod: 'invoice',
    };
    const newest = async () =>
      (await get('/api/v1/imports/log/?externalSystemId=LEAD-1&ordering=-created_date', token)).results[0];
    const created = await expectStatus('POST', '/api/v1/imports/orders/', 201, base, token);
    expect(created.outcome).toBe('created');
    const first = await newest();
    await check.expectEvent('import.created', { entityId: first.uuid }, first);
    const same = await expectStatus('POST', '/api/v1/imports/orders/', 200, base, token);
    expect(same.outcome).toBe('unchanged');
    expect(await check.count('import.updated')).toBe(0);
    const more = await expectStatus('POST', '/api/v1/imports/orders/', 200, { ...base, quantity: 3 }, token);
    expect(more.outcome).toBe('updated');
    const second = await newest();
    expect(second.outcome).toBe('updated');
    await check.expectEvent('import.updated', { entityId: second.uuid }, second);
    // The subscription the import changed has its own events, its version growing with each.
    const subscription = await get(`/api/v1/subscriptions/${created.subscription}/`);
    expect(subscription.quantity).toBe(3);
    await check.expectEvent('subscription.updated', { entityId: created.subscription }, subscription);
  });

  it('partner_order.created: a partner’s order in a Swedish organization', async () => {
    gym = await createTestOrganization(t.services, {
      country: 'SE',
      currency: 'SEK',
      timezone: 'Europe/Stockholm',
    });
    gymCheck = eventChecker(t, gym, receiver);
    const own = gym.tokens.full;
    const hook = await expectStatus('POST', '/api/v1/webhooks/', 201, { url: receiver.url }, own);
    receiver.secrets.push(hook.secret);
    await expectStatus('PATCH', '/api/v1/organization/', 200, { payment_reference_scheme: 'se_ocr' }, own);
    await expectStatus('POST', '/api/v1/business-units/', 201, { code: '1', name: 'Anläggning 2' }, own);
    await expectStatus('POST', '/api/v1/plans/', 201, { code: 'GYM', name: 'Gym' }, own);
    const terms = {
      plan: 'GYM',
      code: '2',
      name: 'Gym, månad',
      price: '2000.00',
      interval: 'month',
      business_units: ['1'],
    };
    await expectStatus('POST', '/api/v1/plan-terms/', 201, terms, own);
    await expectStatus('PUT', '/api/v1/partner-settings/flexpay/', 200, { products: ['2'] }, own);
    t.clock.set('2025-01-02T08:00:00Z');
    const res = await t.app.inject({
      method: 'POST',
      url: '/webservice/partnerorders/createflexpayorder',
      headers: authHeaders(gym.tokens.partner, { 'content-type': 'application/xml' }),
      payload: SEED_REQUEST.replace('<startday>2013-12-24</startday>', '<startday>2025-01-02</startday>'),
    });
    expect(res.statusCode, res.body).toBe(201);
    const [order] = (await get('/api/v1/partner-orders/', own)).results;
    const now = await get(`/api/v1/partner-orders/${order.number}/`, own);
    await gymCheck.expectEvent('partner_order.created', {}, now);
  });

  it('a receiver gets every one of them, signed, with that data and growing versions', async () => {
    expect(await check.expectDelivered()).toEqual([
      'import.created',
      'import.updated',
      'order.approved',
      'order.created',
      'order.declined',
      'order.pending_approval',
      'subscription.updated',
      'user.added',
      'user.removed',
      'user.updated',
    ]);
    expect(await gymCheck.expectDelivered()).toEqual(['partner_order.created']);
    // Each object's later state comes with a higher version than its earlier one.
    expect(check.versionsOf('user.removed')[0]).toBeGreaterThan(check.versionsOf('user.updated')[0]!);
    expect(check.versionsOf('user.updated')[0]).toBeGreaterThan(check.versionsOf('user.added')[0]!);
    expect(check.versionsOf('order.declined')[0]).toBeGreaterThan(1);
    expect(check.versionsOf('order.approved')[0]).toBeGreaterThan(1);
  });
});
