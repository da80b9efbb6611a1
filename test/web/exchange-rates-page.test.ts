import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/sessions.ts';
import { authHeaders } from '../support/test-app.ts';
import { addUser, screenshot, seriousViolations, signInAs, startWeb, type WebHarness } from './harness.ts';

/* Settings → Exchange rates: a member adds a rate as a person does; the API's refusals land on their fields. */

let web: WebHarness;
const run = randomUUID().slice(0, 8);

beforeAll(async () => {
  web = await startWeb();
  await addUser(web.t, web.t.org, { email: `member-${run}@rates.example`, role: 'member' });
  await addUser(web.t, web.t.org, { email: `viewer-${run}@rates.example`, role: 'viewer', language: 'da' });
});
afterAll(async () => web?.close());

async function rates() {
  const res = await web.t.app.inject({
    url: '/api/v1/exchange-rates/',
    headers: authHeaders(web.t.org.tokens.read),
  });
  expect(res.statusCode).toBe(200);
  return res.json().results as { currency: string; valid_from: string; rate: string }[];
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

describe('the exchange rates page', () => {
  it('adds a rate; the own currency and a rate of zero are refused on their fields, changing nothing', async () => {
    const page = await (await web.newContext()).newPage();
    await signInAs(page, `member-${run}@rates.example`, PASSWORD);
    await page.goto('/settings?tab=exchange-rates');
    await page.getByRole('heading', { name: 'Exchange rates' }).waitFor();
    await page.getByText('No exchange rates').waitFor();

    await page.getByRole('button', { name: 'Add rate' }).click();
    const form = page.getByRole('dialog', { name: 'Add rate', exact: true });
    // Nothing filled in: asked for before anything is sent.
    await form.getByRole('button', { name: 'Save' }).click();
    expect(await fieldError(page, /^Currency/)).toContain('Fill this in');

    await form.getByLabel(/^Currency/).fill('DKK');
    await form.getByRole('button', { name: /^From/ }).click();
    await page.getByRole('button', { name: '1 January 2025', exact: true }).click();
    await form.getByLabel(/^Rate/).fill('1');
    await form.getByRole('button', { name: 'Save' }).click();
    expect(await fieldError(page, /^Currency/)).toContain("DKK is the organization's own currency");

    await form.getByLabel(/^Currency/).fill('eur');
    await form.getByLabel(/^Rate/).fill('0');
    await form.getByRole('button', { name: 'Save' }).click();
    expect(await fieldError(page, /^Rate/)).toContain('a decimal above zero');
    expect(await rates()).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'settings-exchange-rate-refused');

    // A decimal comma, as a Danish bookkeeper types it.
    await form.getByLabel(/^Rate/).fill('7,4612');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: 'EUR' });
    await row.getByRole('cell', { name: '7.4612', exact: true }).waitFor();
    await row.getByRole('cell', { name: '1 Jan 2025', exact: true }).waitFor();
    expect(await rates()).toMatchObject([{ currency: 'EUR', valid_from: '2025-01-01', rate: '7.4612' }]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'settings-exchange-rates');
  }, 90_000);

  it('a viewer reads the rates in Danish at a phone’s width, with nothing to change', async () => {
    await web.t.app.inject({
      method: 'PUT',
      url: '/api/v1/exchange-rates/SEK/2025-01-01/',
      headers: authHeaders(web.t.org.tokens.full),
      payload: { rate: '0.65' },
    });
    const page = await (await web.newContext({ phone: true, locale: 'da-DK' })).newPage();
    await signInAs(page, `viewer-${run}@rates.example`, PASSWORD);
    await page.goto('/settings?tab=exchange-rates');
    await page.getByRole('heading', { name: 'Valutakurser' }).waitFor();
    await page.getByRole('cell', { name: 'SEK' }).waitFor();
    expect(await page.getByRole('button', { name: 'Tilføj kurs' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Slet/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'settings-exchange-rates-phone');
  }, 60_000);
});
