import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_SORTS } from '../../src/accounts/list-accounts.ts';
import { DRAFT_SORTS } from '../../src/billing/list-drafts.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import type { SortColumns } from '../../src/db/list-page.ts';
import { INVOICE_SORTS } from '../../src/invoices/list-invoices.ts';
import { ORDER_SORTS } from '../../src/orders/list-orders.ts';
import { PAYMENT_SORTS } from '../../src/payments/payment-view.ts';
import { SUBSCRIPTION_SORTS } from '../../src/subscriptions/list-subscriptions.ts';
import { USAGE_SORTS } from '../../src/usage/list-usage.ts';
import { openTestDatabase } from '../support/test-db.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

/** Each btree index of the table as its columns in order (`organization_id,name,id`). */
async function btreeIndexes(table: string): Promise<string[]> {
  const { rows } = await sql<{ columns: string }>`
    select string_agg(a.attname, ',' order by k.n) as columns
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_class c on c.oid = i.indexrelid
    join pg_am am on am.oid = c.relam
    cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, n)
    join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
    where t.relname = ${table} and am.amname = 'btree'
    group by c.relname`.execute(handle.db);
  return rows.map((row) => row.columns);
}

/**
 * The large lists, each with the equality filters every one of its queries has (the organization, an
 * invoice's kind) and the sorts its `ordering` offers. A list's page is an index range in the sort's
 * order when an index starts with those filters and then the sort column (with id, or unique without).
 */
const LISTS: { table: string; filters: string[]; created: string; sorts: SortColumns }[] = [
  { table: 'accounts', filters: ['organization_id'], created: 'created_at', sorts: ACCOUNT_SORTS },
  { table: 'subscriptions', filters: ['organization_id'], created: 'created_at', sorts: SUBSCRIPTION_SORTS },
  { table: 'invoices', filters: ['organization_id', 'kind'], created: 'created_at', sorts: INVOICE_SORTS },
  { table: 'invoice_drafts', filters: ['organization_id'], created: 'created_at', sorts: DRAFT_SORTS },
  { table: 'payments', filters: ['organization_id'], created: 'created_at', sorts: PAYMENT_SORTS },
  { table: 'orders', filters: ['organization_id'], created: 'created_at', sorts: ORDER_SORTS },
  { table: 'audit_log', filters: ['organization_id'], created: 'occurred_at', sorts: {} },
  {
    table: 'usage_records',
    filters: ['organization_id', 'subscription_id'],
    created: 'created_at',
    sorts: USAGE_SORTS,
  },
];

describe('the indexes behind the lists', () => {
  for (const list of LISTS)
    it(`${list.table}: every ordering is served by an index`, async () => {
      const indexes = await btreeIndexes(list.table);
      const columns = [list.created, ...Object.values(list.sorts).map((sort) => sort.column)];
      const unserved = columns.filter((column) => {
        const key = [...list.filters, column].join(',');
        return !indexes.some((index) => index === key || index.startsWith(`${key},id`));
      });
      expect(unserved).toEqual([]);
    });

  it("the account page's lists read an account's own rows by index", async () => {
    for (const table of ['subscriptions', 'invoices', 'invoice_drafts', 'payments', 'orders']) {
      const indexes = await btreeIndexes(table);
      expect(indexes.some((index) => index.startsWith('organization_id,account_id'))).toBe(true);
    }
  });

  it('the accounts search box has a trigram index on each column it searches', async () => {
    const { rows } = await sql<{ indexdef: string }>`
      select indexdef from pg_indexes where tablename = 'accounts' and indexdef like '%gin_trgm_ops%'`.execute(
      handle.db,
    );
    const columns = rows.map((row) => /\((\w+) gin_trgm_ops\)/.exec(row.indexdef)?.[1]).sort();
    expect(columns).toEqual(['code', 'email', 'name', 'vat_number']);
  });
});
