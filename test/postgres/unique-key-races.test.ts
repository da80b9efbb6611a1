import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Issue 12, defect 4: requests racing on one unique key (an import's externalSystemId, a usage
 * record's event_id) on several connections. The winner's result is answered to every one of them
 * as the replay it is; none answers 500, and the key is used once.
 */
let t: TestApp;
let sub: string;
const send = (method: 'POST' | 'GET', url: string, payload?: object, token?: string) =>
  t.app.inject({
    method,
    url,
    headers: authHeaders(token ?? t.org.tokens.full),
    ...(payload ? { payload } : {}),
  });

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-15T08:00:00Z' });
  await send('POST', '/api/v1/accounts/', { code: 'R', name: 'Reader', email: 'r@example.com' });
  await send('POST', '/api/v1/plans/', { code: 'P', name: 'Plan' });
  const external = await send('POST', '/api/v1/plan-terms/', {
    plan: 'P',
    code: 'EXT',
    price: '100',
    interval: 'month',
    externally_managed: true,
  });
  expect(external.statusCode, external.body).toBe(201);
  await send('POST', '/api/v1/plan-terms/', { plan: 'P', code: 'M', price: '0', interval: 'month' });
  await send('POST', '/api/v1/components/', {
    code: 'CALLS',
    name: 'API calls',
    kind: 'metered',
    price_model: { model: 'per_unit', unit_price: '0.01' },
  });
  sub = (
    await send('POST', '/api/v1/subscriptions/', { account: 'R', terms: 'M', start_date: '2025-01-01' })
  ).json().uuid;
  await send('POST', `/api/v1/subscriptions/${sub}/components/`, { component: 'CALLS' });
});
afterAll(async () => t.close());

describe('unique-key races on PostgreSQL', () => {
  it('20 parallel imports of one externalSystemId: one created, 19 unchanged replays of it, no 500', async () => {
    const order = {
      externalSystemId: 'RACE-1',
      planTerms: 'EXT',
      invoiceCustomerId: 'R',
      quantity: 2,
      startDate: '2025-01-15',
      paymentMethod: 'invoice',
    };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => send('POST', '/api/v1/imports/orders/', order, t.org.tokens.import)),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(
      statuses.filter((s) => s === 201),
      answers.map((a) => a.body).join('\n'),
    ).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    const subscriptions = new Set(answers.map((a) => a.json().subscription));
    expect(subscriptions.size).toBe(1);
    for (const a of answers.filter((x) => x.statusCode === 200))
      expect(a.json()).toMatchObject({ outcome: 'unchanged', changes: [] });
    const rows = await sql<{ n: number }>`
      select count(*)::int as n from subscriptions where organization_id = ${t.org.id}
        and id in (select subscription_id from imported_orders where organization_id = ${t.org.id})`.execute(
      t.handle.db,
    );
    expect(rows.rows[0]?.n).toBe(1);
  });

  it('20 parallel usage records with one event_id: one created, 19 answered the same record, no 500', async () => {
    const record = {
      metric: 'CALLS',
      quantity: '3',
      timestamp: '2025-01-15T07:00:00Z',
      event_id: 'race-evt-1',
    };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => send('POST', `/api/v1/subscriptions/${sub}/usage/`, record)),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(
      statuses.filter((s) => s === 201),
      answers.map((a) => a.body).join('\n'),
    ).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    expect(new Set(answers.map((a) => a.json().uuid)).size).toBe(1);
    const rows = await sql<{ n: number }>`
      select count(*)::int as n from usage_records
      where organization_id = ${t.org.id} and event_id = 'race-evt-1'`.execute(t.handle.db);
    expect(rows.rows[0]?.n).toBe(1);
  });
});
