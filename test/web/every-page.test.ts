import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import axe from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/messages/en.ts';
import { billOn } from '../support/billing.ts';
import { PASSWORD } from '../support/sessions.ts';
import { authHeaders } from '../support/test-app.ts';
import { addUser, screenshot, signInAs, startWeb, type WebHarness } from './harness.ts';

/*
 * Every page of the admin app, found rather than listed: the routes the router declares
 * (web/src/router.tsx), the navigation's links, the links and the first row of every list on each page,
 * and the buttons that open a form. A page added tomorrow is covered when it is a route or a link.
 * On each: axe-core finds no serious or critical violation (forms and dialogs opened too); in each of
 * the four languages no text is missing (react-intl reports none and no message id shows); a viewer
 * sees no write control; an unknown object by its address is the not-found page.
 */

const LANGUAGES = ['da', 'sv', 'de', 'en'] as const;
/** Buttons that open a form (a dialog or a page) without writing anything yet. */
const OPENS_A_FORM =
  /^(New|Edit|Record|Change|Cancel subscription|Invite|Add (?!a line)|Create|Upload|Import(?! the))/;
/** What a viewer must not be offered: every control that writes, or opens a form that does. */
const WRITES =
  /^(New|Edit|Archive|Record|Change|Cancel subscription|Send|Approve|Decline|Start|Credit(?! notes)|Book|Add|Invite|Upload|Import|Delete|Remove|Save|Confirm|Revoke|Replay|Rotate|Make default)\b/;
const I18N_ERROR = '[kassa i18n]';

/** The paths web/src/router.tsx declares, as patterns ($param segments match any one segment). */
const ROUTES = [
  ...readFileSync(resolve(import.meta.dirname, '../../web/src/router.tsx'), 'utf8').matchAll(
    /path: '([^']+)'/g,
  ),
]
  .map((match) => match[1] as string)
  .filter((path) => path !== '/sign-in');

function routeOf(pathname: string): string | undefined {
  const candidates = ROUTES.filter((route) => {
    const a = route.split('/');
    const b = pathname.replace(/\/$/, '').split('/');
    if (route === '/') return pathname === '/';
    return a.length === b.length && a.every((part, i) => part.startsWith('$') || part === b[i]);
  });
  // /accounts/new before /accounts/$accountId: the one with the fewest parameters.
  return candidates.sort((x, y) => (x.match(/\$/g)?.length ?? 0) - (y.match(/\$/g)?.length ?? 0))[0];
}

let web: WebHarness;
const users: Record<string, { email: string; password: string }> = {};

async function seriousViolations(page: Page, where: string): Promise<string[]> {
  await page.evaluate(axe.source);
  const result = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] })",
  )) as axe.AxeResults;
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where} ${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)}`).join(', ')}`,
    );
}

/** Waits until the page has loaded what it shows: no request running, no placeholder left. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
      ).document.querySelectorAll('.mantine-Skeleton-root, [aria-busy="true"], .mantine-Loader-root')
        .length === 0,
    undefined,
    { timeout: 10_000 },
  );
}

async function closeDialogs(page: Page): Promise<void> {
  for (let i = 0; i < 3 && (await page.getByRole('dialog').count()) > 0; i++) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(250);
  }
}

interface Crawl {
  /** One address per route pattern reached. */
  pages: Map<string, string>;
  /** Serious or critical axe findings, with where they were found. */
  violations: string[];
  /** The forms and dialogs opened, for the record. */
  opened: string[];
}

async function crawlAsOwner(page: Page): Promise<Crawl> {
  const crawl: Crawl = { pages: new Map(), violations: [], opened: [] };
  const queue: string[] = ROUTES.filter((route) => !route.includes('$'));
  const enqueue = (href: string | null) => {
    if (!href) return;
    const url = new URL(href, web.baseUrl);
    if (url.origin !== web.baseUrl || url.pathname.startsWith('/api/')) return;
    const route = routeOf(url.pathname);
    if (
      route &&
      !crawl.pages.has(route) &&
      !queue.some((q) => routeOf(new URL(q, web.baseUrl).pathname) === route)
    )
      queue.push(url.pathname + url.search);
  };
  const main = page.getByRole('main');

  /** Links, the first row of each list, and the buttons that open forms, on what is shown now. */
  const explore = async (where: string) => {
    for (const link of await main.locator('a[href^="/"]').all()) enqueue(await link.getAttribute('href'));
    const here = page.url();
    for (let table = 0; table < (await main.locator('table').count()); table++) {
      const row = main.locator('table').nth(table).locator('tbody tr[style*="cursor: pointer"]').first();
      if ((await row.count()) === 0 || !(await row.isVisible())) continue;
      await row.click();
      await page.waitForTimeout(300);
      if (page.url() !== here) {
        enqueue(page.url());
        await page.goto(here);
        await settle(page);
      } else if ((await page.getByRole('dialog').count()) > 0) {
        await settle(page);
        crawl.opened.push(`${where} row`);
        crawl.violations.push(...(await seriousViolations(page, `${where} (row opened)`)));
        await closeDialogs(page);
      }
    }
    const names = new Set<string>();
    for (const button of await main.getByRole('button').all())
      if (await button.isVisible()) {
        const name = (await button.getAttribute('aria-label')) ?? (await button.innerText()).trim();
        if (OPENS_A_FORM.test(name)) names.add(name);
      }
    for (const name of names) {
      const button = main.getByRole('button', { name, exact: true }).first();
      if (!(await button.isVisible()) || !(await button.isEnabled())) continue;
      await button.click();
      await page.waitForTimeout(300);
      if (page.url() !== here) {
        enqueue(page.url());
        await page.goto(here);
        await settle(page);
        continue;
      }
      await settle(page);
      crawl.opened.push(`${where} "${name}"`);
      crawl.violations.push(...(await seriousViolations(page, `${where} "${name}"`)));
      await closeDialogs(page);
    }
  };

  while (queue.length > 0) {
    const address = queue.shift() as string;
    const route = routeOf(new URL(address, web.baseUrl).pathname) as string;
    if (crawl.pages.has(route)) continue;
    crawl.pages.set(route, address);
    await page.goto(address);
    await settle(page);
    crawl.violations.push(...(await seriousViolations(page, address)));
    await explore(address);
    // Tabs show other parts of the page: each is looked at too.
    const tabs = main.getByRole('tab');
    for (let i = 0; i < (await tabs.count()); i++) {
      const tab = tabs.nth(i);
      if ((await tab.getAttribute('aria-selected')) === 'true') continue;
      const name = (await tab.innerText()).trim();
      await tab.click();
      await settle(page);
      crawl.violations.push(...(await seriousViolations(page, `${address} tab "${name}"`)));
      await explore(`${address} tab "${name}"`);
    }
  }
  return crawl;
}

let crawl: Crawl;
let ownerContext: BrowserContext;

beforeAll(async () => {
  web = await startWeb({ now: '2025-01-01T08:00:00Z' });
  users.en = await addUser(web.t, web.t.org, { email: 'owner@pages.example', role: 'owner' });
  users.viewer = await addUser(web.t, web.t.org, { email: 'viewer@pages.example', role: 'viewer' });
  for (const language of ['da', 'sv', 'de'] as const)
    users[language] = await addUser(web.t, web.t.org, {
      email: `${language}@pages.example`,
      role: 'member',
      language,
    });
  // Something on every list: two accounts with subscriptions, an invoice paid in part, a draft.
  const post = async (url: string, payload: object = {}) => {
    const res = await web.t.app.inject({
      method: 'POST',
      url,
      headers: authHeaders(web.t.org.tokens.full),
      payload,
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  await post('/api/v1/plans/', { code: 'GYM', name: 'Gym' });
  await post('/api/v1/plan-terms/', {
    plan: 'GYM',
    code: 'GYM-M',
    name: 'Monthly',
    price: '399',
    interval: 'month',
  });
  for (const code of ['ANNA', 'BO']) {
    await post('/api/v1/accounts/', { code, name: `${code} Larsen`, email: `${code}@pages.example` });
    await post('/api/v1/subscriptions/', { account: code, terms: 'GYM-M', start_date: '2025-01-01' });
  }
  await billOn(web.t, '2025-01-01');
  const drafts = await web.t.app.inject({
    url: '/api/v1/invoice-drafts/?account=ANNA',
    headers: authHeaders(web.t.org.tokens.read),
  });
  const invoice = await post(`/api/v1/invoice-drafts/${drafts.json().results[0].uuid}/send/`);
  await post('/api/v1/payments', { amount: '100.00', currency: invoice.currency, invoice: invoice.uuid });

  ownerContext = await web.newContext();
  const page = await ownerContext.newPage();
  await signInAs(page, users.en.email, PASSWORD);
  crawl = await crawlAsOwner(page);
}, 300_000);
afterAll(async () => web?.close());

describe('every page of the app', () => {
  it('is reached: every route without parameters and a detail page of every list', () => {
    for (const route of ROUTES.filter((r) => !r.includes('$')))
      expect(crawl.pages.has(route), route).toBe(true);
    for (const route of ['/accounts/$accountId', '/subscriptions/$subscriptionId', '/invoices/$invoiceId'])
      expect(crawl.pages.has(route), route).toBe(true);
    expect(crawl.opened.length).toBeGreaterThan(3);
  });

  it('has no serious or critical accessibility violation, forms and dialogs opened too', () => {
    expect(crawl.violations).toEqual([]);
  });

  it.each(LANGUAGES)(
    'renders in %s with no text missing',
    async (language) => {
      const page = await (await web.newContext()).newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && message.text().startsWith(I18N_ERROR)) errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await signInAs(page, users[language]?.email as string, PASSWORD);
      const ids = Object.keys(en);
      for (const [route, address] of crawl.pages) {
        await page.goto(address);
        await settle(page);
        expect(await page.evaluate('document.documentElement.lang'), route).toBe(language);
        const text = (await page.evaluate('document.body.innerText')) as string;
        const shown = ids.filter((id) => text.includes(id));
        expect(shown, `${route}: message ids shown instead of texts`).toEqual([]);
        if (route === '/accounts') await screenshot(page, `every-page-accounts-${language}`);
      }
      expect(errors).toEqual([]);
    },
    240_000,
  );

  it('offers a viewer no write control on any page', async () => {
    const page = await (await web.newContext()).newPage();
    await signInAs(page, users.viewer?.email as string, PASSWORD);
    for (const [route, address] of crawl.pages) {
      await page.goto(address);
      await settle(page);
      const offered: string[] = [];
      for (const control of await page.getByRole('main').locator('button, a').all())
        if (await control.isVisible()) {
          const name = (await control.getAttribute('aria-label')) ?? (await control.innerText()).trim();
          if (WRITES.test(name)) offered.push(name);
        }
      expect(offered, route).toEqual([]);
    }
  }, 240_000);

  it('answers the not-found page for an unknown object by its address', async () => {
    const page = await ownerContext.newPage();
    const unknown = '0190a000-0000-7000-8000-000000000000';
    for (const [route, address] of crawl.pages) {
      if (!route.includes('$')) continue;
      const pattern = route.split('/');
      const path = new URL(address, web.baseUrl).pathname
        .split('/')
        .map((part, i) => (pattern[i]?.startsWith('$') ? unknown : part))
        .join('/');
      await page.goto(path);
      await expect
        .poll(() => page.getByTestId('not-found').isVisible(), { message: route, timeout: 15_000 })
        .toBe(true);
    }
  }, 240_000);
});
