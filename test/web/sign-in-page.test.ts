import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startWeb, type WebHarness } from './harness.ts';

let web: WebHarness;
beforeAll(async () => {
  web = await startWeb();
});
afterAll(async () => web?.close());

describe('the sign-in page', () => {
  it('is where a deep link leads without a session, remembering where it was going', async () => {
    const page = await (await web.newContext()).newPage();
    await page.goto('/accounts?q=nord');
    await page.waitForURL(/\/sign-in/);
    const url = new URL(page.url());
    expect(url.searchParams.get('redirect')).toBe('/accounts?q=nord');
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await page.getByLabel('E-mail').isVisible()).toBe(true);
    expect(await page.getByLabel(/^Password/).isVisible()).toBe(true);
    await screenshot(page, 'sign-in');
  });

  it('speaks Danish, Swedish and German when chosen, and remembers the choice', async () => {
    const context = await web.newContext();
    const page = await context.newPage();
    await page.goto('/sign-in');
    const expected = { Dansk: ['Log ind', 'da'], Svenska: ['Logga in', 'sv'], Deutsch: ['Anmelden', 'de'] };
    for (const [name, [heading, lang]] of Object.entries(expected)) {
      await page.getByRole('button', { name: /(Language|Sprog|Språk|Sprache)$/ }).click();
      await page.getByRole('menuitem', { name }).click();
      await expect
        .poll(() => page.getByRole('heading', { name: heading, exact: true }).isVisible())
        .toBe(true);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    }
    await page.reload();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Anmelden', exact: true }).isVisible())
      .toBe(true);
  });

  it("starts in the browser's language when none was chosen", async () => {
    const page = await (await web.newContext({ locale: 'sv-SE' })).newPage();
    await page.goto('/sign-in');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Logga in', exact: true }).isVisible())
      .toBe(true);
  });

  it('fits a phone screen', async () => {
    const page = await (await web.newContext({ phone: true })).newPage();
    await page.goto('/sign-in');
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'sign-in-phone');
  });
});
