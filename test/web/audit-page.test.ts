import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/sessions.ts';
import { authHeaders } from '../support/test-app.ts';
import { addUser, screenshot, seriousViolations, signInAs, startWeb, type WebHarness } from './harness.ts';

let web: WebHarness;
let accountId: string;

const crm = () =>
  authHeaders(web.t.org.tokens.full, { 'x-client-system': 'crm', 'x-user': 'jane@crm.example' });

beforeAll(async () => {
  web = await startWeb();
  await addUser(web.t, web.t.org, { email: 'owner@audit.example', role: 'owner' });
  await addUser(web.t, web.t.org, { email: 'viewer@audit.example', role: 'viewer' });
  const made = await web.t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/',
    headers: crm(),
    payload: { code: 'AUD-1', name: 'Audited Ltd', email: 'audited@audit.example' },
  });
  expect(made.statusCode).toBe(201);
  accountId = made.json().uuid;
  web.t.clock.advance(60_000);
  const renamed = await web.t.app.inject({
    method: 'PATCH',
    url: `/api/v1/accounts/${accountId}`,
    headers: crm(),
    payload: { name: 'Audited Group Ltd' },
  });
  expect(renamed.statusCode).toBe(200);
  await web.t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/',
    headers: authHeaders(web.t.org.tokens.full, { 'x-client-system': 'erp' }),
    payload: { code: 'AUD-2', name: 'Other Ltd', email: 'other@audit.example' },
  });
});
afterAll(async () => web?.close());

async function apiCount(query: string): Promise<number> {
  const answer = await web.t.app.inject({
    url: `/api/v1/audit-log/?${query}`,
    headers: authHeaders(web.t.org.tokens.read),
  });
  expect(answer.statusCode).toBe(200);
  return answer.json().count;
}

describe('the audit log page', () => {
  it('filters by person, client system, action and object, newest first, and shows what changed', async () => {
    const page = await (await web.newContext()).newPage();
    await signInAs(page, 'viewer@audit.example', PASSWORD);
    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    // Newest first: the rename is the newest change of the crm.
    await page.getByLabel('Person (e-mail)').fill('jane@crm.example');
    await page.getByText(`${await apiCount('user=jane@crm.example')} rows`).waitFor();
    await page.getByLabel('Client system').fill('crm');
    await page.waitForURL(/client_system=crm/);
    const first = page.getByRole('row').nth(1);
    await expect.poll(() => first.textContent()).toContain('account.updated');
    await first.getByText('account.updated').click();
    const changes = page.getByTestId('audit-changes');
    await changes.getByRole('cell', { name: 'Audited Group Ltd' }).waitFor();
    await changes.getByRole('cell', { name: 'Audited Ltd', exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'audit-entry');
    await page.keyboard.press('Escape');

    // By action: only the creation.
    await page.getByLabel('What').first().fill('account.created');
    await page.getByLabel('What').first().blur();
    await page.waitForURL(/action=account\.created/);
    await page.getByText('1 row', { exact: true }).waitFor();
    expect(await apiCount('user=jane@crm.example&client_system=crm&action=account.created')).toBe(1);

    // By object, from the address: a bookmark of one account's history.
    await page.goto(`/audit?entity_type=account&entity_id=${accountId}`);
    await page.getByText(`${await apiCount(`entity_id=${accountId}`)} rows`).waitFor();
    expect(await page.getByRole('cell', { name: 'erp' }).count()).toBe(0);
    await page.getByLabel('Object id').fill('not-an-id');
    await page.getByText("Not an id: paste the object's uuid").waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText(`${await apiCount('')} rows`).waitFor();
    await page.getByRole('cell', { name: 'erp' }).waitFor();
    // Cleared means cleared: no filter's text stays behind, the wrong id included.
    expect(await page.getByLabel('Object id').inputValue()).toBe('');
    expect(await page.getByLabel('What').first().inputValue()).toBe('');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'audit-log');
  });

  it("fits a phone's width", async () => {
    const page = await (await web.newContext({ phone: true })).newPage();
    await signInAs(page, 'owner@audit.example', PASSWORD);
    await page.goto('/audit?client_system=crm');
    await page.getByText(`${await apiCount('client_system=crm')} rows`).waitFor();
    await screenshot(page, 'audit-log-phone');
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'audit-log-phone');
  });
});
