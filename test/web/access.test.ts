import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/sessions.ts';
import { authHeaders } from '../support/test-app.ts';
import { addUser, screenshot, signInAs, startWeb, type WebHarness } from './harness.ts';

let web: WebHarness;
let foreignAccount: string;

beforeAll(async () => {
  web = await startWeb();
  await addUser(web.t, web.t.org, { email: 'owner@access.example', role: 'owner' });
  await addUser(web.t, web.t.org, { email: 'viewer@access.example', role: 'viewer' });
  await addUser(web.t, web.t.org, { email: 'dansk@access.example', role: 'member', language: 'da' });
  const own = await web.t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/',
    headers: authHeaders(web.t.org.tokens.full),
    payload: { code: 'OWN-1', name: 'Own Account', email: 'own@access.example' },
  });
  expect(own.statusCode).toBe(201);
  const foreign = await web.t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/',
    headers: authHeaders(web.t.other.tokens.full),
    payload: { code: 'FOREIGN-1', name: 'Foreign Account', email: 'foreign@access.example' },
  });
  expect(foreign.statusCode).toBe(201);
  foreignAccount = foreign.json().uuid;
});
afterAll(async () => web?.close());

describe('who may do what in the app', () => {
  it('a viewer sees no write buttons, and the API refuses the write anyway', async () => {
    const page = await (await web.newContext()).newPage();
    await signInAs(page, 'viewer@access.example', PASSWORD);
    await page.getByRole('navigation').getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('cell', { name: 'Own Account' }).waitFor();
    expect(await page.getByRole('link', { name: 'New account' }).count()).toBe(0);
    await page.getByRole('cell', { name: 'Own Account' }).click();
    await page.getByRole('heading', { name: 'Own Account' }).waitFor();
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Archive' }).count()).toBe(0);
    const csrf = await page.evaluate(
      "fetch('/api/v1/session/').then((r) => r.json()).then((s) => s.csrf_token)",
    );
    const status = await page.evaluate(
      `fetch('/api/v1/accounts/', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': ${JSON.stringify(csrf)} }, body: JSON.stringify({ code: 'V-1', name: 'V', email: 'v@access.example' }) }).then((r) => r.status)`,
    );
    expect(status).toBe(403);
  });

  it('a write without the CSRF token is refused, even from a signed-in owner', async () => {
    const page = await (await web.newContext()).newPage();
    await signInAs(page, 'owner@access.example', PASSWORD);
    const status = await page.evaluate(
      "fetch('/api/v1/accounts/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'C-1', name: 'C', email: 'c@access.example' }) }).then((r) => r.status)",
    );
    expect(status).toBe(403);
    const list = await web.t.app.inject({
      url: '/api/v1/accounts/?code=C-1',
      headers: authHeaders(web.t.org.tokens.read),
    });
    expect(list.json().count).toBe(0);
  });

  it("another organization's account by its address is the not-found page", async () => {
    const page = await (await web.newContext()).newPage();
    await signInAs(page, 'owner@access.example', PASSWORD);
    await page.goto(`/accounts/${foreignAccount}`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByText('Foreign Account').count()).toBe(0);
    await page.goto('/no-such-page');
    await page.getByTestId('not-found').waitFor();
  });

  it("a person reads the app in their own language, on a phone's width too", async () => {
    const page = await (await web.newContext({ phone: true })).newPage();
    await signInAs(page, 'dansk@access.example', PASSWORD);
    await page.getByRole('heading', { name: 'Overblik' }).waitFor();
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Kunder' }).click();
    await page.getByRole('heading', { name: 'Kunder' }).waitFor();
    await page.getByRole('link', { name: 'Ny kunde' }).waitFor();
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'accounts-phone-da');
  });
});
