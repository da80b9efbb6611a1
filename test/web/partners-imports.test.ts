import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/sessions.ts';
import { authHeaders } from '../support/test-app.ts';
import { addUser, screenshot, seriousViolations, signInAs, startWeb, type WebHarness } from './harness.ts';

let web: WebHarness;
const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  web.t.app.inject({
    method,
    url,
    headers: authHeaders(web.t.org.tokens.full),
    ...(payload ? { payload } : {}),
  });

beforeAll(async () => {
  web = await startWeb({ now: '2025-01-01T08:00:00Z' });
  await addUser(web.t, web.t.org, { email: 'member@pi.example', role: 'member' });
  await addUser(web.t, web.t.org, { email: 'viewer@pi.example', role: 'viewer' });
  await call('POST', '/api/v1/plans/', { code: 'NEWS', name: 'Newspaper' });
  const paper = await call('POST', '/api/v1/plan-terms/', {
    plan: 'NEWS',
    code: 'PAPER',
    price: '100',
    interval: 'month',
    externally_managed: true,
  });
  expect(paper.statusCode, paper.body).toBe(201);
  await call('POST', '/api/v1/plan-terms/', { plan: 'NEWS', code: 'WEB', price: '50', interval: 'month' });
  await call('POST', '/api/v1/accounts/', { code: 'READER1', name: 'Reader', email: 'r@pi.example' });
});
afterAll(async () => web?.close());

describe('imports and partners in the browser', () => {
  it('a member uploads a CSV, reads the refused row, and finds it in the import log', async () => {
    const file = join(tmpdir(), 'kassa-orders.csv');
    writeFileSync(
      file,
      [
        'externalSystemId;planTerms;invoiceCustomerId;quantity;startDate;paymentMethod',
        'WEB-1;PAPER;READER1;1;2025-01-01;invoice',
        'WEB-2;PAPER;NOBODY;1;2025-01-01;invoice',
      ].join('\n'),
    );
    const page = await (await web.newContext()).newPage();
    await signInAs(page, 'member@pi.example', PASSWORD);
    await page.getByRole('navigation').getByRole('link', { name: 'Imports' }).click();
    await page.getByRole('heading', { name: 'Imports' }).waitFor();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const report = page.getByTestId('import-report');
    await report.getByText('1 created').waitFor();
    await report.getByText('1 refused').waitFor();
    await report.getByRole('cell', { name: 'WEB-2' }).waitFor();
    const log = await web.t.app.inject({
      url: '/api/v1/imports/log/?source=file&externalSystemId=WEB-1',
      headers: authHeaders(web.t.org.tokens.import),
    });
    expect(log.json().results[0].outcome).toBe('created');
    await page.getByRole('cell', { name: 'WEB-2' }).last().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'imports-report');
  });

  it('a member lets a partner sell a product; a viewer sees it but no write buttons', async () => {
    const page = await (await web.newContext()).newPage();
    await signInAs(page, 'member@pi.example', PASSWORD);
    await page.getByRole('navigation').getByRole('link', { name: 'Partners' }).click();
    await page.getByRole('button', { name: 'New partner' }).click();
    const dialog = page.getByRole('dialog', { name: 'New partner' });
    await dialog.getByLabel('Partner').fill('flexpay');
    await dialog.getByLabel('Products').click();
    await page.getByRole('option', { name: /WEB/ }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('partner-flexpay').waitFor();
    const settings = await call('GET', '/api/v1/partner-settings/');
    expect(settings.json().results).toMatchObject([{ origin: 'flexpay', business_units: null }]);
    expect(settings.json().results[0].products).toHaveLength(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'partners');

    const viewer = await (await web.newContext({ phone: true })).newPage();
    await signInAs(viewer, 'viewer@pi.example', PASSWORD);
    await viewer.goto('/partners');
    await viewer.getByTestId('partner-flexpay').waitFor();
    expect(await viewer.getByRole('button', { name: 'New partner' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Remove partner' }).count()).toBe(0);
    expect(await viewer.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await viewer.goto('/imports');
    await viewer.getByText('Imports are for owners and members').waitFor();
  });
});
