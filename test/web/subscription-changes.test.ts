import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/sessions.ts';
import { authHeaders } from '../support/test-app.ts';
import { addUser, choose, screenshot, signInAs, startWeb, type WebHarness } from './harness.ts';

/**
 * From the subscription page, each change an order: other plan terms, a component added, a component
 * removed, each priced before it is confirmed; then, on an invoice, a credit note for chosen lines
 * and part of one. Every result is checked through the API.
 */
let web: WebHarness;
let page: Page;
let subscription: string;

const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await web.t.app.inject({
    method,
    url,
    headers: authHeaders(web.t.org.tokens.full),
    ...(payload ? { payload } : {}),
  });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
};

beforeAll(async () => {
  web = await startWeb({ now: '2025-03-01T09:00:00Z' });
  await addUser(web.t, web.t.org, { email: 'bo@nordlys.example', role: 'member' });
  await api('POST', '/api/v1/plans/', { code: 'GYM', name: 'Gym membership' });
  for (const [code, price] of [
    ['BASIC', '300'],
    ['PLUS', '450'],
  ])
    await api('POST', '/api/v1/plan-terms/', { plan: 'GYM', code, name: code, price, interval: 'month' });
  await api('POST', '/api/v1/components/', {
    code: 'LOCKER',
    name: 'Locker',
    kind: 'recurring',
    price: '40',
  });
  await api('POST', '/api/v1/accounts/', {
    code: 'HALL',
    name: 'Hallsberg IF',
    email: 'kassa@hallsberg.example',
  });
  subscription = (
    await api('POST', '/api/v1/subscriptions/', { account: 'HALL', terms: 'BASIC', start_date: '2025-03-01' })
  ).uuid;
  page = await (await web.newContext()).newPage();
  await signInAs(page, 'bo@nordlys.example', PASSWORD);
});
afterAll(async () => web?.close());

const overview = () => api('GET', `/api/v1/subscriptions/${subscription}/overview/`);

describe('changing a subscription from its page', () => {
  it('moves it to other plan terms at once, after the priced preview', async () => {
    await page.goto(`/subscriptions/${subscription}`);
    await page.getByRole('button', { name: 'Change plan terms' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change plan terms' });
    // Only other plan terms are offered: the current ones are not a change.
    await dialog.getByLabel(/^New plan terms/).click();
    await expect.poll(() => page.getByRole('option', { name: /BASIC/ }).count()).toBe(0);
    await page.getByRole('option', { name: /PLUS/ }).click();
    await choose(dialog, 'Takes effect', 'At once');
    await dialog.getByRole('button', { name: 'Show price' }).click();
    const preview = dialog.getByTestId('order-preview');
    await preview.getByText('Change of plan terms').waitFor();
    // March at the new price: nothing was billed for it yet.
    await expect
      .poll(() => preview.getByTestId('document-lines').locator('tbody tr').count())
      .toBeGreaterThan(0);
    await screenshot(page, 'subscription-change-terms');
    await dialog.getByRole('button', { name: 'Confirm order' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const now = await overview();
    const plus = (await api('GET', '/api/v1/plan-terms/?search=PLUS')).results[0];
    expect(now.plan_terms.uuid).toBe(plus.uuid);
    const orders = await api('GET', `/api/v1/orders/?subscription=${subscription}`);
    expect(orders.results.map((o: { type: string; status: string }) => [o.type, o.status])).toContainEqual([
      'change_terms',
      'committed',
    ]);
  });

  it('adds a component at a quantity, and an impossible quantity is named on its field', async () => {
    await page.getByRole('button', { name: 'Add component' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add component' });
    await choose(dialog, /^Component/, /Locker \(LOCKER\)/);
    await dialog.getByLabel('Quantity').fill('2000000');
    await dialog.getByRole('button', { name: 'Show price' }).click();
    await expect.poll(() => dialog.getByLabel('Quantity').getAttribute('aria-invalid')).toBe('true');
    expect((await overview()).components).toEqual([]);
    await dialog.getByLabel('Quantity').fill('2');
    await dialog.getByRole('button', { name: 'Show price' }).click();
    await dialog.getByTestId('order-preview').getByText('Component added').waitFor();
    await dialog.getByRole('button', { name: 'Confirm order' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByTestId('subscription-components').getByRole('row', { name: /Locker/ });
    await row.waitFor();
    await expect.poll(() => page.getByText('Order confirmed').count(), { timeout: 10_000 }).toBe(0);
    await screenshot(page, 'subscription-components');
    expect((await overview()).components).toMatchObject([{ code: 'LOCKER', quantity: 2, end_date: null }]);
  });

  it('removes the component at the end of the period, as the order rules say', async () => {
    await page
      .getByTestId('subscription-components')
      .getByRole('row', { name: /Locker/ })
      .getByRole('button', { name: 'Remove' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Remove Locker' });
    await dialog.getByRole('button', { name: 'Show price' }).click();
    await dialog.getByTestId('order-preview').getByText('Component removed').waitFor();
    await dialog.getByRole('button', { name: 'Confirm order' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const [locker] = (await overview()).components;
    expect(locker).toMatchObject({ code: 'LOCKER', end_date: '2025-04-01' });
    // Ending already: no second Remove.
    await expect
      .poll(() => page.getByTestId('subscription-components').getByRole('button', { name: 'Remove' }).count())
      .toBe(0);
  });
});

describe('crediting chosen lines of an invoice', () => {
  let invoice: {
    uuid: string;
    number: string;
    lines: { uuid: string; description: string; amount: string }[];
  };

  beforeAll(async () => {
    web.travel('2025-04-01T08:00:00Z');
    const run = await api('POST', '/api/v1/billing-runs/', {});
    for (let i = 0; i < 200; i++) {
      if ((await api('GET', `/api/v1/billing-runs/${run.uuid}/`)).status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [draft] = (await api('GET', '/api/v1/invoice-drafts/?account=HALL&status=draft')).results;
    invoice = await api('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`, {});
    expect(invoice.lines.length).toBeGreaterThan(1);
  });

  it('refuses more than a line holds, naming the line, and issues nothing', async () => {
    page = await (await web.newContext()).newPage();
    await signInAs(page, 'bo@nordlys.example', PASSWORD);
    await page.goto(`/invoices/${invoice.uuid}`);
    await page.getByRole('button', { name: 'Credit…' }).click();
    const dialog = page.getByRole('dialog', { name: `Credit invoice ${invoice.number}` });
    for (let n = 2; n <= invoice.lines.length; n++) await dialog.getByLabel(`Credit line ${n}`).uncheck();
    await dialog.getByLabel('Amount to credit for line 1').fill('99999');
    await dialog.getByRole('button', { name: 'Credit 1 line' }).click();
    await expect
      .poll(() => dialog.getByLabel('Amount to credit for line 1').getAttribute('aria-invalid'))
      .toBe('true');
    expect((await api('GET', `/api/v1/credit-notes/?account=HALL`)).results).toEqual([]);
  });

  it('credits part of one line, and the invoice and its credit note say so', async () => {
    const dialog = page.getByRole('dialog', { name: `Credit invoice ${invoice.number}` });
    const first = invoice.lines[0]!;
    await dialog.getByLabel('Amount to credit for line 1').fill('100,00');
    await screenshot(page, 'invoice-credit-lines');
    await dialog.getByRole('button', { name: 'Credit 1 line' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const notes = (await api('GET', `/api/v1/credit-notes/?account=HALL`)).results;
    expect(notes).toHaveLength(1);
    const note = await api('GET', `/api/v1/credit-notes/${notes[0].uuid}/`);
    // A credit note states its amounts as positive figures: it credits them.
    expect(note.lines).toMatchObject([{ credited_line: first.uuid, amount: '100.00' }]);
    expect(note.total_ex_vat).toBe('100.00');
    const after = await api('GET', `/api/v1/invoices/${invoice.uuid}/`);
    expect(after.credited).toBe('125.00');
  });
});
