import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyPlan } from '../support/billing.ts';
import { PASSWORD } from '../support/sessions.ts';
import { authHeaders } from '../support/test-app.ts';
import { addUser, seriousViolations, signInAs, startWeb, type WebHarness } from './harness.ts';

let web: WebHarness;
let account = '';
const WAIT = { timeout: 15_000 };
// Made in this order; started in another: created, start date and quantity each order them differently.
const SUBSCRIPTIONS = [
  { quantity: 1, start_date: '2025-03-01' },
  { quantity: 2, start_date: '2025-01-01' },
  { quantity: 3, start_date: '2025-02-01' },
];

beforeAll(async () => {
  web = await startWeb({ now: '2025-04-01T08:00:00Z' });
  await addUser(web.t, web.t.org, { email: 'viewer@tabs.example', role: 'viewer' });
  await monthlyPlan(web.t, '100.00');
  const post = (url: string, payload: object) =>
    web.t.app.inject({ method: 'POST', url, headers: authHeaders(web.t.org.tokens.full), payload });
  const made = await post('/api/v1/accounts/', { code: 'TAB-1', name: 'Tabs ApS', email: 'tabs@example.dk' });
  expect(made.statusCode, made.body).toBe(201);
  account = made.json().uuid;
  for (const subscription of SUBSCRIPTIONS) {
    web.t.clock.advance(1000);
    const res = await post('/api/v1/subscriptions/', { account: 'TAB-1', terms: 'M', ...subscription });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => web?.close());

/** The quantities of the account's subscriptions as the API orders them. */
async function apiQuantities(ordering: string): Promise<string[]> {
  const res = await web.t.app.inject({
    url: `/api/v1/subscriptions/?account=${account}&ordering=${ordering}`,
    headers: authHeaders(web.t.org.tokens.read),
  });
  expect(res.statusCode).toBe(200);
  return res.json().results.map((row: { quantity: number }) => String(row.quantity));
}

describe("an account page's lists sort by their column headers", () => {
  it('sorts the subscriptions tab by start date on the server, both ways', async () => {
    const page = await (await web.newContext()).newPage();
    await signInAs(page, 'viewer@tabs.example', PASSWORD);
    await page.goto(`/accounts/${account}`);
    const table = page.getByRole('tabpanel');
    const quantities = () =>
      table
        .getByRole('row')
        .filter({ has: page.getByRole('cell') })
        .evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td')[1]?.textContent ?? ''));
    await expect.poll(quantities, WAIT).toEqual(await apiQuantities('created_date'));
    expect(await apiQuantities('created_date')).toEqual(['1', '2', '3']);

    const header = table.getByRole('columnheader', { name: /^Started/ });
    expect(await header.getAttribute('aria-sort')).toBe('none');
    await header.getByRole('button').click();
    const ascending = await apiQuantities('start_date');
    expect(ascending).toEqual(['2', '3', '1']);
    await expect.poll(quantities, WAIT).toEqual(ascending);
    expect(await header.getAttribute('aria-sort')).toBe('ascending');

    await header.getByRole('button').click();
    const descending = await apiQuantities('-start_date');
    expect(descending).toEqual(['1', '3', '2']);
    await expect.poll(quantities, WAIT).toEqual(descending);
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(await seriousViolations(page)).toEqual([]);

    // The other tabs' headers sort too: the invoices tab offers number, issue date and total.
    await page.getByRole('tab', { name: 'Invoices' }).click();
    for (const name of [/^Number/, /^Issued/, /^Total/])
      expect(await table.getByRole('columnheader', { name }).getAttribute('aria-sort')).toBe('none');
  }, 90_000);
});
