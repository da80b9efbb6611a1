import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, expectNothingLeftToBill } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const call = (method: 'POST' | 'GET' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(t.org.tokens.full), ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await createTestApp({ now: '2025-03-01T08:00:00Z' });
  await call('POST', '/api/v1/plans/', { code: 'P', name: 'Plan' });
  await call('POST', '/api/v1/plan-terms/', {
    plan: 'P',
    code: 'M',
    name: 'Monthly',
    price: '80',
    interval: 'month',
  });
  await call('POST', '/api/v1/accounts/', {
    code: 'AUTO',
    name: 'Auto',
    email: 'auto@example.com',
    payment_terms_days: 30,
  });
  await call('POST', '/api/v1/accounts/', {
    code: 'HOLD',
    name: 'Hold',
    email: 'hold@example.com',
    send_drafts: 'review',
  });
  for (const account of ['AUTO', 'HOLD'])
    await call('POST', '/api/v1/subscriptions/', { account, terms: 'M', start_date: '2025-03-01' });
});
afterAll(async () => t.close());

describe('sending rules', () => {
  it('sends drafts automatically after the run where the organization says so, unless the account holds them', async () => {
    const rule = await call('PATCH', '/api/v1/organization/', { send_drafts: 'automatic' });
    expect(rule.json().send_drafts).toBe('automatic');
    await billOn(t, '2025-03-01');
    const invoices = (await call('GET', '/api/v1/invoices/')).json().results;
    expect(invoices).toHaveLength(1);
    // The account's own payment terms win over the organization's 14 days.
    expect(invoices[0]).toMatchObject({ issue_date: '2025-03-01', due_date: '2025-03-31', total: '100.00' });
    const held = (await call('GET', '/api/v1/invoice-drafts/?account=HOLD&status=draft')).json().results;
    expect(held).toHaveLength(1);
    await expectNothingLeftToBill(t, '2025-03-01');
  });

  it('refuses a rule or payment terms it does not know', async () => {
    const bad = await call('PATCH', '/api/v1/accounts/AUTO/', {
      send_drafts: 'sometimes',
      payment_terms_days: 400,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['payment_terms_days', 'send_drafts']);
  });
});
