import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn } from '../support/billing.ts';
import * as fakeQuickPay from '../support/fake-quickpay.ts';
import * as fakeStripe from '../support/fake-stripe.ts';
import { startMailCatcher } from '../support/mail-catcher.ts';
import { authHeaders } from '../support/test-app.ts';
import { screenshot, seriousViolations, startWeb, type WebHarness } from './harness.ts';

/*
 * The customer portal (issue 16) in Debian's Chromium, against a served kassa with a local Stripe
 * stand-in: the customer arrives by the link seed 000's request hands out, and does what the portal
 * offers; each change is checked afterwards through the merchant's API.
 */

let web: WebHarness;
let stripe: fakeStripe.FakeStripe;
let quickpay: fakeQuickPay.FakeQuickPay;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
type Method = 'GET' | 'POST' | 'PATCH';
const merchant = async (method: Method, url: string, payload?: object) => {
  const res = await web.t.app.inject({
    method,
    url,
    headers: authHeaders(web.t.org.tokens.full),
    ...(payload ? { payload } : {}),
  });
  return { status: res.statusCode, body: res.json() };
};
let invoiceId = '';
let otherInvoiceId = '';
let subscriptionId = '';

/** Seed 000's request for a self-service link, verbatim in shape; answers the link's path. */
async function linkPath(email: string): Promise<string> {
  const res = await merchant('POST', '/api/self-service/initiate-organization/', { email });
  expect(res.status).toBe(200);
  const url = new URL(res.body.url);
  return `${url.pathname}${url.search}`;
}

async function arrive(email: string, options: { phone?: boolean; locale?: string } = {}): Promise<Page> {
  const page = await (await web.newContext(options)).newPage();
  await page.goto(await linkPath(email));
  await page.waitForURL(/\/self-service\/$/);
  return page;
}

beforeAll(async () => {
  mail = await startMailCatcher();
  stripe = await fakeStripe.start({});
  quickpay = await fakeQuickPay.start({});
  const integrations = {
    mailer: mail.mailer,
    mailFrom: 'billing@kassa.test',
    gateways: {
      // Stripe.js and QuickPay's window are local stand-ins, never the internet.
      stripe: {
        apiKey: stripe.apiKey,
        baseUrl: stripe.baseUrl,
        timeoutMs: 5_000,
        publishableKey: stripe.publishableKey,
        scriptUrl: stripe.scriptUrl,
      },
      quickpay: { apiKey: quickpay.apiKey, baseUrl: quickpay.baseUrl, timeoutMs: 5_000 },
    },
    publicUrl: 'https://kassa.example',
  };
  web = await startWeb({ now: '2025-01-01T08:00:00Z', integrations });
  // QuickPay's window sends the browser back to kassa's public address: here, the served test kassa.
  integrations.publicUrl = web.baseUrl;
  await merchant('PATCH', '/api/v1/organization/', { portal_cancel: true, portal_colour: '#1d6f5f' });
  await merchant('POST', '/api/v1/plans/', { code: 'GYM', name: 'Gym' });
  await merchant('POST', '/api/v1/plan-terms/', {
    plan: 'GYM',
    code: 'GYM-M',
    name: 'Monthly',
    price: '399',
    interval: 'month',
    minimum_term: 'P3M',
    notice_period: 'P1M',
  });
  for (const [code, email] of [
    ['ANNA', 'anna@example.com'],
    ['BO', 'bo@example.com'],
  ] as const) {
    await merchant('POST', '/api/v1/accounts/', { code, name: `${code} Larsen`, email, language: 'en' });
    const sub = await merchant('POST', '/api/v1/subscriptions/', {
      account: code,
      terms: 'GYM-M',
      start_date: '2025-01-01',
      collection_method: 'card',
    });
    if (code === 'ANNA') subscriptionId = sub.body.uuid;
  }
  // Anna's newest card declines: her first invoice stays open when it is sent.
  await merchant('POST', '/api/v1/paymentcards/', {
    account: 'ANNA',
    gateway: 'stripe',
    token: 'pm_card_visa',
  });
  await merchant('POST', '/api/v1/paymentcards/', {
    account: 'ANNA',
    gateway: 'stripe',
    token: 'pm_card_chargeDeclined',
  });
  await billOn(web.t, '2025-01-01');
  for (const code of ['ANNA', 'BO']) {
    const [draft] = (await merchant('GET', `/api/v1/invoice-drafts/?account=${code}`)).body.results;
    const sent = await merchant('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`);
    if (code === 'ANNA') invoiceId = sent.body.uuid;
    else otherInvoiceId = sent.body.uuid;
  }
}, 120_000);
afterAll(async () => {
  await web?.close();
  await stripe?.close();
  await quickpay?.close();
  await mail?.close();
});

describe('the customer portal', () => {
  it('takes the token out of the address bar and the history, and opens the account', async () => {
    const page = await arrive('anna@example.com');
    expect(page.url()).not.toContain('token');
    await expect.poll(() => page.getByRole('heading', { name: /Your account with/ }).isVisible()).toBe(true);
    expect(await page.getByText('ANNA Larsen').isVisible()).toBe(true);
    await expect.poll(() => page.getByText(/399\.00 per month/).isVisible()).toBe(true);
    // Back goes to where the customer came from (here nothing), never to a page with the token.
    const entries = await page.evaluate('history.length');
    expect(entries).toBeLessThanOrEqual(2);
    await screenshot(page, 'portal-subscriptions');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('makes a card the default and removes the other, as the merchant then sees', async () => {
    const page = await arrive('anna@example.com');
    await page.getByRole('tab', { name: 'Payment cards' }).click();
    await expect.poll(() => page.getByText('Card ending visa').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Make default' }).click();
    await expect
      .poll(async () => (await merchant('GET', '/api/v1/paymentcards/?account=ANNA')).body.results)
      .toEqual(expect.arrayContaining([expect.objectContaining({ token: '…visa', default: true })]));
    page.once('dialog', (dialog) => void dialog.accept());
    const declined = page.locator('.mantine-Card-root', { hasText: 'Card ending ined' });
    await declined.getByRole('button', { name: 'Remove' }).click();
    await expect
      .poll(async () => (await merchant('GET', '/api/v1/paymentcards/?account=ANNA')).body.results.length)
      .toBe(1);
    await screenshot(page, 'portal-cards');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('saves the billing address, with the API’s message on a wrong field', async () => {
    const page = await arrive('anna@example.com');
    await page.getByRole('tab', { name: 'Billing details' }).click();
    await page.getByLabel('E-mail', { exact: true }).fill('not-an-e-mail');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
    await page.getByLabel('E-mail', { exact: true }).fill('anna@example.com');
    await page.getByLabel('Address', { exact: true }).fill('Nørregade 7');
    await page.getByLabel('City').fill('Odense');
    await page.getByLabel('E-invoice address (Peppol)').fill('0184:13585628');
    await page.getByLabel('Your purchase-order reference').fill('PO-4711');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await merchant('GET', '/api/v1/accounts/ANNA/')).body)
      .toMatchObject({
        legal_address: 'Nørregade 7',
        legal_city: 'Odense',
        email: 'anna@example.com',
        electronic_address: '0184:13585628',
        purchase_order_reference: 'PO-4711',
      });
    await screenshot(page, 'portal-details');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('downloads the invoice PDF and pays the open invoice with the default card', async () => {
    const page = await arrive('anna@example.com');
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Pay now' }).isVisible()).toBe(true);
    const [pdf] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/files/invoices/')),
      page.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const page2 = await arrive('anna@example.com');
    await page2.getByRole('tab', { name: 'Invoices' }).click();
    await page2.getByRole('button', { name: 'Pay now' }).click();
    await expect.poll(() => page2.getByText('Thank you: the invoice is paid.').isVisible()).toBe(true);
    expect((await merchant('GET', `/api/v1/invoices/${invoiceId}/`)).body).toMatchObject({
      status: 'paid',
      balance: '0.00',
    });
    await screenshot(page2, 'portal-invoices');
  });

  it('cancels with notice, showing the earliest end the terms allow before confirming', async () => {
    const page = await arrive('anna@example.com');
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    // Notice on 1 Jan 2025, 3 months' minimum term, 1 month's notice: the earliest end is 1 Apr 2025.
    await expect
      .poll(() => page.getByText(/the earliest end your terms allow is 1 Apr 2025/).isVisible())
      .toBe(true);
    await screenshot(page, 'portal-cancel');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel on 1 Apr 2025' }).click();
    await expect
      .poll(async () => (await merchant('GET', `/api/v1/subscriptions/${subscriptionId}/`)).body)
      .toMatchObject({ status: 'ending', end_date: '2025-04-01' });
  });

  it('says plainly when a link is used or expired, without the token', async () => {
    const path = await linkPath('anna@example.com');
    const page = await (await web.newContext()).newPage();
    await page.goto(path);
    await page.waitForURL(/\/self-service\/$/);
    const second = await (await web.newContext({ locale: 'da-DK' })).newPage();
    await second.goto(path);
    await second.waitForURL(/link-invalid/);
    await expect
      .poll(() => second.getByRole('heading', { name: 'Linket virker ikke længere' }).isVisible(), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(second.url()).not.toContain('token');
    expect(await second.content()).not.toContain(new URL(path, 'http://x').searchParams.get('token'));
    await screenshot(second, 'portal-link-invalid');
  });

  it('answers not found for another account’s invoice by URL', async () => {
    const page = await arrive('anna@example.com');
    await page.goto(`/self-service/invoices/${otherInvoiceId}`);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Not found' }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    await page.goto(`/self-service/invoices/${invoiceId}`);
    await expect
      .poll(() => page.getByRole('heading', { name: /^Invoice / }).isVisible(), { timeout: 10_000 })
      .toBe(true);
  });

  it('fits a phone screen', async () => {
    const page = await arrive('bo@example.com', { phone: true });
    await expect
      .poll(() => page.getByRole('tab', { name: 'Invoices' }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Pay now' }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'portal-phone');
  });

  it('speaks Danish, Swedish and German with no text missing', async () => {
    const page = await arrive('bo@example.com');
    const expected: Record<string, [string, string]> = {
      Dansk: ['Din konto hos', 'Abonnementer'],
      Svenska: ['Ditt konto hos', 'Abonnemang'],
      Deutsch: ['Ihr Konto bei', 'Abonnements'],
    };
    for (const [name, [heading, tab]] of Object.entries(expected)) {
      await page.getByRole('button', { name: /^(Language|Sprog|Språk|Sprache) \(/ }).click();
      await page.getByRole('menuitem', { name }).click();
      await expect
        .poll(() => page.getByRole('heading', { name: new RegExp(heading) }).isVisible())
        .toBe(true);
      for (const section of ['subscriptions', 'invoices', 'cards', 'details']) {
        await page
          .getByRole('tab')
          .nth(['subscriptions', 'invoices', 'cards', 'details'].indexOf(section))
          .click();
        const text = await page.locator('body').innerText();
        expect(text, `${name} ${section}`).not.toMatch(
          /\b(portal|subscriptions|invoices|cards|details|status|interval)\.[a-zA-Z]/,
        );
      }
      expect(await page.getByRole('tab', { name: tab }).isVisible()).toBe(true);
    }
  });

  it('adds a card with Stripe’s Payment Element and one in QuickPay’s window, as the merchant then sees', async () => {
    const page = await arrive('bo@example.com');
    await page.getByRole('tab', { name: 'Payment cards' }).click();
    await page.getByRole('button', { name: 'Add a card (Stripe)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a payment card' });
    await dialog.getByLabel('Card number').fill('4000 0000 0000 0002');
    await dialog.getByLabel('Expiry date').fill('12 / 30');
    await dialog.getByLabel('Security code').fill('123');
    await dialog.getByRole('button', { name: 'Save card' }).click();
    await expect
      .poll(() => dialog.getByText('Your card was declined.').isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect((await merchant('GET', '/api/v1/paymentcards/?account=BO')).body.results).toEqual([]);
    await dialog.getByLabel('Card number').fill('4242 4242 4242 4242');
    await screenshot(page, 'portal-add-card');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save card' }).click();
    await expect
      .poll(() => page.getByText('Your card was added').isVisible(), { timeout: 10_000 })
      .toBe(true);
    await expect
      .poll(async () => (await merchant('GET', '/api/v1/paymentcards/?account=BO')).body.results, {
        timeout: 10_000,
      })
      .toEqual([expect.objectContaining({ gateway: 'stripe', default: true })]);
    await expect.poll(() => page.getByText(/Card ending/).count(), { timeout: 10_000 }).toBe(1);

    await page.getByRole('button', { name: 'Add a card (QuickPay)' }).click();
    await page.waitForURL((url) => url.origin === new URL(quickpay.baseUrl).origin);
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Save card' }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 10_000 }).toBe('/self-service/');
    await expect
      .poll(() => page.getByText('Your card was added').isVisible(), { timeout: 10_000 })
      .toBe(true);
    await expect.poll(() => page.getByText(/Card ending/).count(), { timeout: 10_000 }).toBe(2);
    const cards = (await merchant('GET', '/api/v1/paymentcards/?account=BO')).body.results;
    expect(cards.map((c: { gateway: string; default: boolean }) => [c.gateway, c.default])).toEqual([
      ['stripe', false],
      ['quickpay', true],
    ]);
    expect(page.url()).not.toContain('setup=');
    await screenshot(page, 'portal-cards-added');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
