import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher } from '../support/mail-catcher.ts';
import { authHeaders } from '../support/test-app.ts';
import { screenshot, seriousViolations, startWeb, type WebHarness } from './harness.ts';

/*
 * A customer with only their e-mail asks for a sign-in link on the portal's page (issue 16), in
 * Debian's Chromium: the page answers the same whether or not the e-mail is known, and the link that
 * arrives by e-mail opens their account.
 */

let web: WebHarness;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
const merchant = (method: 'GET' | 'POST', url: string, payload?: object) =>
  web.t.app.inject({
    method,
    url,
    headers: authHeaders(web.t.org.tokens.full),
    ...(payload ? { payload } : {}),
  });
const NEUTRAL = 'If an account with this e-mail exists, a link is on its way to it.';

beforeAll(async () => {
  mail = await startMailCatcher();
  web = await startWeb({
    now: '2025-01-01T08:00:00Z',
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'billing@kassa.test',
      publicUrl: 'https://kassa.example',
      gateways: {},
    },
  });
  await merchant('POST', '/api/v1/accounts/', {
    code: 'ANNA',
    name: 'Anna Larsen',
    email: 'anna@example.com',
    language: 'en',
  });
}, 120_000);
afterAll(async () => {
  await web?.close();
  await mail?.close();
});

describe('asking for a sign-in link by e-mail', () => {
  it('offers a new link on the used-link page, and the e-mailed link opens the account', async () => {
    const link = await merchant('POST', '/api/self-service/initiate-organization/', {
      email: 'anna@example.com',
    });
    const url = new URL(link.json().url);
    const first = await (await web.newContext()).newPage();
    await first.goto(`${url.pathname}${url.search}`);
    await first.waitForURL(/\/self-service\/$/);
    // The same link again: it no longer works, and the page offers a new one by e-mail.
    const page = await (await web.newContext({ phone: true })).newPage();
    await page.goto(`${url.pathname}${url.search}`);
    await page.waitForURL(/link-invalid\?organization=/);
    await page.getByLabel('E-mail').fill('anna@example.com');
    await screenshot(page, 'portal-request-link');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'E-mail me a link' }).click();
    await expect.poll(() => page.getByText(NEUTRAL).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => mail.received.length, { timeout: 15_000 }).toBe(1);
    const sent = mail.received[0]!;
    expect(JSON.stringify(sent.to)).toContain('anna@example.com');
    const path = /https:\/\/kassa\.example(\/self-service\/login\?token=\S+)/.exec(sent.text ?? '')?.[1];
    expect(path).toBeTruthy();
    const opened = await (await web.newContext()).newPage();
    await opened.goto(path!);
    await opened.waitForURL(/\/self-service\/$/);
    await expect.poll(() => opened.getByText('Anna Larsen').isVisible(), { timeout: 10_000 }).toBe(true);
  });

  it('answers an unknown e-mail with the same words, in the browser’s language, and sends nothing', async () => {
    const before = mail.received.length;
    const page = await (await web.newContext({ locale: 'de-DE' })).newPage();
    await page.goto(`/self-service/sign-in?organization=${web.t.org.slug}`);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Ihr Konto öffnen' }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    await page.getByLabel('E-Mail').fill('nobody@example.com');
    await page.getByRole('button', { name: 'Link per E-Mail senden' }).click();
    await expect
      .poll(() => page.getByText(/Wenn ein Konto mit dieser E-Mail-Adresse existiert/).isVisible(), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(await page.locator('body').innerText()).not.toMatch(/\b(requestLink|details)\.[a-zA-Z]/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(mail.received.length).toBe(before);
  });
});
