import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWebhooksNow } from '../../src/webhooks/webhook-jobs.ts';
import { PASSWORD } from '../support/sessions.ts';
import { authHeaders } from '../support/test-app.ts';
import { startReceiver } from '../support/webhook-receiver.ts';
import {
  addUser,
  choose,
  screenshot,
  seriousViolations,
  signInAs,
  startWeb,
  type WebHarness,
} from './harness.ts';

/*
 * Settings (issue 15) in Debian's Chromium: an owner changes what a person changes there, each page is
 * checked by axe-core, and every change is read back through the API.
 */

let web: WebHarness;
// People are global: a run on a PostgreSQL database that kept an earlier run's people needs new e-mails.
const run = randomUUID().slice(0, 8);
let receiver: Awaited<ReturnType<typeof startReceiver>>;

async function organization() {
  const res = await web.t.app.inject({
    url: '/api/v1/organization/',
    headers: authHeaders(web.t.org.tokens.read),
  });
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function signedIn(email: string, options: { phone?: boolean; locale?: string } = {}): Promise<Page> {
  const page = await (await web.newContext(options)).newPage();
  await signInAs(page, email, PASSWORD);
  return page;
}

async function openSettings(page: Page, tab: string) {
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  await page.getByRole('tab', { name: tab }).click();
}

/** The Mantine field's own error text, which a person reads under the field. */
async function fieldError(page: Page, label: RegExp) {
  const input = page.getByLabel(label).first();
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(
    describedBy
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  return texts.join(' ');
}

beforeAll(async () => {
  receiver = await startReceiver();
  // The receiver listens on loopback: allowed as in development.
  web = await startWeb({ webhooks: { allowPrivate: true } });
  await addUser(web.t, web.t.org, {
    email: `owner-${run}@settings.example`,
    role: 'owner',
    name: 'Olga Owner',
  });
  await addUser(web.t, web.t.org, { email: `viewer-${run}@settings.example`, role: 'viewer' });
  await addUser(web.t, web.t.org, { email: `member-${run}@settings.example`, role: 'member' });
  await addUser(web.t, web.t.org, { email: `dansk-${run}@settings.example`, role: 'owner', language: 'da' });
});
afterAll(async () => {
  await web?.close();
  await receiver?.close();
});

describe('the organization, invoicing and portal settings', () => {
  it('an owner changes the seller details; a wrong e-invoice address is named on its field', async () => {
    const page = await signedIn(`owner-${run}@settings.example`);
    await openSettings(page, 'Organization');
    await page.getByLabel(/^Name/).fill('Nordlys ApS');
    await page.getByLabel(/^Address/).fill('Strandvejen 1\n2100 København Ø');
    await page.getByLabel(/^VAT number/).fill('DK12345674');
    await page.getByLabel(/^Pay to/).fill('IBAN DK50 0040 0440 1162 43');
    await page.getByLabel(/^E-invoice address/).fill('nonsense');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await fieldError(page, /^E-invoice address/)).toMatch(/^write it as scheme:id/);
    expect((await organization()).vat_number).toBeNull();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel(/^E-invoice address/).fill('0184:12345678');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').first().waitFor();
    const org = await organization();
    expect(org).toMatchObject({
      name: 'Nordlys ApS',
      legal_address: 'Strandvejen 1\n2100 København Ø',
      vat_number: 'DK12345674',
      pay_to: 'IBAN DK50 0040 0440 1162 43',
      electronic_address: '0184:12345678',
    });
  });

  it('an owner sets the invoicing rules and the dunning schedule', async () => {
    const page = await signedIn(`owner-${run}@settings.example`);
    await openSettings(page, 'Invoicing');
    await page.getByLabel(/^Invoice numbers/).fill('INV-{SEQ}{SEQ}');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await fieldError(page, /^Invoice numbers/)).toMatch(/SEQ/);

    await page.getByLabel(/^Invoice numbers/).fill('INV-{YYYY}-{SEQ:5}');
    await page.getByLabel(/^Payment terms/).fill('14');
    await choose(page, /^Payment reference/, 'FI card 71 (Denmark)');
    await choose(page, /^After a billing run/, 'Send invoices automatically');
    await page.getByLabel(/^Reminders/).fill('5, 10, 20');
    await choose(page, /^After the last reminder/, 'End the subscription');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'settings-invoicing');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').first().waitFor();
    expect(await organization()).toMatchObject({
      invoice_number_format: 'INV-{YYYY}-{SEQ:5}',
      payment_terms_days: 14,
      payment_reference_scheme: 'dk_fik71',
      send_drafts: 'automatic',
      dunning_days: [5, 10, 20],
      dunning_final_action: 'end_subscription',
    });

    await page.getByLabel(/^Reminders/).fill('10, 5');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await fieldError(page, /^Reminders/)).toMatch(/rise/);
    expect((await organization()).dunning_days).toEqual([5, 10, 20]);
  });

  it("an owner chooses the portal's colour and what customers may do", async () => {
    const page = await signedIn(`owner-${run}@settings.example`);
    await openSettings(page, 'Self-service portal');
    await page.getByLabel(/^Colour/).fill('#0a7d5c');
    await page.getByLabel('Customers may cancel').uncheck({ force: true });
    await page.getByLabel(/^Logo address/).fill('http://insecure.example/logo.png');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await fieldError(page, /^Logo address/)).toMatch(/https/);
    await page.getByLabel(/^Logo address/).fill('https://nordlys.example/logo.png');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').first().waitFor();
    expect(await organization()).toMatchObject({
      portal_colour: '#0a7d5c',
      portal_cancel: false,
      portal_cards: true,
      portal_logo_url: 'https://nordlys.example/logo.png',
    });
  });

  it('an owner sets what EU sales are, a VAT exemption, and the pages that may call the self-service API', async () => {
    const page = await signedIn(`owner-${run}@settings.example`);
    await openSettings(page, 'Invoicing');
    await choose(page, /^Sales to businesses in other EU countries/, 'Goods (intra-community supply)');
    await page.getByLabel(/^VATEX code/).fill('VATEX-EU-132-1I');
    await page.getByRole('button', { name: 'Save' }).click();
    // A code without its reason: the API names the reason, and nothing is saved.
    expect(await fieldError(page, /^Why 0 % sales are exempt/)).not.toBe('');
    expect(await organization()).toMatchObject({ eu_supplies: 'services', vat_exemption_code: null });
    await page
      .getByLabel(/^Why 0 % sales are exempt/)
      .fill('Undervisning, momsfri efter momslovens § 13, stk. 1, nr. 3');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').first().waitFor();
    expect(await organization()).toMatchObject({
      eu_supplies: 'goods',
      vat_exemption_reason: 'Undervisning, momsfri efter momslovens § 13, stk. 1, nr. 3',
      vat_exemption_code: 'VATEX-EU-132-1I',
    });

    await openSettings(page, 'Self-service portal');
    const origins = page.getByLabel(/^Your own pages/);
    await origins.fill('https://shop.nordlys.example/basket');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await fieldError(page, /^Your own pages/)).not.toBe('');
    expect((await organization()).self_service_origins).toEqual([]);
    await origins.fill('https://shop.nordlys.example\nhttps://Members.Nordlys.example:8443');
    await page.getByRole('button', { name: 'Save' }).click();
    // The invoicing tab's "Saved" may still show: wait for the API to have the origins.
    await expect
      .poll(async () => (await organization()).self_service_origins)
      .toEqual(['https://shop.nordlys.example', 'https://members.nordlys.example:8443']);
  });

  it("a viewer reads the settings and sees no Save, on a phone's width too", async () => {
    const page = await signedIn(`viewer-${run}@settings.example`, { phone: true });
    await page.getByRole('button', { name: 'Menu' }).click();
    await openSettings(page, 'Invoicing');
    await page.getByLabel(/^Invoice numbers/).waitFor();
    expect(await page.getByLabel(/^Invoice numbers/).isEditable()).toBe(false);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

async function users(): Promise<{ email: string; role: string; language: string; status: string }[]> {
  const res = await web.t.app.inject({
    url: '/api/v1/users/?limit=100',
    headers: authHeaders(web.t.org.tokens.full),
  });
  expect(res.statusCode).toBe(200);
  return res.json().results;
}

describe('users and API tokens', () => {
  it('an owner invites a person, changes their role and removes them', async () => {
    const page = await signedIn(`owner-${run}@settings.example`);
    await openSettings(page, 'Users');
    await page.getByRole('cell', { name: 'Olga Owner' }).waitFor();
    await page.getByRole('button', { name: 'Invite a person' }).click();
    const invite = page.getByRole('dialog', { name: 'Invite a person', exact: true });
    await invite.getByLabel(/^E-mail/).fill('not-an-e-mail');
    await invite.getByRole('button', { name: 'Save' }).click();
    expect(await fieldError(page, /^E-mail/)).not.toBe('');
    await invite.getByLabel(/^E-mail/).fill(`bo-${run}@settings.example`);
    await invite.getByLabel(/^Name/).fill('Bo Bogholder');
    await choose(invite, /^Language/, 'Dansk');
    expect(await seriousViolations(page)).toEqual([]);
    await invite.getByRole('button', { name: 'Save' }).click();
    const link = page.getByRole('dialog', { name: 'Invitation link', exact: true });
    expect(await link.getByTestId('secret').textContent()).toMatch(/^http.*invitation/i);
    await link.getByRole('button', { name: 'Done' }).click();
    expect((await users()).find((u) => u.email === `bo-${run}@settings.example`)).toMatchObject({
      role: 'member',
      language: 'da',
      status: 'invited',
    });

    await page.getByRole('cell', { name: 'Bo Bogholder' }).click();
    const edit = page.getByRole('dialog', { name: `bo-${run}@settings.example`, exact: true });
    await choose(edit, /^Role/, 'Viewer');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    expect((await users()).find((u) => u.email === `bo-${run}@settings.example`)?.role).toBe('viewer');

    await page.getByRole('cell', { name: 'Bo Bogholder' }).click();
    await page
      .getByRole('dialog', { name: `bo-${run}@settings.example`, exact: true })
      .getByRole('button', { name: 'Remove from the organization' })
      .click();
    await page
      .getByRole('dialog', { name: 'Remove from the organization', exact: true })
      .getByRole('button', { name: 'Remove from the organization' })
      .click();
    await page.getByRole('cell', { name: 'Bo Bogholder' }).waitFor({ state: 'detached' });
    expect((await users()).map((u) => u.email)).not.toContain(`bo-${run}@settings.example`);
  });

  it('an owner makes a token, sees its secret once, uses it, and revokes it', async () => {
    const page = await signedIn(`owner-${run}@settings.example`);
    await openSettings(page, 'API tokens');
    await page.getByRole('button', { name: 'New token' }).click();
    const form = page.getByRole('dialog', { name: 'New token', exact: true });
    await form.getByLabel(/^Name/).fill('BI export');
    await choose(form, /^Access/, 'Read only');
    await form.getByRole('button', { name: 'Save' }).click();
    const shown = page.getByRole('dialog', { name: 'Your new token', exact: true });
    const secret = (await shown.getByTestId('secret').textContent()) ?? '';
    expect(secret).toMatch(/^ks_/);
    await shown.getByRole('button', { name: 'Copy' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shown.getByRole('button', { name: 'Done' }).click();
    // Gone for good once the dialog has closed (its closing transition still shows the secret).
    await shown.waitFor({ state: 'detached' });
    const use = () => web.t.app.inject({ url: '/api/v1/accounts/', headers: authHeaders(secret) });
    expect((await use()).statusCode).toBe(200);
    expect(
      (
        await web.t.app.inject({
          method: 'POST',
          url: '/api/v1/accounts/',
          headers: authHeaders(secret),
          payload: { code: 'X', name: 'X' },
        })
      ).statusCode,
    ).toBe(403);

    const row = page
      .getByRole('table', { name: 'API tokens', exact: true })
      .getByRole('row')
      .filter({ hasText: 'BI export' });
    await row.getByText(`ks_…${secret.slice(-4)}`).waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
    await row.getByRole('button', { name: /^Revoke/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke', exact: true });
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached' });
    // axe-core reads the page as it stays: not the confirmation while it fades out.
    await confirm.waitFor({ state: 'detached' });
    // Kept below, greyed, with the day it was revoked.
    const revoked = page
      .getByRole('table', { name: 'Revoked tokens' })
      .getByRole('row')
      .filter({ hasText: 'BI export' });
    await revoked.getByText(`ks_…${secret.slice(-4)}`).waitFor();
    await revoked.getByRole('cell', { name: '15 Jan 2025' }).last().waitFor();
    expect(await revoked.getByRole('button').count()).toBe(0);
    const listed = await web.t.app.inject({
      url: '/api/v1/tokens/?revoked=true',
      headers: authHeaders(web.t.org.tokens.full),
    });
    expect(listed.json().results.map((token: { name: string }) => token.name)).toContain('BI export');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'settings-tokens-revoked');
    // Refused at once: the server that revoked it forgets it (other servers within their 5 s cache).
    expect((await use()).statusCode).toBe(401);
  });

  it('an owner makes an OAuth client whose id and secret buy access tokens, and revokes it', async () => {
    const page = await signedIn(`owner-${run}@settings.example`);
    await openSettings(page, 'API tokens');
    await page.getByRole('button', { name: 'New OAuth client' }).click();
    const form = page.getByRole('dialog', { name: 'New OAuth client', exact: true });
    await form.getByLabel(/^Name/).fill('ERP integration');
    await form.getByRole('button', { name: 'Save' }).click();
    const shown = page.getByRole('dialog', { name: 'Your new OAuth client', exact: true });
    const secret = (await shown.getByTestId('secret').textContent()) ?? '';
    const clientId = /Client id: ([0-9a-f-]{36})/.exec((await shown.textContent()) ?? '')?.[1] ?? '';
    expect(secret).toMatch(/^kc_/);
    expect(await seriousViolations(page)).toEqual([]);
    await shown.getByRole('button', { name: 'Done' }).click();
    const exchange = () =>
      web.t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        },
        payload: 'grant_type=client_credentials',
      });
    const bought = await exchange();
    expect(bought.statusCode, bought.body).toBe(200);
    const bearer = { authorization: `Bearer ${bought.json().access_token}` };
    expect((await web.t.app.inject({ url: '/api/v1/accounts/', headers: bearer })).statusCode).toBe(200);

    const row = page
      .getByRole('table', { name: 'OAuth clients', exact: true })
      .getByRole('row')
      .filter({ hasText: 'ERP integration' });
    await row.getByText(`kc_…${secret.slice(-4)}`).waitFor();
    await row.getByRole('button', { name: /^Revoke/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke', exact: true });
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached' });
    // axe-core reads the page as it stays: not the confirmation while it fades out.
    await confirm.waitFor({ state: 'detached' });
    await page
      .getByRole('table', { name: 'Revoked OAuth clients' })
      .getByRole('row')
      .filter({ hasText: 'ERP integration' })
      .waitFor();
    expect((await exchange()).statusCode).toBe(401);
    expect((await web.t.app.inject({ url: '/api/v1/accounts/', headers: bearer })).statusCode).toBe(401);
  });

  it('a member sees neither users nor tokens, and the API refuses them too', async () => {
    const page = await signedIn(`member-${run}@settings.example`);
    await openSettings(page, 'Users');
    await page.getByTestId('owners-only').waitFor();
    expect(await page.getByRole('button', { name: 'Invite a person' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'API tokens' }).click();
    await page.getByTestId('owners-only').waitFor();
    expect(await page.getByRole('button', { name: 'New token' }).count()).toBe(0);
    const status = await page.evaluate("fetch('/api/v1/users/').then((r) => r.status)");
    expect(status).toBe(403);
  });
});

async function endpoints(): Promise<
  { uuid: string; url: string; event_types: string[] | null; enabled: boolean }[]
> {
  const res = await web.t.app.inject({
    url: '/api/v1/webhooks/',
    headers: authHeaders(web.t.org.tokens.read),
  });
  return res.json().results;
}
async function deliveries(
  id: string,
): Promise<{ uuid: string; event_type: string; status: string; attempt_count: number }[]> {
  const res = await web.t.app.inject({
    url: `/api/v1/webhooks/${id}/deliveries/`,
    headers: authHeaders(web.t.org.tokens.read),
  });
  return res.json().results;
}
const deliver = () => runWebhooksNow(web.t.services, [web.t.org.id]);
const tests = () => receiver.received.filter((r) => r.body.type === 'webhook.test');
const testDelivery = async (id: string) =>
  (await deliveries(id)).find((d) => d.event_type === 'webhook.test');

describe('webhook endpoints', () => {
  it('an owner registers an endpoint, tests it, rotates its secret and sends a delivery again', async () => {
    const page = await signedIn(`owner-${run}@settings.example`);
    await openSettings(page, 'Webhooks');
    await page.getByRole('button', { name: 'New endpoint' }).click();
    const form = page.getByRole('dialog', { name: 'New endpoint', exact: true });
    await form.getByLabel(/^Address/).fill('ftp://nowhere');
    await form.getByRole('button', { name: 'Save' }).click();
    expect(await fieldError(page, /^Address/)).not.toBe('');
    expect(await endpoints()).toEqual([]);
    await form.getByLabel(/^Address/).fill(receiver.url);
    await form.getByLabel(/^Description/).fill('ERP sync');
    await form.getByRole('button', { name: 'Save' }).click();
    const shown = page.getByRole('dialog', { name: 'Signing secret', exact: true });
    const secret = (await shown.getByTestId('secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    receiver.secrets.push(secret);
    await shown.getByRole('button', { name: 'Done' }).click();
    const [endpoint] = await endpoints();
    expect(endpoint).toMatchObject({ url: receiver.url, event_types: null, enabled: true });

    await page.getByRole('cell', { name: receiver.url }).click();
    await page.getByRole('heading', { name: /ERP sync/ }).waitFor();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByRole('cell', { name: 'webhook.test' }).waitFor();
    await deliver();
    expect(tests()).toHaveLength(1);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('row').filter({ hasText: 'webhook.test' }).getByText('Delivered').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'settings-webhook');

    await page.getByRole('button', { name: 'New secret' }).click();
    await page
      .getByRole('dialog', { name: 'New secret', exact: true })
      .getByRole('button', { name: 'New secret' })
      .click();
    const rotated =
      (await page
        .getByRole('dialog', { name: 'Signing secret', exact: true })
        .getByTestId('secret')
        .textContent()) ?? '';
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page
      .getByRole('dialog', { name: 'Signing secret', exact: true })
      .getByRole('button', { name: 'Done' })
      .click();
    await page.getByText(/previous secret still signs until/).waitFor();

    await page
      .getByRole('row')
      .filter({ hasText: 'webhook.test' })
      .getByRole('button', { name: 'Send again' })
      .click();
    await expect.poll(async () => (await testDelivery(endpoint!.uuid))?.status).toBe('pending');
    receiver.secrets.splice(0, receiver.secrets.length, rotated);
    await deliver();
    expect(tests()).toHaveLength(2);
    expect(tests()[1]?.verifiedWith).toEqual([rotated]);
    expect(tests()[1]?.id).toBe(tests()[0]?.id);
    expect(await testDelivery(endpoint!.uuid)).toMatchObject({ status: 'succeeded', attempt_count: 2 });

    await page.getByRole('button', { name: 'Refresh' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'webhook.test' })
      .getByRole('cell', { name: '2', exact: true })
      .waitFor();
    await page.getByRole('row').filter({ hasText: 'webhook.test' }).getByText('webhook.test').click();
    const attempts = page.getByRole('dialog', { name: /^webhook\.test/ });
    expect(await attempts.getByRole('row').count()).toBe(3);
    await attempts.getByRole('button', { name: 'Close' }).click();

    await choose(page, /^Events/, 'invoice.issued');
    await page.getByLabel('Send events').uncheck({ force: true });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').first().waitFor();
    expect((await endpoints())[0]).toMatchObject({ event_types: ['invoice.issued'], enabled: false });
  });

  it('a viewer follows the deliveries but sees no buttons that change them', async () => {
    const page = await signedIn(`viewer-${run}@settings.example`);
    await openSettings(page, 'Webhooks');
    await page.getByRole('cell', { name: receiver.url }).click();
    await page.getByRole('cell', { name: 'webhook.test' }).waitFor();
    for (const name of [
      'New endpoint',
      'Send test event',
      'New secret',
      'Delete endpoint',
      'Send again',
      'Save',
    ])
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('in Danish, on a phone', () => {
  it('every settings tab speaks Danish, fits 390 px and passes axe-core', async () => {
    const page = await signedIn(`dansk-${run}@settings.example`, { phone: true, locale: 'da-DK' });
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Indstillinger' }).click();
    await page.getByRole('heading', { name: 'Indstillinger', level: 1 }).waitFor();
    const tabs = [
      ['Organisation', 'Organisation og sælger'],
      ['Fakturering', 'Faktureringsregler'],
      ['Brugere', 'Brugere'],
      ['API-nøgler', 'API-nøgler'],
      ['Webhooks', 'Webhook-modtagere'],
      ['Selvbetjening', 'Selvbetjeningsportal'],
    ] as const;
    for (const [tab, heading] of tabs) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 2, exact: true }).waitFor();
      // No English left on the page (the texts fall back to English when a Danish one is missing).
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text, tab).not.toMatch(
        /\b(Save|Settings|Users|Invite a person|New token|New endpoint|Events)\b/,
      );
      expect(await page.evaluate('document.documentElement.scrollWidth'), tab).toBeLessThanOrEqual(390);
      expect(await seriousViolations(page), tab).toEqual([]);
    }
  });
});
