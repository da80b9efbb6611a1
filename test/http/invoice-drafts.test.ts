import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, draftsOf, expectNothingLeftToBill } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const send = (method: 'POST' | 'DELETE' | 'GET', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(t.org.tokens.full), ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await send('POST', '/api/v1/accounts/', { code: 'ED', name: 'Editable', email: 'e@example.com' });
  await send('POST', '/api/v1/plans/', { code: 'P', name: 'Plan' });
  await send('POST', '/api/v1/plan-terms/', {
    plan: 'P',
    code: 'M',
    name: 'Monthly',
    price: '200',
    interval: 'month',
  });
  await send('POST', '/api/v1/tax-categories/', { code: 'ZERO', name: 'Exempt', rates: { DK: '0' } });
  await send('POST', '/api/v1/subscriptions/', { account: 'ED', terms: 'M', start_date: '2025-01-01' });
  await billOn(t, '2025-01-01');
});
afterAll(async () => t.close());

describe('invoice drafts', () => {
  it('shows lines, VAT per rate and totals; lists by account', async () => {
    const [draft] = await draftsOf(t, 'ED');
    expect(draft).toMatchObject({
      currency: 'DKK',
      total_ex_vat: '200.00',
      total_vat: '50.00',
      total: '250.00',
      vat: [{ rate: '25', base: '200.00', amount: '50.00' }],
    });
    const one = await send('GET', `/api/v1/invoice-drafts/${draft!.uuid}/`);
    expect(one.json().lines).toEqual([
      expect.objectContaining({
        source: 'recurring',
        period_start: '2025-01-01',
        period_end: '2025-02-01',
        amount: '200.00',
      }),
    ]);
  });

  it('takes a manual line at another VAT rate and removes a line, which is then not billed again', async () => {
    const [draft] = await draftsOf(t, 'ED');
    const added = await send('POST', `/api/v1/invoice-drafts/${draft!.uuid}/lines/`, {
      description: 'Setup',
      quantity: '2',
      unit_price: '50',
      tax_category: 'ZERO',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ total_ex_vat: '300.00', total_vat: '50.00', total: '350.00' });
    expect(added.json().vat).toEqual([
      { rate: '25', base: '200.00', amount: '50.00' },
      { rate: '0', base: '100.00', amount: '0.00' },
    ]);
    const recurring = added.json().lines.find((l: { source: string }) => l.source === 'recurring');
    const removed = await send('DELETE', `/api/v1/invoice-drafts/${draft!.uuid}/lines/${recurring.uuid}/`);
    expect(removed.json()).toMatchObject({ total_ex_vat: '100.00', total: '100.00' });
    await expectNothingLeftToBill(t, '2025-01-01');
    const log = await send('GET', `/api/v1/audit-log/?entity_id=${draft!.uuid}`);
    expect(log.json().results.map((e: { action: string }) => e.action)).toEqual([
      'invoice_draft.updated',
      'invoice_draft.updated',
    ]);
  });

  it.each([
    [{ description: '', quantity: '1', unit_price: '1' }, 'description'],
    [{ description: 'x', quantity: '-1', unit_price: '1' }, 'quantity'],
    [{ description: 'x', quantity: '1', unit_price: 'abc' }, 'unit_price'],
    [{ description: 'x', quantity: '1', unit_price: '1', tax_category: 'NOPE' }, 'tax_category'],
    [{ description: 'x', quantity: '1', unit_price: '1', amount: '5' }, 'amount'],
  ])('refuses %j', async (payload, field) => {
    const [draft] = await draftsOf(t, 'ED');
    const res = await send('POST', `/api/v1/invoice-drafts/${draft!.uuid}/lines/`, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('404 for an unknown line or draft', async () => {
    const [draft] = await draftsOf(t, 'ED');
    expect(
      (
        await send(
          'DELETE',
          `/api/v1/invoice-drafts/${draft!.uuid}/lines/00000000-0000-4000-8000-000000000000/`,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await send('GET', '/api/v1/invoice-drafts/00000000-0000-4000-8000-000000000000/')).statusCode,
    ).toBe(404);
  });
});

describe('billing runs API', () => {
  it('runs a date, shows progress and counts, and refuses a date after today', async () => {
    t.clock.set('2025-02-01T08:00:00Z');
    const started = await send('POST', '/api/v1/billing-runs/', { date: '2025-02-01' });
    expect(started.statusCode, started.body).toBe(202);
    let run = started.json();
    for (let i = 0; i < 100 && run.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      run = (await send('GET', `/api/v1/billing-runs/${run.uuid}/`)).json();
    }
    expect(run).toMatchObject({
      status: 'done',
      date: '2025-02-01',
      subscriptions_done: run.subscriptions_total,
      lines_created: 1,
    });
    const future = await send('POST', '/api/v1/billing-runs/', { date: '2025-02-02' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toMatchObject({ field: 'date', code: 'future' });
    const bad = await send('POST', '/api/v1/billing-runs/', { date: 'tomorrow' });
    expect(bad.json().errors[0].field).toBe('date');
  });
});
