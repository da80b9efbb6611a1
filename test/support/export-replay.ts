import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/db/transaction.ts';

/**
 * A warehouse in miniature: copies of kassa's tables, in the same database, that take nothing but the
 * rows of exports, applied in order (upsert and archive replace the record and what it nests, delete
 * removes it). `differences` compares them with kassa's own tables, row for row and column for column.
 */
const TABLES = {
  accounts: { table: 'accounts', nests: {} },
  subscriptions: {
    table: 'subscriptions',
    nests: {
      phases: ['subscription_phases', 'subscription_id'],
      components: ['subscription_components', 'subscription_id'],
    },
  },
  invoices: { table: 'invoices', nests: { lines: ['invoice_lines', 'invoice_id'] } },
  'credit-notes': { table: 'invoices', nests: { lines: ['invoice_lines', 'invoice_id'] } },
  payments: { table: 'payments', nests: { allocations: ['payment_allocations', 'payment_id'] } },
  usage: { table: 'usage_records', nests: {} },
} as const satisfies Record<string, { table: string; nests: Record<string, readonly [string, string]> }>;

export type ReplayResource = keyof typeof TABLES;

const COPIED = [
  'accounts',
  'subscriptions',
  'subscription_phases',
  'subscription_components',
  'invoices',
  'invoice_lines',
  'payments',
  'payment_allocations',
  'usage_records',
];

export interface Warehouse {
  apply(
    resource: ReplayResource,
    ndjson: string,
    organizationId: string,
  ): Promise<{ rows: number; cursor: string }>;
  /** rows that differ between kassa and the copy, per table (both directions), for one organization */
  differences(organizationId: string): Promise<Record<string, number>>;
  drop(): Promise<void>;
}

export async function createWarehouse(db: Db): Promise<Warehouse> {
  const prefix = `wh_${randomUUID().replaceAll('-', '').slice(0, 12)}_`;
  const copy = (table: string) => sql.raw(`${prefix}${table}`);
  for (const table of COPIED)
    await sql`create table ${copy(table)} (like ${sql.raw(table)} including defaults)`.execute(db);
  const insert = (table: string, organizationId: string, rows: unknown[]) =>
    sql`insert into ${copy(table)} select * from jsonb_populate_recordset(null::${copy(table)},
      (select jsonb_agg(e || jsonb_build_object('organization_id', ${organizationId}::uuid)) from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) e))`.execute(
      db,
    );
  return {
    async apply(resource, ndjson, organizationId) {
      const { table, nests } = TABLES[resource];
      const lines = ndjson.split('\n').filter((line) => line !== '');
      const last = JSON.parse(lines.pop()!) as { _cursor?: string };
      if (typeof last._cursor !== 'string') throw new Error('an export ends with its cursor');
      for (const line of lines) {
        const row = JSON.parse(line) as Record<string, unknown> & { _op: string; id: string };
        for (const [, [child, key]] of Object.entries(nests) as [string, readonly [string, string]][])
          await sql`delete from ${copy(child)} where ${sql.ref(key)} = ${row.id}::uuid`.execute(db);
        await sql`delete from ${copy(table)} where id = ${row.id}::uuid`.execute(db);
        if (row._op === 'delete') continue;
        const { _op, ...record } = row;
        const own: Record<string, unknown> = { ...record };
        for (const name of Object.keys(nests)) delete own[name];
        await insert(table, organizationId, [own]);
        for (const [name, [child]] of Object.entries(nests) as [string, readonly [string, string]][]) {
          const children = record[name] as unknown[];
          if (children.length > 0) await insert(child, organizationId, children);
        }
      }
      return { rows: lines.length, cursor: last._cursor };
    },
    async differences(organizationId) {
      const result: Record<string, number> = {};
      for (const table of COPIED) {
        // Allocations of account credit belong to no payment: the payments export does not carry them.
        const own = table === 'payment_allocations' ? sql`and payment_id is not null` : sql``;
        const { rows } = await sql<{ n: number }>`select
          (select count(*) from (select * from ${sql.raw(table)} where organization_id = ${organizationId} ${own}
             except select * from ${copy(table)} where organization_id = ${organizationId}) a)::int +
          (select count(*) from (select * from ${copy(table)} where organization_id = ${organizationId}
             except select * from ${sql.raw(table)} where organization_id = ${organizationId}) b)::int as n`.execute(
          db,
        );
        result[table] = rows[0]!.n;
      }
      return result;
    },
    async drop() {
      for (const table of COPIED) await sql`drop table if exists ${copy(table)}`.execute(db);
    },
  };
}
