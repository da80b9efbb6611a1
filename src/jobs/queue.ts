import { CompiledQuery } from 'kysely';
import { PgBoss } from 'pg-boss';
import type { DatabaseHandle } from '../db/database.ts';
import type { Tx } from '../db/transaction.ts';

/**
 * The job queue (pg-boss) on our database: on PostgreSQL with its own small pool, on the embedded
 * database through our one connection. Jobs sent with `tx` are written in that transaction, so they
 * exist exactly when the change that asked for them was committed.
 */
export interface Queue {
  boss: PgBoss;
  send(name: string, data: object, tx?: Tx): Promise<void>;
  /** Many jobs in one statement (with `startAfter` in seconds where a job waits). */
  insert(name: string, jobs: { data: object; startAfter?: number }[], tx?: Tx): Promise<void>;
  stop(): Promise<void>;
}

/** pg-boss's `db` adapter over a Kysely transaction. */
function transactionAdapter(tx: Tx) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const result = await tx.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}

export async function startQueue(
  handle: DatabaseHandle,
  queueNames: readonly string[],
  options: { schedule?: boolean } = {},
): Promise<Queue> {
  const common = { schema: 'pgboss', schedule: options.schedule ?? false, supervise: true };
  const boss = handle.url
    ? new PgBoss({ ...common, connectionString: handle.url, max: 4 })
    : new PgBoss({
        ...common,
        db: { executeSql: (text: string, values?: unknown[]) => handle.executeSql(text, values) as never },
      });
  boss.on('error', (error: unknown) => console.error('job queue error', error));
  await boss.start();
  // Queues are made up front: inside a caller's transaction the embedded database has no other connection.
  // A failed job (a gateway timeout, a mail server away, a crash) is retried with growing delays: 30 s,
  // 1 min, 2 min, … for about two hours, then kept as failed for a look.
  for (const name of queueNames)
    await boss.createQueue(name, { retryLimit: 8, retryDelay: 30, retryBackoff: true });
  return {
    boss,
    async send(name, data, tx) {
      if (!queueNames.includes(name)) throw new Error(`unknown queue ${name}`);
      await boss.send(name, data, tx ? { db: transactionAdapter(tx) } : {});
    },
    async insert(name, jobs, tx) {
      if (!queueNames.includes(name)) throw new Error(`unknown queue ${name}`);
      if (jobs.length === 0) return;
      await boss.insert(name, jobs, tx ? { db: transactionAdapter(tx) } : {});
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
