import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn } from '../support/billing.ts';
import * as fakeQuickPay from '../support/fake-quickpay.ts';
import * as fakeStripe from '../support/fake-stripe.ts';
import { startMailCatcher } from '../support/mail-catcher.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/*
 * Adding a card in the portal (issue 16): the server starts a setup at the gateway (Stripe: a
 * SetupIntent through the SDK; QuickPay: a saved card and its payment window), the customer gives the
 * card to the gateway (here the local stand-ins), and kassa records the card only when the gateway
 * confirms it. Checked through the merchant's API, and by charging the new card.
 */

let t: TestApp;
let stripe: fakeStripe.FakeStripe;
let quickpay: fakeQuickPay.FakeQuickPay;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const merchant = (method: Method, url: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(t.org.tokens.full), ...(payload ? { payload } : {}) });
const subscriptions: Record<string, string> = {};

async function signIn(app: TestApp, subscription: string) {
  const call0 = (method: Method, url: string, payload?: object) =>
    app.app.inject({
      method,
      url,
      headers: authHeaders(app.org.tokens.full),
      ...(payload ? { payload } : {}),
    });
  const link = await call0('GET', `/api/v1/subscriptions/${subscription}/self-service-token/`);
  expect(link.statusCode, link.body).toBe(200);
  const opened = await app.app.inject({ url: `/self-service/login?token=${link.json().token}` });
  const cookie = /kassa_portal=([^;]*)/.exec(String(opened.headers['set-cookie']))?.[1];
  const headers = { cookie: `kassa_portal=${cookie}` };
  const session = await app.app.inject({ url: '/api/self-service/session/', headers });
  const csrf = session.json().csrf_token as string;
  const call = (method: Method, url: string, payload?: object, extra: Record<string, string> = {}) =>
    app.app.inject({
      method,
      url,
      headers: { ...headers, 'x-csrf-token': csrf, ...extra },
      ...(payload ? { payload } : {}),
    });
  return { call, headers, session: session.json() };
}

/** What Stripe.js does with the Payment Element's card: confirm the SetupIntent with the publishable key. */
async function confirmInBrowser(clientSecret: string, publishableKey: string, number: string) {
  const id = clientSecret.split('_secret_')[0];
  const body = new URLSearchParams({
    key: publishableKey,
    client_secret: clientSecret,
    'payment_method_data[type]': 'card',
    'payment_method_data[card][number]': number,
  });
  return fetch(`${stripe.baseUrl}/v1/setup_intents/${id}/confirm`, { method: 'POST', body });
}

async function cardsOf(code: string) {
  return (await merchant('GET', `/api/v1/paymentcards/?account=${code}`)).json().results as {
    uuid: string;
    token: string;
    gateway: string;
    default: boolean;
  }[];
}

beforeAll(async () => {
  mail = await startMailCatcher();
  stripe = await fakeStripe.start({});
  quickpay = await fakeQuickPay.start({});
  t = await createTestApp({
    now: '2025-01-01T08:00:00Z',
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'billing@kassa.test',
      gateways: {
        stripe: {
          apiKey: stripe.apiKey,
          baseUrl: stripe.baseUrl,
          timeoutMs: 5_000,
          publishableKey: stripe.publishableKey,
          scriptUrl: stripe.scriptUrl,
        },
        quickpay: { apiKey: quickpay.apiKey, baseUrl: quickpay.baseUrl, timeoutMs: 5_000 },
      },
      publicUrl: 'https://kassa.test',
    },
  });
  await merchant('POST', '/api/v1/plans/', { code: 'P', name: 'Plan' });
  await merchant('POST', '/api/v1/plan-terms/', {
    plan: 'P',
    code: 'M',
    name: 'Monthly',
    price: '100',
    interval: 'month',
  });
  for (const code of ['ONE', 'TWO']) {
    await merchant('POST', '/api/v1/accounts/', {
      code,
      name: `Customer ${code}`,
      email: `${code.toLowerCase()}@example.com`,
      language: 'da',
    });
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
  await quickpay?.close();
  await mail?.close();
});

describe('adding a card with Stripe', () => {
  it('records the PaymentMethod of a confirmed SetupIntent once, on the account’s Stripe customer', async () => {
    const { call, session } = await signIn(t, subscriptions.ONE as string);
    expect(session.card_gateways).toEqual(['stripe', 'quickpay']);
    const started = await call('POST', '/api/self-service/card-setups/', { gateway: 'stripe' });
    expect(started.statusCode, started.body).toBe(201);
    const setup = started.json();
    expect(setup).toMatchObject({
      gateway: 'stripe',
      publishable_key: stripe.publishableKey,
      script_url: stripe.scriptUrl,
      window_url: null,
    });
    const intent = [...stripe.setupIntents.values()].at(-1)!;
    expect(setup.client_secret).toBe(intent.client_secret);
    expect(intent).toMatchObject({ usage: 'off_session', customer: stripe.customers[0] });
    expect(intent.metadata).toMatchObject({ kassa_account: 'ONE', kassa_card_setup: setup.uuid });

    // Not confirmed yet, or declined: nothing is recorded.
    const early = await call('POST', `/api/self-service/card-setups/${setup.uuid}/complete/`);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('card_setup_incomplete');
    const declined = await confirmInBrowser(setup.client_secret, setup.publishable_key, '4000000000000002');
    expect(declined.status).toBe(402);
    expect((await call('POST', `/api/self-service/card-setups/${setup.uuid}/complete/`)).statusCode).toBe(
      409,
    );
    expect(await cardsOf('ONE')).toEqual([]);

    const confirmed = await confirmInBrowser(setup.client_secret, setup.publishable_key, '4242424242424242');
    expect(confirmed.status).toBe(200);
    const done = await call('POST', `/api/self-service/card-setups/${setup.uuid}/complete/`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ gateway: 'stripe', default: true });
    const again = await call('POST', `/api/self-service/card-setups/${setup.uuid}/complete/`);
    expect(again.json().uuid).toBe(done.json().uuid);
    const cards = await cardsOf('ONE');
    expect(cards).toEqual([
      expect.objectContaining({ uuid: done.json().uuid, gateway: 'stripe', default: true }),
    ]);
    const audit = (await merchant('GET', '/api/v1/audit-log/?client_system=self-service')).json().results;
    expect(audit.filter((e: { action: string }) => e.action === 'payment_card.added')).toHaveLength(1);

    // A second card goes to the same Stripe customer.
    const second = await call('POST', '/api/self-service/card-setups/', { gateway: 'stripe' });
    expect([...stripe.setupIntents.values()].at(-1)!.customer).toBe(stripe.customers[0]);
    expect(stripe.customers).toHaveLength(1);
    expect(second.statusCode).toBe(201);
  });

  it('charges the new card with its customer when the invoice is sent', async () => {
    await billOn(t, '2025-01-01');
    const [draft] = (await merchant('GET', '/api/v1/invoice-drafts/?account=ONE')).json().results;
    const invoice = (await merchant('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`)).json();
    expect((await merchant('GET', `/api/v1/invoices/${invoice.uuid}/`)).json().status).toBe('paid');
    const charge = stripe.requests.filter((r) => r.path === '/v1/payment_intents').at(-1)!;
    expect(charge.params.customer).toBe(stripe.customers[0]);
    expect(charge.params.payment_method).toMatch(/^pm_fake/);
  });
});

describe('adding a card with QuickPay', () => {
  it('opens the payment window, and records the saved card when QuickPay has it', async () => {
    const { call } = await signIn(t, subscriptions.TWO as string);
    const started = await call('POST', '/api/self-service/card-setups/', { gateway: 'quickpay' });
    expect(started.statusCode, started.body).toBe(201);
    const setup = started.json();
    expect(setup).toMatchObject({ gateway: 'quickpay', client_secret: null, publishable_key: null });
    const card = quickpay.cards.at(-1)!;
    expect(setup.window_url).toBe(`${quickpay.baseUrl}/window/cards/${card.id}`);
    expect(card.link).toMatchObject({
      continue_url: `https://kassa.test/self-service/cards/added?setup=${setup.uuid}`,
      cancel_url: 'https://kassa.test/self-service/',
      language: 'da',
    });
    expect((await call('POST', `/api/self-service/card-setups/${setup.uuid}/complete/`)).statusCode).toBe(
      409,
    );
    // The customer saves the card in QuickPay's window, which sends the browser back to the portal.
    const saved = await fetch(setup.window_url, {
      method: 'POST',
      body: new URLSearchParams({ cardnumber: '4242 4242 4242 4242' }),
      redirect: 'manual',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(card.link?.continue_url);
    const done = await call('POST', `/api/self-service/card-setups/${setup.uuid}/complete/`);
    expect(done.statusCode, done.body).toBe(200);
    expect(await cardsOf('TWO')).toEqual([
      expect.objectContaining({ gateway: 'quickpay', default: true, token: `…${String(card.id).slice(-4)}` }),
    ]);
  });

  it('charges a saved card through a fresh one-time token', async () => {
    const [draft] = (await merchant('GET', '/api/v1/invoice-drafts/?account=TWO')).json().results;
    const invoice = (await merchant('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`)).json();
    expect((await merchant('GET', `/api/v1/invoices/${invoice.uuid}/`)).json().status).toBe('paid');
    const card = quickpay.cards.at(-1)!;
    expect(card.tokens).toHaveLength(1);
    expect(quickpay.charges.at(-1)).toMatchObject({ token: card.tokens[0], orderId: invoice.number });
  });
});

describe('refusals', () => {
  it('names the field of an unknown gateway and starts nothing', async () => {
    const { call } = await signIn(t, subscriptions.ONE as string);
    const before = stripe.setupIntents.size;
    const bad = await call('POST', '/api/self-service/card-setups/', { gateway: 'paypal' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('gateway');
    expect(stripe.setupIntents.size).toBe(before);
  });

  it('needs the portal cookie with its CSRF token, and the cards action switched on', async () => {
    const { call, headers } = await signIn(t, subscriptions.ONE as string);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/self-service/card-setups/',
          payload: { gateway: 'stripe' },
        })
      ).statusCode,
    ).toBe(401);
    const token = await merchant('POST', '/api/self-service/card-setups/', { gateway: 'stripe' });
    expect(token.statusCode).toBe(401);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/self-service/card-setups/',
      headers,
      payload: { gateway: 'stripe' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf_failed');
    await merchant('PATCH', '/api/v1/organization/', { portal_cards: false });
    try {
      const off = await call('POST', '/api/self-service/card-setups/', { gateway: 'stripe' });
      expect(off.statusCode).toBe(403);
      expect(off.json().code).toBe('action_disabled');
    } finally {
      await merchant('PATCH', '/api/v1/organization/', { portal_cards: true });
    }
  });

  it('completes only the customer’s own setup: another account’s answers not found', async () => {
    const one = await signIn(t, subscriptions.ONE as string);
    const setup = (await one.call('POST', '/api/self-service/card-setups/', { gateway: 'stripe' })).json();
    await confirmInBrowser(setup.client_secret, setup.publishable_key, '4242424242424242');
    const two = await signIn(t, subscriptions.TWO as string);
    const before = await cardsOf('TWO');
    const other = await two.call('POST', `/api/self-service/card-setups/${setup.uuid}/complete/`);
    expect(other.statusCode).toBe(404);
    expect(await cardsOf('TWO')).toEqual(before);
  });

  it('says when a gateway is not set up, or does not answer', async () => {
    const closed = await fakeQuickPay.start({});
    await closed.close();
    const other = await createTestApp({
      now: '2025-01-01T08:00:00Z',
      integrations: {
        mailer: mail.mailer,
        mailFrom: 'billing@kassa.test',
        gateways: {
          // A secret key without a publishable key: Stripe.js cannot run, so Stripe is not offered.
          stripe: { apiKey: stripe.apiKey, baseUrl: stripe.baseUrl },
          quickpay: { apiKey: 'qp-key', baseUrl: closed.baseUrl, timeoutMs: 2_000 },
        },
        publicUrl: 'https://kassa.test',
      },
    });
    try {
      const call0 = (method: Method, url: string, payload?: object) =>
        other.app.inject({
          method,
          url,
          headers: authHeaders(other.org.tokens.full),
          ...(payload ? { payload } : {}),
        });
      await call0('POST', '/api/v1/plans/', { code: 'P', name: 'Plan' });
      await call0('POST', '/api/v1/plan-terms/', {
        plan: 'P',
        code: 'M',
        name: 'M',
        price: '1',
        interval: 'month',
      });
      await call0('POST', '/api/v1/accounts/', { code: 'ONE', name: 'One', email: 'one@example.com' });
      const sub = await call0('POST', '/api/v1/subscriptions/', {
        account: 'ONE',
        terms: 'M',
        start_date: '2025-01-01',
      });
      const { call, session } = await signIn(other, sub.json().uuid);
      expect(session.card_gateways).toEqual(['quickpay']);
      const stripeOff = await call('POST', '/api/self-service/card-setups/', { gateway: 'stripe' });
      expect(stripeOff.statusCode).toBe(400);
      expect(stripeOff.json().errors[0]).toMatchObject({ field: 'gateway', code: 'not_configured' });
      const down = await call('POST', '/api/self-service/card-setups/', { gateway: 'quickpay' });
      expect(down.statusCode).toBe(502);
      expect(down.json().code).toBe('gateway_failed');
      const setups = await other.services.db.selectFrom('card_setups').selectAll().execute();
      expect(setups.filter((s) => s.organization_id === other.org.id)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
