import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders } from '../support/test-app.ts';
import { choose, screenshot, seriousViolations, startWeb, type WebHarness } from './harness.ts';

/*
 * Changing quantity or plan terms in the customer portal (issue 16), in Debian's Chromium: the customer
 * sees the priced order before confirming it; each change is checked afterwards through the merchant's
 * API.
 */

let web: WebHarness;
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
const subscriptions: Record<string, string> = {};
let plusTerms = '';

async function arrive(email: string, options: { phone?: boolean } = {}): Promise<Page> {
  const link = await merchant('POST', '/api/self-service/initiate-organization/', { email });
  expect(link.status).toBe(200);
  const url = new URL(link.body.url);
  const page = await (await web.newContext(options)).newPage();
  await page.goto(`${url.pathname}${url.search}`);
  await page.waitForURL(/\/self-service\/$/);
  return page;
}

beforeAll(async () => {
  web = await startWeb({ now: '2025-01-01T08:00:00Z' });
  await merchant('PATCH', '/api/v1/organization/', { portal_plan_change: true, portal_colour: '#1d6f5f' });
  await merchant('POST', '/api/v1/plan-groups/', { code: 'GYM', name: 'Gym' });
  await merchant('POST', '/api/v1/plans/', { code: 'BASIC', name: 'Basic', plan_group: 'GYM' });
  await merchant('POST', '/api/v1/plans/', { code: 'PLUS', name: 'Plus', plan_group: 'GYM' });
  await merchant('POST', '/api/v1/plan-terms/', {
    plan: 'BASIC',
    code: 'BASIC-M',
    name: 'Monthly',
    price: '399',
    interval: 'month',
  });
  const plus = await merchant('POST', '/api/v1/plan-terms/', {
    plan: 'PLUS',
    code: 'PLUS-M',
    name: 'Monthly',
    price: '599',
    interval: 'month',
  });
  plusTerms = plus.body.uuid;
  for (const [code, language] of [
    ['ANNA', 'en'],
    ['BO', 'en'],
    ['CARL', 'da'],
  ] as const) {
    await merchant('POST', '/api/v1/accounts/', {
      code,
      name: `${code} Larsen`,
      email: `${code.toLowerCase()}@example.com`,
      language,
    });
    const made = await merchant('POST', '/api/v1/subscriptions/', {
      account: code,
      terms: 'BASIC-M',
      start_date: '2025-01-01',
    });
    subscriptions[code] = made.body.uuid;
  }
}, 120_000);
afterAll(async () => {
  await web?.close();
});

describe('changing a subscription in the portal', () => {
  it('shows the priced order before the customer confirms a new quantity', async () => {
    const page = await arrive('anna@example.com');
    await page.getByRole('button', { name: 'Change subscription' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change your subscription' });
    await dialog.getByLabel('Quantity').fill('3');
    await dialog.getByRole('button', { name: 'Show the price' }).click();
    await expect
      .poll(() => dialog.getByText('The change takes effect on 1 Jan 2025.').isVisible())
      .toBe(true);
    expect(await dialog.getByText('Total excl. VAT').isVisible()).toBe(true);
    // Priced, not yet applied.
    expect((await merchant('GET', `/api/v1/subscriptions/${subscriptions.ANNA}/`)).body.quantity).toBe(1);
    await screenshot(page, 'portal-change');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Confirm the change' }).click();
    await expect.poll(() => page.getByText('Your subscription was changed.').isVisible()).toBe(true);
    expect((await merchant('GET', `/api/v1/subscriptions/${subscriptions.ANNA}/`)).body.quantity).toBe(3);
    const orders = (await merchant('GET', `/api/v1/orders/?subscription=${subscriptions.ANNA}`)).body.results;
    expect(orders).toEqual([expect.objectContaining({ type: 'change_quantity', status: 'committed' })]);
  });

  it('moves to another plan of the group on a phone screen', async () => {
    const page = await arrive('bo@example.com', { phone: true });
    await page.getByRole('button', { name: 'Change subscription' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change your subscription' });
    await choose(dialog, 'Plan', /^Plus – Monthly/);
    await dialog.getByRole('button', { name: 'Show the price' }).click();
    await expect.poll(() => dialog.getByText(/The change takes effect on/).isVisible()).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'portal-change-phone');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Confirm the change' }).click();
    await expect
      .poll(async () => (await merchant('GET', `/api/v1/subscriptions/${subscriptions.BO}/`)).body.terms)
      .toBe(plusTerms);
  });

  it('says in the customer’s language when nothing would change, and offers no change when switched off', async () => {
    const page = await arrive('carl@example.com');
    await page.getByRole('button', { name: 'Ændr abonnement' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ændr dit abonnement' });
    await dialog.getByRole('button', { name: 'Vis prisen' }).click();
    await expect
      .poll(() =>
        dialog.getByText('Det er det, du har nu: vælg et andet antal eller en anden plan.').isVisible(),
      )
      .toBe(true);
    expect(await page.locator('body').innerText()).not.toMatch(/\b(change|subscriptions)\.[a-zA-Z]/);
    await merchant('PATCH', '/api/v1/organization/', { portal_plan_change: false });
    const later = await arrive('carl@example.com');
    await expect.poll(() => later.getByText('Antal', { exact: true }).isVisible()).toBe(true);
    expect(await later.getByRole('button', { name: 'Ændr abonnement' }).count()).toBe(0);
  });
});
