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
  /**
   * Jobs of `name` sent from now on are leased, not held: the worker running one refreshes it every
   * few seconds, and one it stops refreshing (its process killed) is failed and retried within
   * seconds, instead of at pg-boss's expiry after 15 minutes. PostgreSQL only (see SHORT_LEASE).
   */
  lease(name: string): Promise<void>;
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

/**
 * A leased job's heartbeat (pg-boss's minimum, refreshed every 5 s), and the retry of one whose worker
 * died: after 5 s, growing. Where jobs are leased the supervisor looks for lost heartbeats every 10 s
 * (pg-boss's default is 60 s), so a killed worker's job runs again about 15–30 s after it died.
 *
 * Only on PostgreSQL: there workers are separate processes that can die alone. The embedded database
 * is one process with one connection; its jobs die with it and start again with it, and a heartbeat
 * would only queue its refresh behind a batch's transaction on that connection and, behind a long
 * batch, fail a job that is still running.
 */
const SHORT_LEASE = { heartbeatSeconds: 10, retryDelay: 5, retryBackoff: true } as const;
const SUPERVISE = { superviseIntervalSeconds: 5, monitorIntervalSeconds: 10 } as const;

export async function startQueue(
  handle: DatabaseHandle,
  queueNames: readonly string[],
  /** `schema`: where pg-boss keeps its jobs ('pgboss'); a test's own keeps its jobs from the others'. */
  options: { schedule?: boolean; schema?: string } = {},
): Promise<Queue> {
  const common = {
    schema: options.schema ?? 'pgboss',
    schedule: options.schedule ?? false,
    supervise: true,
    ...(handle.url ? SUPERVISE : {}),
  };
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
    async lease(name) {
      if (!queueNames.includes(name)) throw new Error(`unknown queue ${name}`);
      // updateQueue, as createQueue leaves a queue made by an earlier version as it was.
      if (handle.url) await boss.updateQueue(name, SHORT_LEASE);
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
