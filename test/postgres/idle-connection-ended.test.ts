import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { openTestDatabase } from '../support/test-db.ts';

/** The server ending an idle pooled connection must not end kassa: the pool drops it and goes on. */
let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

describe('an idle connection ended by the server', () => {
  it('is reported and replaced; the next query works', async () => {
    const written = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const before = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
      const pid = before.rows[0]!.pid;
      // Ended from a connection of its own while the pooled one sits idle.
      const other = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await other.connect();
      await other.query('select pg_terminate_backend($1)', [pid]).finally(() => other.end());
      await vi.waitFor(() =>
        expect(written).toHaveBeenCalledWith(expect.stringContaining('idle database connection was closed')),
      );
      const after = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
      expect(after.rows[0]!.one).toBe(1);
    } finally {
      written.mockRestore();
    }
  });
});
