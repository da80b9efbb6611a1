import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../web/src/format.ts';
import { PASSWORD } from '../support/sessions.ts';
import { authHeaders } from '../support/test-app.ts';
import { addUser, choose, screenshot, signInAs, startWeb, type WebHarness } from './harness.ts';

/**
 * The UI-first day of seed 000, end to end in a browser: a bookkeeper signs in, sets up the catalog,
 * an account with a contract tier and a subscription, lets a month pass, runs billing, sends the
 * draft, opens the PDF, records the payment and sees the overview change. Nothing but the app is used.
 */
let web: WebHarness;
let page: Page;

beforeAll(async () => {
  web = await startWeb({ now: '2025-01-15T09:00:00Z' });
  await addUser(web.t, web.t.org, { email: 'ann@nordlys.example', role: 'owner', name: 'Ann Nordlys' });
  page = await (await web.newContext()).newPage();
});
afterAll(async () => web?.close());

const figure = (id: string) => page.getByTestId(`figure-${id}`).getByTestId('figure-value');

describe('the UI-first day', () => {
  it('signs in and shows the overview', async () => {
    await signInAs(page, 'ann@nordlys.example', PASSWORD);
    await expect.poll(() => figure('active-subscriptions').textContent()).toBe('0');
    await screenshot(page, 'ui-first-01-overview');
  });

  it('creates a plan and its monthly plan terms in the catalog', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Catalog' }).click();
    await page.getByRole('button', { name: 'New plan' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Code/).fill('GYM');
    await dialog.getByLabel(/^Name/).fill('Gym membership');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'Gym membership' }).waitFor();

    await page.getByRole('tab', { name: 'Plan terms' }).click();
    await page.getByRole('button', { name: 'New plan terms' }).click();
    await choose(dialog, /^Plan\s*\*?$/, 'Gym membership (GYM)');
    await dialog.getByLabel(/^Code/).fill('GYM-MONTHLY');
    await dialog.getByLabel(/^Price/).fill('400.00');
    await screenshot(page, 'ui-first-02-plan-terms');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'GYM-MONTHLY' }).waitFor();
  });

  it('creates an account, with a contract that gives 10 % from 5 members', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('link', { name: 'New account' }).click();
    await page.getByLabel(/^Code/).fill('NORDLYS');
    await page.getByLabel(/^Name/).fill('Nordlys ApS');
    await page.getByLabel(/^E-mail \*?$/).fill('faktura@nordlys.example');
    await page.getByLabel('Address').fill('Havnegade 1');
    await page.getByLabel('Postcode').fill('1058');
    await page.getByLabel('City').fill('København K');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Nordlys ApS' }).waitFor();

    await page.getByRole('tab', { name: 'Contracts' }).click();
    await page.getByRole('button', { name: 'New contract' }).click();
    // By name: the date picker's dropdown is a dialog too, and may still be open when the form closes.
    const dialog = page.getByRole('dialog', { name: 'New contract' });
    await choose(dialog, /^Plan terms/, /GYM-MONTHLY/);
    await dialog.getByRole('button', { name: /^Valid from/ }).click();
    await page.getByRole('button', { name: '1 January 2025', exact: true }).click();
    await dialog.getByLabel('From quantity').fill('5');
    await dialog.getByLabel('Discount', { exact: true }).fill('10');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('from 5: 10 %').waitFor();
    await screenshot(page, 'ui-first-03-account');
  });

  it('orders a subscription of 10 and sees the priced preview with the tier discount first', async () => {
    await page.getByRole('link', { name: 'New subscription' }).click();
    await choose(page, /^Plan terms/, /GYM-MONTHLY/);
    await page.getByLabel('Quantity').fill('10');
    await page.getByRole('button', { name: 'Show price' }).click();
    const preview = page.getByTestId('order-preview');
    await preview.waitFor();
    await screenshot(page, 'ui-first-04-order-preview');
    await page.getByRole('button', { name: 'Confirm order' }).click();
    await page.getByRole('heading', { name: 'Subscription of NORDLYS' }).waitFor();
    await expect.poll(() => page.getByText('Active', { exact: true }).first().isVisible()).toBe(true);
  });

  it('a month later (the session long expired: sign in again) runs billing, reviews the draft and sends it', async () => {
    web.travel('2025-02-15T08:00:00Z');
    await page.getByRole('navigation').getByRole('link', { name: 'Billing' }).click();
    await page.getByText('Your session has ended. Please sign in again.').waitFor();
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/billing');
    await signInAs(page, 'ann@nordlys.example', PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/billing');
    await page.getByRole('button', { name: 'Start billing run' }).click();
    await expect
      .poll(() => page.getByTestId('billing-run').getByText('Done').isVisible(), { timeout: 20_000 })
      .toBe(true);
    await page.getByRole('cell', { name: 'Nordlys ApS (NORDLYS)' }).click();
    await page.getByRole('heading', { name: 'Draft for Nordlys ApS (NORDLYS)' }).waitFor();
    await screenshot(page, 'ui-first-05-draft');
    await page.getByRole('button', { name: 'Send invoice' }).click();
    await page.getByRole('heading', { name: /^Invoice / }).waitFor();
  });

  it('opens the PDF and records the payment', async () => {
    const download = page.getByRole('link', { name: 'Download PDF' });
    await download.waitFor();
    const href = await download.getAttribute('href');
    const pdf = await page.request.get(href ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, 'ui-first-06-invoice');

    const balance = await page.getByTestId('invoice-balance').textContent();
    expect(balance).not.toMatch(/^DKK\s?0\.00$/);
    await page.getByRole('button', { name: 'Record payment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record payment' });
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('invoice-balance').textContent()).toMatch(/0\.00/);
    await expect.poll(() => page.getByText('Paid', { exact: true }).first().isVisible()).toBe(true);
  });

  it('sees the overview change', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Overview' }).click();
    await expect.poll(() => figure('active-subscriptions').textContent()).toBe('1');
    await expect.poll(() => figure('accounts').textContent()).toBe('1');
    await expect.poll(() => figure('drafts').textContent()).toBe('0');
    // MRR and the month's payments are the metrics API's own figures.
    const summary = await web.t.app.inject({
      url: '/api/v1/metrics/summary/?date=2025-02-15&from=2025-02-01',
      headers: authHeaders(web.t.org.tokens.read),
    });
    const [dkk] = summary.json().currencies;
    expect(Number(dkk.mrr)).toBeGreaterThan(0);
    await expect.poll(() => figure('mrr').textContent()).toBe(formatMoney(dkk.mrr, 'DKK', 'en'));
    await expect.poll(() => figure('paid').textContent()).toBe(formatMoney(dkk.paid, 'DKK', 'en'));
    await screenshot(page, 'ui-first-07-overview');
  });
});
