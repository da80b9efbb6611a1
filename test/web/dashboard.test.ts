import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, formatNumber } from '../../web/src/format.ts';
import { billOn, monthlyPlan } from '../support/billing.ts';
import { PASSWORD } from '../support/sessions.ts';
import { authHeaders } from '../support/test-app.ts';
import { addUser, choose, screenshot, signInAs, startWeb, type WebHarness } from './harness.ts';

/**
 * The overview and the dashboard read the metrics API: every figure a person sees is checked against
 * what the API answers for the same day. A history of five months in two currencies:
 *   A1  200 DKK × 1 from 2024-11-01                  new in November
 *   A2  200 DKK × 3 from 2024-12-01, ended 2025-03-01 new in December, churn in March
 *   A3  200 DKK × 2 from 2025-02-10                  new in February
 *   A4   50 EUR × 1 from 2025-01-01                  new in January (the other currency)
 * Billed on 1 February and sent; on 20 March the invoices are overdue and A1 has paid.
 */
let web: WebHarness;
// Pages compute their figures on a machine shared with other test suites: give them time.
const POLL = { timeout: 15_000 };
// People are found by e-mail across organizations, and a PostgreSQL test database outlives a run: an
// address of this run's own, so that signing in lands in this run's organization.
const run = Date.now().toString(36);
const ANN = `ann-${run}@metrics.example`;
const DANSK = `dansk-${run}@metrics.example`;
const token = () => web.t.org.tokens.full;
const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
  const res = await web.t.app.inject({
    method,
    url,
    headers: authHeaders(token()),
    ...(payload ? { payload } : {}),
  });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
};

beforeAll(async () => {
  web = await startWeb({ now: '2025-01-01T08:00:00Z' });
  const t = web.t;
  await call('GET', '/api/v1/organization/');
  await monthlyPlan(t, '200');
  await call('POST', '/api/v1/plan-terms/', {
    plan: 'P',
    code: 'ME',
    name: 'Monthly in euro',
    price: '50',
    currency: 'EUR',
    interval: 'month',
  });
  const account = (code: string, name: string) =>
    call('POST', '/api/v1/accounts/', { code, name, email: `${code.toLowerCase()}@example.com` });
  await account('A1', 'Alpha Fitness');
  await account('A2', 'Bravo Bakery');
  await account('A3', 'Cirkus Café');
  await account('A4', 'Delta GmbH');
  await call('POST', '/api/v1/subscriptions/', { account: 'A1', terms: 'M', start_date: '2024-11-01' });
  const a2 = await call('POST', '/api/v1/subscriptions/', {
    account: 'A2',
    terms: 'M',
    quantity: 3,
    start_date: '2024-12-01',
  });
  await call('POST', '/api/v1/subscriptions/', { account: 'A4', terms: 'ME', start_date: '2025-01-01' });
  await billOn(t, '2025-02-01');
  await call('POST', '/api/v1/subscriptions/', {
    account: 'A3',
    terms: 'M',
    quantity: 2,
    start_date: '2025-02-10',
  });
  await call('POST', `/api/v1/subscriptions/${a2.uuid}/end/`, { end_date: '2025-03-01', force: true });
  const drafts = await call('GET', '/api/v1/invoice-drafts/?status=draft&limit=100');
  for (const draft of drafts.results) await call('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`);
  const invoices = await call('GET', '/api/v1/invoices/?account=A1');
  web.travel('2025-03-20T09:00:00Z');
  await call('POST', '/api/v1/payments/', {
    amount: invoices.results[0].total,
    invoice: invoices.results[0].number,
  });
  await addUser(t, t.org, { email: ANN, role: 'owner' });
}, 60_000);
afterAll(async () => web?.close());

async function seriousViolations(page: Page) {
  await page.evaluate(axe.source);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: typeof axe }).axe.run({ exclude: [] } as never, {
      resultTypes: ['violations'],
    }),
  )) as axe.AxeResults;
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html}`).join(', ')}`);
}

const money = (amount: string, currency: string) => formatMoney(amount, currency, 'en');
const text = async (page: Page, figure: string) =>
  (await page.getByTestId(`figure-${figure}`).getByTestId('figure-value').textContent())?.trim();

describe('the overview', () => {
  it('shows MRR, active subscriptions, invoiced and paid this month and what is overdue, as the API answers them', async () => {
    const summary = await call('GET', '/api/v1/metrics/summary/?date=2025-03-20&from=2025-03-01');
    const [dkk, eur] = summary.currencies;
    expect(dkk.currency).toBe('DKK');
    expect(eur.currency).toBe('EUR');
    // 200 + 2 × 200 after A2's churn; the hand-made figures agree with the API
    expect(dkk.mrr).toBe('600.00');
    expect(eur.mrr).toBe('50.00');

    const page = await (await web.newContext()).newPage();
    await signInAs(page, ANN, PASSWORD);
    await expect.poll(async () => text(page, 'mrr'), POLL).toBe(money(dkk.mrr, 'DKK'));
    expect(await page.getByTestId('figure-mrr').getByTestId('figure-value-EUR').textContent()).toBe(
      money(eur.mrr, 'EUR'),
    );
    expect(await text(page, 'active-subscriptions')).toBe(
      formatNumber(dkk.active_subscriptions + eur.active_subscriptions, 'en'),
    );
    expect(await text(page, 'invoiced')).toBe(money(dkk.invoiced, 'DKK'));
    expect(await text(page, 'paid')).toBe(money(dkk.paid, 'DKK'));
    expect(Number(dkk.paid)).toBeGreaterThan(0);
    const r = dkk.receivables;
    const overdue = (
      [r.days_0_30, r.days_31_60, r.days_61_90, r.days_over_90].reduce((s, v) => s + Number(v) * 100, 0) / 100
    ).toFixed(2);
    expect(Number(overdue)).toBeGreaterThan(0);
    expect(await text(page, 'overdue')).toBe(money(overdue, 'DKK'));
    expect(await page.getByTestId('figure-owed').textContent()).toContain(money(r.total, 'DKK'));
    await expect.poll(async () => text(page, 'accounts'), POLL).toBe('4');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'metrics-overview');

    // Each figure leads to what is behind it: MRR to the dashboard.
    await page.getByTestId('figure-mrr').getByRole('link').click();
    await page.waitForURL(/\/dashboard$/);
  });
});

describe('the dashboard', () => {
  it('charts the MRR series with its movements and lists the accounts behind them, as the API answers them', async () => {
    const series = await call('GET', '/api/v1/metrics/mrr/?from=2024-04-01&to=2025-03-20&interval=month');
    const summary = await call('GET', '/api/v1/metrics/summary/?date=2025-03-20');
    const page = await (await web.newContext()).newPage();
    await signInAs(page, ANN, PASSWORD);
    await page.goto('/dashboard');
    await page.getByTestId('step-2025-03').waitFor();
    for (const step of series.results as {
      start: string;
      mrr: string;
      movements: Record<string, string>;
    }[]) {
      const row = page.getByTestId(`step-${step.start.slice(0, 7)}`);
      await expect
        .poll(async () => row.getByTestId('step-mrr').textContent(), POLL)
        .toBe(money(step.mrr, 'DKK'));
      for (const type of ['new', 'expansion', 'contraction', 'churn', 'reactivation'])
        expect(await row.getByTestId(`step-${type}`).textContent()).toBe(money(step.movements[type]!, 'DKK'));
    }
    // by hand: new 200 in November, 600 in December, 400 in February; churn of 600 in March
    const march = page.getByTestId('step-2025-03');
    expect(await march.getByTestId('step-churn').textContent()).toBe(money('-600.00', 'DKK'));
    expect(await page.getByTestId('step-2025-02').getByTestId('step-new').textContent()).toBe(
      money('400.00', 'DKK'),
    );
    const dkk = summary.currencies[0];
    const stat = (id: string) => page.getByTestId(`stat-${id}`).getByTestId('stat-value').textContent();
    expect(await stat('mrr')).toBe(money(dkk.mrr, 'DKK'));
    expect(await stat('arr')).toBe(money(dkk.arr, 'DKK'));
    expect(await stat('paying-accounts')).toBe(String(dkk.paying_accounts));
    expect(await stat('logo-churn')).toBe(`${formatNumber(dkk.logo_churn_rate, 'en')} %`);
    await page.getByTestId('chart-mrr').locator('svg').first().waitFor();
    await page.getByTestId('chart-movements').locator('svg').first().waitFor();
    // The accounts behind the movements and the receivables, each a link to its page.
    const movements = page.getByTestId('movements-table');
    await movements.getByRole('link', { name: 'Bravo Bakery' }).first().waitFor();
    // Bravo Bakery moved twice: new in December, churned in March (the latest first).
    expect(await movements.getByRole('row').filter({ hasText: 'Bravo Bakery' }).allTextContents()).toEqual([
      expect.stringContaining('Churn'),
      expect.stringContaining('New'),
    ]);
    await page.getByTestId('receivables-accounts').getByRole('link', { name: 'Bravo Bakery' }).waitFor();
    expect(await page.getByTestId('currency-EUR').textContent()).toContain(money('50.00', 'EUR'));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'metrics-dashboard');

    // The other currency's charts.
    await choose(page, 'Currency', 'EUR');
    await expect
      .poll(() => page.getByTestId('step-2025-01').getByTestId('step-new').textContent())
      .toBe(money('50.00', 'EUR'));

    await page.getByTestId('receivables-accounts').getByRole('link').first().click();
    await page.waitForURL(/\/accounts\//);
  });

  it("fits a phone's width, in Danish", async () => {
    await addUser(web.t, web.t.org, { email: DANSK, role: 'viewer', language: 'da' });
    const page = await (await web.newContext({ phone: true })).newPage();
    await signInAs(page, DANSK, PASSWORD);
    await page.getByRole('heading', { name: 'Overblik' }).waitFor();
    await expect.poll(async () => text(page, 'mrr'), POLL).toBe(formatMoney('600.00', 'DKK', 'da'));
    await screenshot(page, 'metrics-overview-phone');
    await page.goto('/dashboard');
    await page.getByTestId('chart-mrr').locator('svg').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'metrics-dashboard-phone');
  });
});

describe('with exchange rates', () => {
  it('shows every currency in the organization’s, as the API converts them', async () => {
    // EUR at 7.46 from 1 January, 7.50 from 1 March: 600.00 + 50 × 7.50 = 975.00 kr. on 20 March
    await call('PUT', '/api/v1/exchange-rates/EUR/2025-01-01/', { rate: '7.46' });
    await call('PUT', '/api/v1/exchange-rates/EUR/2025-03-01/', { rate: '7.50' });
    const summary = await call('GET', '/api/v1/metrics/summary/?date=2025-03-20&period=month_to_date');
    expect(summary.converted.mrr).toBe('975.00');
    const page = await (await web.newContext()).newPage();
    await signInAs(page, ANN, PASSWORD);
    await expect.poll(async () => text(page, 'mrr'), POLL).toBe(money('975.00', 'DKK'));
    expect(await page.getByTestId('figure-mrr').getByTestId('figure-converted').textContent()).toBe(
      'All currencies in DKK',
    );
    expect(await page.getByTestId('figure-mrr').getByTestId('figure-value-EUR').textContent()).toBe(
      money('50.00', 'EUR'),
    );
    expect(await page.getByTestId('figure-owed').textContent()).toContain(
      money(summary.converted.receivables.total, 'DKK'),
    );
    await screenshot(page, 'metrics-overview-converted');

    const series = await call(
      'GET',
      '/api/v1/metrics/mrr/?from=2024-04-01&to=2025-03-20&interval=month&convert=true',
    );
    await page.goto('/dashboard');
    await page.getByTestId('stat-mrr').waitFor();
    await choose(page, 'Currency', 'All currencies in DKK');
    for (const step of series.results as { start: string; mrr: string; currency_effect: string }[]) {
      const row = page.getByTestId(`step-${step.start.slice(0, 7)}`);
      await expect
        .poll(async () => row.getByTestId('step-mrr').textContent(), POLL)
        .toBe(money(step.mrr, 'DKK'));
      expect(await row.getByTestId('step-currency-effect').textContent()).toBe(
        money(step.currency_effect, 'DKK'),
      );
    }
    // March: the rate went from 7.46 to 7.50, 50 € × 0.04 = 2.00 kr. of exchange rate effect
    expect(await page.getByTestId('step-2025-03').getByTestId('step-currency-effect').textContent()).toBe(
      money('2.00', 'DKK'),
    );
    expect(await page.getByTestId('stat-mrr').getByTestId('stat-value').textContent()).toBe(
      money('975.00', 'DKK'),
    );
    // Paying accounts, ARPA and DSO across the currencies, as the API converts them.
    const shown = await call('GET', '/api/v1/metrics/summary/');
    expect(await page.getByTestId('stat-paying-accounts').getByTestId('stat-value').textContent()).toBe(
      String(shown.converted.paying_accounts),
    );
    expect(await page.getByTestId('stat-arpa').getByTestId('stat-value').textContent()).toBe(
      money(shown.converted.arpa, 'DKK'),
    );
    expect(shown.converted.paying_accounts).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'metrics-dashboard-converted');
  });
});
