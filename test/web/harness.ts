import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/test-app.ts';

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
  close(): Promise<void>;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export async function startWeb(options: { now?: string } = {}): Promise<WebHarness> {
  const t = await createTestApp(options.now ? { now: options.now } : {});
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
      contexts.push(context);
      return context;
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
