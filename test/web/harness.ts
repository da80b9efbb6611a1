import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  commandLineActor,
  type Integrations,
  type OrganizationRef,
  type WebhookSettings,
} from '../../src/context.ts';
import type { Language, Role } from '../../src/db/tables-people.ts';
import { createUser } from '../../src/users/create-user.ts';
import { PASSWORD } from '../support/sessions.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { launchChromium } from './chromium.ts';

/**
 * Browser tests: the real server (the test database, embedded or PostgreSQL, and a ManualClock that
 * the test moves) listening on a free port, driven by Debian's Chromium through playwright-core. No
 * browser is ever downloaded.
 */
export interface WebHarness {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser profile (no cookies) at a desktop width, or a phone's 390 px. */
  newContext(options?: { phone?: boolean; locale?: string }): Promise<BrowserContext>;
  /**
   * Moves the server's clock to the instant. Browsers opened before keep their clock (a jump of their
   * fake timers would replay every timer in between): open a new context to see the new day.
   */
  travel(instant: string): void;
  close(): Promise<void>;
}

export async function startWeb(
  options: { now?: string; integrations?: Integrations; webhooks?: WebhookSettings } = {},
): Promise<WebHarness> {
  const t = await createTestApp(options);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    t,
    baseUrl,
    browser,
    async newContext({ phone = false, locale = 'en-GB' } = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale,
        viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
        ...(phone ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
      });
      context.setDefaultTimeout(15_000);
      // The page's "today" is the server's: the browser's clock starts at the injected clock and runs on.
      await context.clock.install({ time: t.clock.now() });
      contexts.push(context);
      return context;
    },
    travel(instant) {
      t.clock.set(instant);
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await t.close();
    },
  };
}

/**
 * Where screenshots go: docs/guides/img when KASSA_SCREENSHOTS=docs (to refresh the guide's
 * pictures), else a temporary folder, so an ordinary test run changes no tracked file.
 */
export const SCREENSHOT_DIR =
  process.env.KASSA_SCREENSHOTS === 'docs'
    ? resolve(import.meta.dirname, '../../docs/guides/img')
    : join(tmpdir(), 'kassa-web-screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Signs in through the sign-in page, as a person does, and waits for the overview. */
export async function signInAs(page: Page, email: string, password: string): Promise<void> {
  // Already sent to the sign-in page (an expired session): stay, so that it goes back where it was.
  if (!page.url().includes('/sign-in')) await page.goto('/sign-in');
  await page.getByLabel(/^(E-mail|E-post|E-Mail)/).fill(email);
  await page.getByLabel(/^(Password|Adgangskode|Lösenord|Passwort)/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|Log ind|Logga in|Anmelden)$/ }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  await page.getByRole('navigation').waitFor();
}

/** A person of the organization with the test password, reading the app in `language`. */
export async function addUser(
  t: TestApp,
  organization: OrganizationRef,
  options: { email: string; role: Role; language?: Language; name?: string },
): Promise<{ email: string; password: string }> {
  const made = await createUser(
    { ...t.services, actor: commandLineActor(organization) },
    {
      email: options.email,
      role: options.role,
      password: PASSWORD,
      language: options.language ?? 'en',
      name: options.name,
    },
  );
  if (!made.ok) throw new Error(made.failure.detail);
  return { email: options.email, password: PASSWORD };
}

/** Picks an option of a select (a Mantine combobox) by its label, as a person clicks it. */
export async function choose(
  scope: Page | Locator,
  label: RegExp | string,
  option: RegExp | string,
): Promise<void> {
  await scope.getByLabel(label).first().click();
  const page = 'page' in scope ? scope.page() : scope;
  await page.getByRole('option', { name: option }).first().click();
}

/** What axe-core finds serious or critical on the page as it is now: "rule: where", one a violation. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // The page as it stays: no dialog or notification half faded in or out (a loaded machine slows
  // transitions down, and a fading button fails the contrast rule). Endless animations (a loader) don't count.
  await page
    .waitForFunction(
      'document.getAnimations().every((a) => a.effect?.getTiming().iterations === Infinity)',
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => {});
  await page.evaluate(axe.source);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: typeof axe }).axe.run({ exclude: [] } as never, {
      resultTypes: ['violations'],
    }),
  )) as axe.AxeResults;
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
