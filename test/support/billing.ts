import { expect } from 'vitest';
import { runBilling } from '../../src/billing/run-billing.ts';
import type { TestApp, TestOrganization } from './test-app.ts';
import { authHeaders } from './test-app.ts';

/** Travels to a day (09:00 in Copenhagen) and bills it; answers how many lines the run wrote. */
export async function billOn(t: TestApp, day: string, org: TestOrganization = t.org): Promise<number> {
  t.clock.set(`${day}T08:00:00Z`);
  const result = await runBilling(t.services, org, day, { batchSize: 50 });
  return result.lines;
}

/** The scenario's closing check: a further run on the same day finds nothing left to bill. */
export async function expectNothingLeftToBill(t: TestApp, day: string, org: TestOrganization = t.org) {
  expect(await billOn(t, day, org)).toBe(0);
}

export async function draftsOf(t: TestApp, account: string, token = t.org.tokens.read) {
  const res = await t.app.inject({
    url: `/api/v1/invoice-drafts/?account=${account}`,
    headers: authHeaders(token),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().results as {
    uuid: string;
    currency: string;
    total_ex_vat: string;
    total_vat: string;
    total: string;
    vat: { rate: string; base: string; amount: string }[];
    lines: {
      description: string;
      amount: string;
      period_start: string | null;
      period_end: string | null;
      source: string;
      vat_rate: string;
      discount: string;
      late: boolean;
      quantity: string;
    }[];
  }[];
}

/** The scenarios' usual catalog: plan P with monthly terms M ("Monthly") at `price`, in `org`. */
export async function monthlyPlan(t: TestApp, price: string, org: TestOrganization = t.org) {
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: authHeaders(org.tokens.full), payload });
  expect((await post('/api/v1/plans/', { code: 'P', name: 'Plan' })).statusCode).toBe(201);
  const terms = await post('/api/v1/plan-terms/', {
    plan: 'P',
    code: 'M',
    name: 'Monthly',
    price,
    interval: 'month',
  });
  expect(terms.statusCode, terms.body).toBe(201);
}
