import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/sessions.ts';
import { authHeaders } from '../support/test-app.ts';
import { addUser, screenshot, seriousViolations, signInAs, startWeb, type WebHarness } from './harness.ts';

let web: WebHarness;
const WAIT = { timeout: 15_000 };
// More than a page (50): the second page of a sorted list must follow the sort.
const NAMES = Array.from(
  { length: 56 },
  (_, i) => `${'mzkbqxatrd'[i % 10]}${String(i).padStart(2, '0')} Sorted`,
);

beforeAll(async () => {
  web = await startWeb();
  await addUser(web.t, web.t.org, { email: 'viewer@sort.example', role: 'viewer' });
  for (const [i, name] of NAMES.entries()) {
    web.t.clock.advance(1000);
    const made = await web.t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: authHeaders(web.t.org.tokens.full),
      payload: { code: `S-${String(i).padStart(3, '0')}`, name, email: `s${i}@sort.example` },
    });
    expect(made.statusCode).toBe(201);
  }
});
afterAll(async () => web?.close());

/** The names of one page of the API's list in this order (from the cursor of the page before). */
async function apiNames(ordering: string, page = 1): Promise<string[]> {
  let url = `/api/v1/accounts/?ordering=${ordering}`;
  let body = { results: [] as { name: string }[], next: null as string | null };
  for (let i = 0; i < page; i++) {
    const answer = await web.t.app.inject({ url, headers: authHeaders(web.t.org.tokens.read) });
    expect(answer.statusCode).toBe(200);
    body = answer.json();
    if (body.next) url = new URL(body.next).pathname + new URL(body.next).search;
  }
  return body.results.map((row) => row.name);
}

describe('sorting a list by its column headers', () => {
  it('sorts the accounts by name both ways, keeps it in the address and across pages', async () => {
    const page = await (await web.newContext()).newPage();
    await signInAs(page, 'viewer@sort.example', PASSWORD);
    await page.goto('/accounts');
    const rows = page.getByRole('row');
    const firstName = () => rows.nth(1).getByRole('cell').nth(1).textContent();
    await expect.poll(firstName, WAIT).toBe((await apiNames('created_date'))[0]);

    const nameHeader = page.getByRole('columnheader', { name: /^Name/ });
    expect(await nameHeader.getAttribute('aria-sort')).toBe('none');
    await nameHeader.getByRole('button').click();
    await page.waitForURL(/ordering=name/);
    const ascending = await apiNames('name');
    expect(ascending[0]).toBe('a06 Sorted');
    await expect.poll(firstName, WAIT).toBe(ascending[0]);
    expect(await nameHeader.getAttribute('aria-sort')).toBe('ascending');

    await nameHeader.getByRole('button').click();
    await page.waitForURL(/ordering=-name/);
    const descending = await apiNames('-name');
    expect(descending[0]).toBe('z51 Sorted');
    await expect.poll(firstName, WAIT).toBe(descending[0]);
    expect(await nameHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-sorted');

    // The next page continues the sort where the first ended.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/cursor=/);
    const second = await apiNames('-name', 2);
    await expect.poll(firstName, WAIT).toBe(second[0]);
    expect(second.length).toBeGreaterThan(0);

    // A bookmark of the sorted list opens it sorted.
    await page.goto('/accounts?ordering=code');
    await expect.poll(() => rows.nth(1).getByRole('cell').first().textContent(), WAIT).toBe('S-000');
    expect(await page.getByRole('columnheader', { name: /^Code/ }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
  }, 90_000);

  it('sorts at a phone’s width by the columns it shows', async () => {
    const page = await (await web.newContext({ phone: true })).newPage();
    await signInAs(page, 'viewer@sort.example', PASSWORD);
    await page.goto('/accounts?ordering=-code');
    await expect
      .poll(() => page.getByRole('row').nth(1).getByRole('cell').first().textContent(), WAIT)
      .toBe('S-055');
    await screenshot(page, 'accounts-sorted-phone');
  }, 60_000);
});
