import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, expectNothingLeftToBill } from '../support/billing.ts';
import * as fakeStripe from '../support/fake-stripe.ts';
import { startMailCatcher } from '../support/mail-catcher.ts';
import { authHeaders, createTestApp, createTestOrganization, type TestApp } from '../support/test-app.ts';

/*
 * The portal's server side (issue 16): a self-service link is exchanged once for an HttpOnly session
 * cookie; writes with the cookie need the session's CSRF token; the session ends 30 minutes after its
 * last request; what a customer may do follows the organization's portal settings. Every change is
 * checked afterwards through the merchant's API.
 */

let t: TestApp;
let stripe: fakeStripe.FakeStripe;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const merchant = (method: Method, url: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(t.org.tokens.full), ...(payload ? { payload } : {}) });
const subscriptions: Record<string, string> = {};

/** A fresh link's token for an account (through the merchant's API, as the seed's backend would). */
async function linkFor(code: string): Promise<string> {
  const res = await merchant('GET', `/api/v1/subscriptions/${subscriptions[code]}/self-service-token/`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token;
}

/** Opens a link as a browser does: the answer's cookie and where it goes next. */
async function open(token: string) {
  const res = await t.app.inject({ url: `/self-service/login?token=${encodeURIComponent(token)}` });
  const setCookie = String(res.headers['set-cookie'] ?? '');
  const cookie = /kassa_portal=([^;]*)/.exec(setCookie)?.[1] ?? null;
  return { res, setCookie, cookie, location: String(res.headers.location) };
}

/** A signed-in customer: requests with the cookie, writes with the CSRF token. */
async function signIn(code: string) {
  const { cookie } = await open(await linkFor(code));
  expect(cookie).toBeTruthy();
  const headers = { cookie: `kassa_portal=${cookie}` };
  const session = await t.app.inject({ url: '/api/self-service/session/', headers });
  expect(session.statusCode, session.body).toBe(200);
  const csrf = session.json().csrf_token as string;
  const call = (method: Method, url: string, payload?: object, extra: Record<string, string> = {}) =>
    t.app.inject({
      method,
      url,
      headers: { ...headers, 'x-csrf-token': csrf, ...extra },
      ...(payload ? { payload } : {}),
    });
  return { cookie: cookie as string, csrf, call, headers };
}

beforeAll(async () => {
  mail = await startMailCatcher();
  stripe = await fakeStripe.start({});
  t = await createTestApp({
    now: '2025-01-01T08:00:00Z',
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'billing@kassa.test',
      gateways: { stripe: { apiKey: stripe.apiKey, baseUrl: stripe.baseUrl, timeoutMs: 5_000 } },
      publicUrl: 'https://kassa.test',
    },
  });
  await merchant('POST', '/api/v1/plans/', { code: 'P', name: 'Plan' });
  const terms = await merchant('POST', '/api/v1/plan-terms/', {
    plan: 'P',
    code: 'M',
    name: 'Monthly',
    price: '100',
    interval: 'month',
    minimum_term: 'P3M',
    notice_period: 'P1M',
  });
  expect(terms.statusCode, terms.body).toBe(201);
  for (const code of ['ONE', 'TWO']) {
    const account = await merchant('POST', '/api/v1/accounts/', {
      code,
      name: `Customer ${code}`,
      email: `${code.toLowerCase()}@example.com`,
      language: 'da',
    });
    expect(account.statusCode, account.body).toBe(201);
    const subscription = await merchant('POST', '/api/v1/subscriptions/', {
      account: code,
      terms: 'M',
      start_date: '2025-01-01',
      collection_method: 'card',
    });
    expect(subscription.statusCode, subscription.body).toBe(201);
    subscriptions[code] = subscription.json().uuid;
  }
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
  await mail?.close();
});

describe('arrival by link', () => {
  it('exchanges the token once for an HttpOnly cookie and sends the browser on without it', async () => {
    const token = await linkFor('ONE');
    const first = await open(token);
    expect(first.res.statusCode).toBe(303);
    expect(first.location).toBe('/self-service/');
    expect(first.setCookie).toMatch(/HttpOnly/);
    expect(first.setCookie).toMatch(/SameSite=Lax/);
    expect(first.setCookie).toMatch(/Path=\//);
    expect(first.res.headers['cache-control']).toBe('no-store');
    expect(first.res.headers['referrer-policy']).toBe('no-referrer');
    // The same link again opens nothing, and the token no longer works as a header either.
    const again = await open(token);
    expect(again.location).toMatch(/^\/self-service\/link-invalid\?organization=[a-z0-9-]+$/);
    expect(again.cookie).toBeNull();
    const header = await t.app.inject({ url: '/api/self-service/account/', headers: authHeaders(token) });
    expect(header.statusCode).toBe(401);
  });

  it('sends an unknown or expired link to the friendly page, never echoing the token', async () => {
    const unknown = await open('ss_not-a-real-token-at-all');
    expect(unknown.res.statusCode).toBe(303);
    expect(unknown.location).toBe('/self-service/link-invalid');
    expect(unknown.res.body).not.toContain('not-a-real-token');
    expect(JSON.stringify(unknown.res.headers)).not.toContain('not-a-real-token');
    const missing = await t.app.inject({ url: '/self-service/login' });
    expect(missing.headers.location).toBe('/self-service/link-invalid');
    const token = await linkFor('ONE');
    t.clock.advance(31 * 60_000);
    try {
      expect((await open(token)).location).toMatch(/^\/self-service\/link-invalid\?organization=[a-z0-9-]+$/);
    } finally {
      t.clock.set('2025-01-01T08:00:00Z');
    }
  });
});

describe('the portal session', () => {
  it('tells the customer their account, the organization’s look and the actions offered', async () => {
    await merchant('PATCH', '/api/v1/organization/', { portal_colour: '#0a7f5a', portal_cancel: true });
    const { call } = await signIn('ONE');
    const session = (await call('GET', '/api/self-service/session/')).json();
    expect(session).toMatchObject({
      idle_minutes: 30,
      account: { code: 'ONE', name: 'Customer ONE', language: 'da' },
      organization: { colour: '#0a7f5a', logo_url: null },
      actions: { cards: true, details: true, plan_change: false, cancel: true },
    });
    expect(session.csrf_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a write with the cookie but without the CSRF token, and changes nothing', async () => {
    const { call } = await signIn('ONE');
    const refused = await call(
      'PATCH',
      '/api/self-service/account/',
      { legal_city: 'Aarhus' },
      { 'x-csrf-token': 'wrong' },
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('csrf_failed');
    expect((await merchant('GET', '/api/v1/accounts/ONE/')).json().legal_city).not.toBe('Aarhus');
    const done = await call('PATCH', '/api/self-service/account/', { legal_city: 'Aarhus' });
    expect(done.statusCode, done.body).toBe(200);
    expect((await merchant('GET', '/api/v1/accounts/ONE/')).json().legal_city).toBe('Aarhus');
  });

  it('lasts 30 minutes after the last request, and ends on sign-out', async () => {
    const { call } = await signIn('TWO');
    try {
      t.clock.advance(20 * 60_000);
      expect((await call('GET', '/api/self-service/account/')).statusCode).toBe(200);
      t.clock.advance(25 * 60_000); // 45 minutes after sign-in, 25 after the last request
      expect((await call('GET', '/api/self-service/account/')).statusCode).toBe(200);
      t.clock.advance(31 * 60_000);
      expect((await call('GET', '/api/self-service/account/')).statusCode).toBe(401);
    } finally {
      t.clock.set('2025-01-01T08:00:00Z');
    }
    const other = await signIn('TWO');
    const out = await other.call('DELETE', '/api/self-service/session/');
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/kassa_portal=;.*Max-Age=0/);
    expect((await other.call('GET', '/api/self-service/account/')).statusCode).toBe(401);
  });

  it('answers 401 without a cookie or token; a customer of another organization sees nothing of ours', async () => {
    expect((await t.app.inject({ url: '/api/self-service/session/' })).statusCode).toBe(401);
    const made = await t.app.inject({
      url: '/api/self-service/session/',
      headers: { cookie: 'kassa_portal=sp_made-up' },
    });
    expect(made.statusCode).toBe(401);
    const other = await createTestOrganization(t.services);
    const otherCall = (method: Method, url: string, payload?: object) =>
      t.app.inject({ method, url, headers: authHeaders(other.tokens.full), ...(payload ? { payload } : {}) });
    await otherCall('POST', '/api/v1/accounts/', { code: 'X', name: 'X', email: 'x@example.com' });
    await otherCall('PATCH', '/api/v1/organization/', { portal_cancel: true });
    const link = await otherCall('POST', '/api/self-service/initiate-organization/', {
      email: 'x@example.com',
    });
    const token = new URL(link.json().url).searchParams.get('token') as string;
    const { cookie } = await open(token);
    const headers = { cookie: `kassa_portal=${cookie}` };
    const csrf = (await t.app.inject({ url: '/api/self-service/session/', headers })).json().csrf_token;
    const preview = await t.app.inject({
      url: `/api/self-service/subscriptions/${subscriptions.ONE}/cancellation-preview/`,
      headers,
    });
    expect(preview.statusCode).toBe(404);
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/self-service/subscriptions/${subscriptions.ONE}/cancel/`,
      headers: { ...headers, 'x-csrf-token': csrf },
    });
    expect(cancel.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/self-service/subscriptions/', headers })).json().results).toEqual(
      [],
    );
  });
});

describe('billing details', () => {
  it('saves the e-invoice (Peppol) address and purchase-order reference, and names a wrong field', async () => {
    const { call } = await signIn('TWO');
    const bad = await call('PATCH', '/api/self-service/account/', { electronic_address: 'no scheme' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('electronic_address');
    expect((await merchant('GET', '/api/v1/accounts/TWO/')).json().electronic_address).toBeNull();
    const done = await call('PATCH', '/api/self-service/account/', {
      electronic_address: '0184:13585628',
      purchase_order_reference: 'PO-4711',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect((await merchant('GET', '/api/v1/accounts/TWO/')).json()).toMatchObject({
      electronic_address: '0184:13585628',
      purchase_order_reference: 'PO-4711',
    });
    await call('PATCH', '/api/self-service/account/', {
      electronic_address: null,
      purchase_order_reference: null,
    });
  });
});

describe('cards and payment', () => {
  it('makes an older card the default, and paying an open invoice charges that one', async () => {
    const { call } = await signIn('TWO');
    const visa = await call('POST', '/api/self-service/paymentcards/', {
      gateway: 'stripe',
      token: 'pm_card_visa',
    });
    expect(visa.statusCode, visa.body).toBe(201);
    const declined = await call('POST', '/api/self-service/paymentcards/', {
      gateway: 'stripe',
      token: 'pm_card_chargeDeclined',
    });
    expect(declined.json().default).toBe(true);
    // Billed and sent: the newest card (declined) is charged and refuses.
    await billOn(t, '2025-01-01');
    const [draft] = (await merchant('GET', '/api/v1/invoice-drafts/?account=TWO')).json().results;
    const invoice = (await merchant('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`)).json();
    expect((await merchant('GET', `/api/v1/invoices/${invoice.uuid}/`)).json().status).not.toBe('paid');
    const made = await call('POST', `/api/self-service/paymentcards/${visa.json().uuid}/default/`);
    expect(made.statusCode, made.body).toBe(200);
    const cards = (await merchant('GET', '/api/v1/paymentcards/?account=TWO')).json().results;
    expect(cards.map((c: { token: string; default: boolean }) => [c.token, c.default])).toEqual([
      ['…visa', true],
      ['…ined', false],
    ]);
    const paid = await call('POST', `/api/self-service/invoices/${invoice.uuid}/pay/`);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ outcome: 'succeeded', invoice: { status: 'paid', balance: '0.00' } });
    expect((await merchant('GET', `/api/v1/invoices/${invoice.uuid}/`)).json().status).toBe('paid');
    await expectNothingLeftToBill(t, '2025-01-01');
  });

  it('pays only the customer’s own invoices, and cards follow the portal setting', async () => {
    const one = await signIn('ONE');
    const [invoice] = (await merchant('GET', '/api/v1/invoices/?account=TWO')).json().results;
    expect((await one.call('POST', `/api/self-service/invoices/${invoice.uuid}/pay/`)).statusCode).toBe(404);
    await merchant('PATCH', '/api/v1/organization/', { portal_cards: false });
    try {
      const refused = await one.call('POST', '/api/self-service/paymentcards/', {
        gateway: 'stripe',
        token: 'pm_card_visa',
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('action_disabled');
      expect((await merchant('GET', '/api/v1/paymentcards/?account=ONE')).json().results).toEqual([]);
    } finally {
      await merchant('PATCH', '/api/v1/organization/', { portal_cards: true });
    }
  });

  it('lists the customer’s credit notes only', async () => {
    const [invoice] = (await merchant('GET', '/api/v1/invoices/?account=TWO')).json().results;
    expect((await merchant('POST', `/api/v1/invoices/${invoice.uuid}/credit-notes/`)).statusCode).toBe(201);
    const two = await signIn('TWO');
    const mine = (await two.call('GET', '/api/self-service/credit-notes/')).json().results;
    expect(mine).toHaveLength(1);
    expect(mine[0].invoice).toBe(invoice.uuid);
    const one = await signIn('ONE');
    expect((await one.call('GET', '/api/self-service/credit-notes/')).json().results).toEqual([]);
  });
});

describe('subscriptions and cancellation', () => {
  it('shows each subscription with its terms and next billing date', async () => {
    const { call } = await signIn('ONE');
    const res = await call('GET', '/api/self-service/subscriptions/');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results).toEqual([
      expect.objectContaining({
        subscription: expect.objectContaining({ uuid: subscriptions.ONE, status: 'active' }),
        plan_terms: expect.objectContaining({ price: '100.00', interval: 'month' }),
        next_billing_date: '2025-02-01',
      }),
    ]);
  });

  it('cancels on the earliest end that minimum term and notice allow, shown first', async () => {
    const { call } = await signIn('ONE');
    // Notice on 2025-01-01 with a 3-month minimum term and one month's notice: the earliest end is 2025-04-01.
    const preview = await call(
      'GET',
      `/api/self-service/subscriptions/${subscriptions.ONE}/cancellation-preview/`,
    );
    expect(preview.json()).toMatchObject({ earliest_end_date: '2025-04-01', notice_period: 'P1M' });
    const early = await call('POST', `/api/self-service/subscriptions/${subscriptions.ONE}/cancel/`, {
      end_date: '2025-02-01',
    });
    expect(early.statusCode).toBe(400);
    expect((await merchant('GET', `/api/v1/subscriptions/${subscriptions.ONE}/`)).json().end_date).toBeNull();
    const done = await call('POST', `/api/self-service/subscriptions/${subscriptions.ONE}/cancel/`);
    expect(done.statusCode, done.body).toBe(200);
    const after = (await merchant('GET', `/api/v1/subscriptions/${subscriptions.ONE}/`)).json();
    expect(after).toMatchObject({ status: 'ending', end_date: '2025-04-01' });
    const audit = (await merchant('GET', '/api/v1/audit-log/?client_system=self-service')).json().results;
    expect(audit.some((e: { user: string }) => e.user === 'account:ONE')).toBe(true);
  });

  it('refuses to cancel when the organization does not offer it', async () => {
    await merchant('PATCH', '/api/v1/organization/', { portal_cancel: false });
    const { call } = await signIn('TWO');
    const refused = await call('POST', `/api/self-service/subscriptions/${subscriptions.TWO}/cancel/`);
    expect(refused.statusCode).toBe(403);
    expect((await merchant('GET', `/api/v1/subscriptions/${subscriptions.TWO}/`)).json().end_date).toBeNull();
  });
});

describe('portal settings', () => {
  it('validates the look and names the field', async () => {
    const bad = await merchant('PATCH', '/api/v1/organization/', {
      portal_colour: 'green',
      portal_logo_url: 'http://x',
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['portal_colour', 'portal_logo_url']);
    const read = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/organization/',
      headers: authHeaders(t.org.tokens.read),
      payload: { portal_colour: '#000000' },
    });
    expect(read.statusCode).toBe(403);
    expect((await merchant('GET', '/api/v1/organization/')).json().portal_colour).toBe('#0a7f5a');
  });
});
