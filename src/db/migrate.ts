import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseHandle } from './database.ts';

const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');
// Any fixed number: it only has to be the same for every kassa process migrating one database.
const MIGRATION_LOCK_KEY = 7_204_318_551;

export function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort();
}

/**
 * Applies the plain SQL files in src/db/migrations in name order, each once and each in its own
 * transaction. On PostgreSQL an advisory lock lets several processes start at once safely.
 * Answers the names it applied.
 */
export function migrate(handle: DatabaseHandle): Promise<string[]> {
  const locking = handle.kind === 'postgres';
  return handle.withScriptConnection(async (exec) => {
    if (locking) await exec(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      await exec(`create table if not exists kassa_migrations (
        name text primary key, applied_at timestamptz not null default now())`);
      const done = new Set((await exec('select name from kassa_migrations')).map((row) => String(row.name)));
      const applied: string[] = [];
      for (const name of migrationFiles()) {
        if (done.has(name)) continue;
        const text = readFileSync(join(MIGRATIONS_DIR, name), 'utf8');
        try {
          await exec(`begin;\n${text}\n;\ninsert into kassa_migrations (name) values ('${name}');\ncommit;`);
        } catch (error) {
          await exec('rollback').catch(() => {});
          throw new Error(`migration ${name} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(name);
      }
      return applied;
    } finally {
      if (locking) await exec(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
}
