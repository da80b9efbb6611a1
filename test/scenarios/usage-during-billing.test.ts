import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBilling } from '../../src/billing/run-billing.ts';
import { monthlyPlan } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * On-time usage is billed by its subscription's watermark, not record by record. Usage written while
 * a run bills must still be billed once: on its period's line if the run saw it, else marked late and
 * billed by the next run. Never lost, never twice.
 */
let t: TestApp;
const DAY = '2025-02-01';
const SUBSCRIPTIONS = 12;
const post = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: authHeaders(t.org.tokens.full), payload });
const subs: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await monthlyPlan(t, '10');
  await post('/api/v1/components/', {
    code: 'CALLS',
    name: 'Calls',
    kind: 'metered',
    price_model: { model: 'per_unit', unit_price: '1' },
  });
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    await post('/api/v1/accounts/', { code: `A${i}`, name: `A${i}`, email: `a${i}@example.com` });
    const sub = (
      await post('/api/v1/subscriptions/', { account: `A${i}`, terms: 'M', start_date: '2025-01-01' })
    ).json().uuid as string;
    expect((await post(`/api/v1/subscriptions/${sub}/components/`, { component: 'CALLS' })).statusCode).toBe(
      201,
    );
    subs.push(sub);
  }
  t.clock.set(`${DAY}T08:00:00Z`);
});
afterAll(async () => t.close());

/** The usage quantity on draft lines, on time and late. */
async function billedQuantity() {
  const row = await sql<{ quantity: string | null }>`
    select sum(quantity)::text as quantity from invoice_draft_lines
    where organization_id = ${t.org.id} and source = 'usage'`.execute(t.handle.db);
  return Number(row.rows[0]?.quantity ?? 0);
}

describe('usage written while a run bills', () => {
  it('is billed exactly once, on its period or as late usage on the next run', async () => {
    let posted = 0;
    const writer = (async () => {
      for (let round = 0; round < 20; round++) {
        const records = subs.map((subscription, i) => ({
          subscription,
          metric: 'CALLS',
          quantity: 1 + ((round + i) % 3),
          timestamp: `2025-01-${String(10 + (round % 20)).padStart(2, '0')}T12:00:00Z`,
          event_id: `r${round}-s${i}`,
        }));
        const res = await post('/api/v1/usage/batch/', { records });
        expect(res.statusCode, res.body).toBe(200);
        posted += records.reduce((sum, r) => sum + r.quantity, 0);
      }
    })();
    const runs = (async () => {
      for (let i = 0; i < 4; i++) await runBilling(t.services, t.org, DAY, { batchSize: 3 });
    })();
    await Promise.all([writer, runs]);
    // Whatever the runs did not see is late now; one more run bills it.
    await runBilling(t.services, t.org, DAY, { batchSize: 5 });
    expect(await billedQuantity()).toBe(posted);
    for (const sub of subs) {
      const open = await t.app.inject({
        url: `/api/v1/subscriptions/${sub}/usage/?billed=false`,
        headers: authHeaders(t.org.tokens.read),
      });
      expect(open.json().results).toEqual([]);
    }
    expect((await runBilling(t.services, t.org, DAY)).lines).toBe(0);
  });
});
