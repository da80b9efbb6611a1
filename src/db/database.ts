import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

// timestamptz and date come back as strings we control; int8 (counts) as JS numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => value);

export type ScriptExecutor = (sql: string) => Promise<Record<string, unknown>[]>;

export type DatabaseKind = 'postgres' | 'embedded';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /**
   * Lends one connection, alone, to `work`, with `exec` for SQL that may hold several statements
   * (migrations); `exec` answers the rows of the last statement.
   */
  withScriptConnection<T>(work: (exec: ScriptExecutor) => Promise<T>): Promise<T>;
  /**
   * Runs SQL for the job queue (pg-boss's `db` adapter): with values, one statement; without, possibly
   * several, answering each one's rows. On the embedded database it waits its turn like any query.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] } | { rows: unknown[] }[]>;
  /** PostgreSQL's connection string, for a queue that opens its own pool there; undefined when embedded. */
  readonly url: string | undefined;
  /** The embedded database itself, for the benchmarks' COPY baseline only; everything else uses `db`. */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string; without it the embedded database is used. */
  url?: string | undefined;
  /** Folder of the embedded database; `memory://` keeps it in memory. */
  dataDir?: string | undefined;
  poolSize?: number | undefined;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10);
  return openEmbedded(options.dataDir ?? './data');
}

function openPostgres(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection the server ends (a restart, a failover, pg_terminate_backend, DROP DATABASE …
  // WITH (FORCE)) is reported here and dropped from the pool; without a listener Node would end the
  // whole process for it. The next query opens a new connection.
  pool.on('error', (error) => {
    process.stderr.write(`kassa: an idle database connection was closed by the server: ${error.message}\n`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    url,
    async executeSql(text, values) {
      const result = (await pool.query(text, values)) as pg.QueryResult | pg.QueryResult[];
      if (!Array.isArray(result)) return { rows: result.rows };
      return result.length === 1 ? { rows: result[0]!.rows } : result.map((r) => ({ rows: r.rows }));
    },
    async withScriptConnection(work) {
      const client = await pool.connect();
      try {
        return await work(async (text) => {
          const result = (await client.query(text)) as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(result) ? result.at(-1) : result;
          return last?.rows ?? [];
        });
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    // Trigram indexes serve the search boxes (migration 0040), as on PostgreSQL.
    extensions: { pg_trgm },
    parsers: {
      20: (value: string) => Number(value),
      1082: (value: string) => value,
      1700: (value: string) => value,
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'embedded',
    pglite,
    url: undefined,
    executeSql(text, values) {
      return db.connection().execute(async () => {
        if (values && values.length > 0) return { rows: (await pglite.query(text, values)).rows };
        const results = (await pglite.exec(text)).map((r) => ({ rows: r.rows }));
        return results.length === 1 ? results[0]! : results;
      });
    },
    withScriptConnection(work) {
      // Holding a Kysely connection keeps every other user of the single PGlite connection waiting.
      return db.connection().execute(() =>
        work(async (text) => {
          const results = await pglite.exec(text);
          return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
        }),
      );
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
