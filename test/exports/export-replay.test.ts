import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_BATCH, exportLines, planExport } from '../../src/exports/export-stream.ts';
import { billOn, monthlyPlan } from '../support/billing.ts';
import { createWarehouse, type ReplayResource, type Warehouse } from '../support/export-replay.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let warehouse: Warehouse;
const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(t.org.tokens.full), ...(payload ? { payload } : {}) });
const RESOURCES: ReplayResource[] = [
  'accounts',
  'subscriptions',
  'invoices',
  'credit-notes',
  'payments',
  'usage',
];
const cursors: Partial<Record<ReplayResource, string>> = {};

async function exportOf(resource: string, since?: string, format = 'ndjson') {
  const query = new URLSearchParams({ format, ...(since ? { updated_since: since } : {}) });
  const res = await t.app.inject({
    url: `/api/v1/exports/${resource}/?${query}`,
    headers: authHeaders(t.org.tokens.read),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

/** Every resource exported from its last cursor and applied to the warehouse; answers the rows per resource. */
async function sync() {
  const rows: Record<string, number> = {};
  for (const resource of RESOURCES) {
    const res = await exportOf(resource, cursors[resource]);
    const applied = await warehouse.apply(resource, res.body, t.org.id);
    expect(res.headers['kassa-export-cursor']).toBe(applied.cursor);
    cursors[resource] = applied.cursor;
    rows[resource] = applied.rows;
  }
  return rows;
}
const noDifferences = {
  accounts: 0,
  subscriptions: 0,
  subscription_phases: 0,
  subscription_components: 0,
  invoices: 0,
  invoice_lines: 0,
  payments: 0,
  payment_allocations: 0,
  usage_records: 0,
};

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  warehouse = await createWarehouse(t.handle.db);
  await call('PATCH', '/api/v1/organization/', {
    legal_address: 'Vestergade 1',
    vat_number: 'DK12345674',
    email: 'f@n.test',
  });
  await monthlyPlan(t, '200');
  await call('POST', '/api/v1/components/', {
    code: 'CALLS',
    name: 'Calls',
    kind: 'metered',
    price_model: { model: 'per_unit', unit_price: '1' },
    aggregation: 'count',
  });
});
afterAll(async () => {
  await warehouse.drop();
  await t.close();
});

describe('export for BI', () => {
  it('keeps a warehouse equal to kassa through creates, updates, archivals and deletions, missing and repeating nothing', async () => {
    for (const code of ['X1', 'X2', 'X3'])
      expect(
        (
          await call('POST', '/api/v1/accounts/', {
            code,
            name: code,
            email: `${code}@example.com`,
            legal_address: 'Gade 1',
            legal_zipcode: '8000',
            legal_city: 'Aarhus',
          })
        ).statusCode,
      ).toBe(201);
    const sub = (await call('POST', '/api/v1/subscriptions/', { account: 'X1', terms: 'M' })).json().uuid;
    expect(
      (await call('POST', `/api/v1/subscriptions/${sub}/components/`, { component: 'CALLS' })).statusCode,
    ).toBe(201);
    const usage = [];
    for (const n of [1, 2, 3])
      usage.push(
        (
          await call('POST', `/api/v1/subscriptions/${sub}/usage/`, {
            metric: 'CALLS',
            quantity: 1,
            timestamp: `2025-01-0${n}T09:00:00Z`,
          })
        ).json().uuid,
      );

    expect(await sync()).toEqual({
      accounts: 3,
      subscriptions: 1,
      invoices: 0,
      'credit-notes': 0,
      payments: 0,
      usage: 3,
    });
    expect(await warehouse.differences(t.org.id)).toEqual(noDifferences);
    // Nothing changed: nothing again.
    expect(await sync()).toEqual({
      accounts: 0,
      subscriptions: 0,
      invoices: 0,
      'credit-notes': 0,
      payments: 0,
      usage: 0,
    });

    // Updates, an archival, a deletion, a phase change, an invoice, a credit note and a payment.
    expect((await call('PATCH', '/api/v1/accounts/X2/', { name: 'Renamed' })).statusCode).toBe(200);
    expect((await call('DELETE', '/api/v1/accounts/X3/')).statusCode).toBe(204);
    expect((await call('DELETE', `/api/v1/subscriptions/${sub}/usage/${usage[1]}/`)).statusCode).toBe(204);
    await billOn(t, '2025-01-01');
    const [draft] = (await call('GET', '/api/v1/invoice-drafts/?account=X1&status=draft')).json().results;
    expect((await call('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`)).statusCode).toBe(201);
    const [invoice] = (await call('GET', '/api/v1/invoices/?account=X1')).json().results;
    t.clock.set('2025-01-10T08:00:00Z');
    expect(
      (await call('POST', '/api/v1/payments/', { amount: '100.00', invoice: invoice.number })).statusCode,
    ).toBe(201);
    expect(
      (
        await call('POST', `/api/v1/invoices/${invoice.uuid}/credit-notes/`, {
          lines: [{ line: invoice.lines[0].uuid, amount: '20.00' }],
        })
      ).statusCode,
    ).toBe(201);
    const preview = await call('POST', '/api/v1/orders/', {
      type: 'change_quantity',
      subscription: sub,
      quantity: 4,
    });
    expect((await call('POST', `/api/v1/orders/${preview.json().uuid}/commit/`)).statusCode).toBe(200);

    const changed = await sync();
    // X2 renamed, X3 archived; the subscription's phases; one usage tombstone; the invoice (sent, then
    // paid and credited), the credit note, the payment.
    expect(changed).toEqual({
      accounts: 2,
      subscriptions: 1,
      invoices: 1,
      'credit-notes': 1,
      payments: 1,
      usage: 1,
    });
    expect(await warehouse.differences(t.org.id)).toEqual(noDifferences);

    const accounts = (await exportOf('accounts')).body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(accounts.filter((a) => a._op === 'archive').map((a) => a.code)).toEqual(['X3']);
    // Nested lists come in their own order: a subscription's phases by start.
    const [subscription] = (await exportOf('subscriptions')).body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((s) => s.id === sub);
    const starts = subscription.phases.map((p: { start_date: string }) => p.start_date);
    expect(starts.length).toBeGreaterThan(1);
    expect(starts).toEqual([...starts].sort());
    const usageRows = (await exportOf('usage')).body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(usageRows.find((u) => u._op === 'delete')).toEqual({ _op: 'delete', id: usage[1] });
  });

  it('gives the same rows a record at a time as in whole batches, nested lists included', async () => {
    const read = async (resource: ReplayResource, batchSize: number) => {
      const plan = await planExport(t.handle.db, t.org.id, resource, undefined);
      if (!plan.ok) throw new Error(plan.failure.detail);
      let text = '';
      for await (const chunk of exportLines(t.handle.db, plan.value, 'ndjson', batchSize))
        text += chunk.toString();
      return text;
    };
    for (const resource of RESOURCES) {
      const whole = await read(resource, EXPORT_BATCH);
      expect(whole.trim().split('\n').length, resource).toBeGreaterThanOrEqual(2);
      expect(await read(resource, 1), resource).toBe(whole);
    }
  });

  it('writes CSV with a header, tombstones and nested lists as JSON, the cursor in a header', async () => {
    const res = await exportOf('usage', undefined, 'csv');
    expect(res.headers['content-type']).toContain('text/csv');
    const [header, ...rows] = res.body.trim().split('\r\n');
    expect(header!.split(',').slice(0, 3)).toEqual(['_op', 'id', 'subscription_id']);
    expect(rows.filter((r) => r.startsWith('delete,'))).toHaveLength(1);
    expect(rows.filter((r) => r.startsWith('upsert,'))).toHaveLength(2);
    const subs = await exportOf('subscriptions', undefined, 'csv');
    const [subHeader, subRow] = subs.body.trim().split('\r\n');
    expect(subHeader!.endsWith(',phases,components')).toBe(true);
    expect(subRow).toContain('"[{""id"":');
    expect(subs.headers['kassa-export-cursor']).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses an unknown resource or cursor naming the field, and shows nothing of another organization', async () => {
    const bad = await t.app.inject({
      url: '/api/v1/exports/accounts/?updated_since=bogus',
      headers: authHeaders(t.org.tokens.read),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.updated_since');
    const unknown = await t.app.inject({
      url: '/api/v1/exports/contracts/',
      headers: authHeaders(t.org.tokens.read),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toContain('resource');
    const other = await t.app.inject({
      url: '/api/v1/exports/accounts/',
      headers: authHeaders(t.other.tokens.read),
    });
    expect(other.statusCode).toBe(200);
    expect(other.body.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(other.body)._cursor).toEqual(expect.any(String));
  });
});
