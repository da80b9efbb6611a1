import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { openTestDatabase } from '../support/test-db.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

/**
 * Tables that belong to no tenant: the migration ledger, and people (`users`), since one person may
 * belong to several organizations; what a person is in one of them (the role) is in `memberships`.
 */
const GLOBAL_TABLES = ['kassa_migrations', 'users'];

describe('tenancy in the schema', () => {
  it('every table has a non-null organization_id', async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(handle.db);
    const columns = await sql<{ table_name: string; is_nullable: string }>`
      select table_name, is_nullable from information_schema.columns
      where table_schema = 'public' and column_name = 'organization_id'`.execute(handle.db);
    const withColumn = new Map(columns.rows.map((c) => [c.table_name, c.is_nullable]));
    const names = tables.rows.map((r) => r.table_name).filter((name) => !GLOBAL_TABLES.includes(name));
    expect(names.length).toBeGreaterThan(5);
    const missing = names.filter((name) => withColumn.get(name) !== 'NO');
    expect(missing).toEqual([]);
  });

  it('every primary key of a tenant table starts with organization_id (except organizations itself)', async () => {
    const keys = await sql<{ table_name: string; first_column: string }>`
      select tc.table_name, kcu.column_name as first_column
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu
        on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema and kcu.ordinal_position = 1
      where tc.table_schema = 'public' and tc.constraint_type = 'PRIMARY KEY'`.execute(handle.db);
    const wrong = keys.rows
      .filter((k) => !GLOBAL_TABLES.includes(k.table_name) && k.table_name !== 'organizations')
      .filter((k) => k.first_column !== 'organization_id');
    expect(wrong).toEqual([]);
  });
});
