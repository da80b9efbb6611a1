import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BILLING_QUEUES, startBillingWorkers } from '../../src/billing/billing-jobs.ts';
import { insertBillingRun } from '../../src/billing/billing-runs.ts';
import { commandLineActor } from '../../src/context.ts';
import { type Queue, startQueue } from '../../src/jobs/queue.ts';
import { monthlyPlan } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A billing worker killed (kill -9) while it holds a batch: the batch's lease runs out within seconds,
 * another worker takes it again, and the run ends within a minute with every subscription billed once.
 * The worker is a real process; it is made to hold the batch by a transaction of this test that has
 * already written the batch's record, so the worker's own write of it waits (a row lock, nothing in
 * the product). Its jobs live in a pg-boss schema of this test's own.
 */
const DAY = '2025-02-01';
const SUBSCRIPTIONS = 6;
const schema = `pgboss_killed_${randomUUID().slice(0, 8)}`;
let t: TestApp;
let queue: Queue;
let child: ChildProcess | undefined;

beforeAll(async () => {
  t = await createTestApp({ now: `${DAY}T08:00:00Z` });
  await monthlyPlan(t, '100');
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, headers: authHeaders(t.org.tokens.full), payload });
    await post('/api/v1/accounts/', { code: `K${i}`, name: `K${i}`, email: `k${i}@example.com` });
    const sub = await post('/api/v1/subscriptions/', { account: `K${i}`, terms: 'M', start_date: DAY });
    expect(sub.statusCode, sub.body).toBe(201);
  }
  queue = await startQueue(t.handle, BILLING_QUEUES, { schema });
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await queue?.stop();
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(t.handle.db);
  await t.close();
});

function startChild(): Promise<ChildProcess> {
  const worker = spawn(
    process.execPath,
    [join(import.meta.dirname, '..', 'support', 'billing-worker-child.ts')],
    {
      env: { ...process.env, KASSA_TEST_QUEUE_SCHEMA: schema },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 30_000);
    worker.stderr?.on('data', (d) => {
      output += d;
    });
    worker.stdout?.on('data', (d) => {
      output += d;
      if (output.includes('worker ready')) {
        clearTimeout(timer);
        resolve(worker);
      }
    });
    worker.on('exit', (code) => reject(new Error(`worker ended (${code}):\n${output}`)));
  });
}

async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`waited ${seconds} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const runOf = (id: string) =>
  t.handle.db
    .selectFrom('billing_runs')
    .selectAll()
    .where('organization_id', '=', t.org.id)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('a worker killed while it holds a billing batch', () => {
  it('costs seconds: another worker finishes the run within a minute, nothing billed twice or lost', async () => {
    const actor = commandLineActor(t.org);
    // The run without its job, which is sent by hand to cut it into batches of two: three batches.
    const run = await t.handle.db
      .transaction()
      .execute((tx) => insertBillingRun(tx, { actor, clock: t.clock }, DAY));
    const blocker = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query(
        `insert into billing_run_batches (organization_id, run_id, batch_no, subscriptions, lines, done_at)
         values ($1, $2, 2, 0, 0, now())`,
        [t.org.id, run.id],
      );
      const blockerPid = (await blocker.query('select pg_backend_pid() as pid')).rows[0].pid as number;
      child = await startChild();
      await queue.send('billing-run', { organizationId: t.org.id, runId: run.id, date: DAY, batchSize: 2 });
      // The worker has billed batch 2 in its transaction and waits to record it.
      // (Asked on another connection: in the blocker's transaction pg_stat_activity stands still.)
      await until('the worker to hold batch 2', 30, async () => {
        const waiting =
          await sql`select pid from pg_stat_activity where ${blockerPid}::int = any(pg_blocking_pids(pid))`.execute(
            t.handle.db,
          );
        return waiting.rows.length > 0 ? true : undefined;
      });
      // Progress counts batches as they finish: what the worker finished before batch 2 is on the run.
      const finished = await t.handle.db
        .selectFrom('billing_run_batches')
        .select('batch_no')
        .where('run_id', '=', run.id)
        .execute();
      const before = await runOf(run.id);
      expect(before.status).toBe('running');
      expect(before.subscriptions_total).toBe(SUBSCRIPTIONS);
      expect(before.subscriptions_done).toBe(2 * finished.length);
      child.kill('SIGKILL');
      await new Promise((resolve) =>
        child!.exitCode !== null || child!.signalCode ? resolve(null) : child!.once('exit', resolve),
      );
      await blocker.query('rollback');
    } finally {
      await blocker.end();
    }
    const killedAt = Date.now();
    await startBillingWorkers({ ...t.services, queue }, queue);
    const done = await until('the run to finish', 60, async () => {
      const row = await runOf(run.id);
      return row.status === 'running' ? undefined : row;
    });
    expect(Date.now() - killedAt).toBeLessThan(60_000);
    expect(done).toMatchObject({
      status: 'done',
      subscriptions_total: SUBSCRIPTIONS,
      subscriptions_done: SUBSCRIPTIONS,
    });
    // The batch was failed by its lost heartbeat and retried, not waited out.
    const batch2 = await sql<{ retry_count: number; output: unknown }>`
      select retry_count, output from ${sql.id(schema, 'job')} where name = 'billing-batch' and data->>'batchNo' = '2'`.execute(
      t.handle.db,
    );
    expect(batch2.rows[0]?.retry_count).toBeGreaterThanOrEqual(1);
    // Every subscription billed once: one line each, on one draft per account.
    const lines = await sql<{ account: string; n: number }>`
      select a.code as account, count(*)::int as n from invoice_draft_lines l
      join invoice_drafts d on d.organization_id = l.organization_id and d.id = l.draft_id
      join accounts a on a.organization_id = d.organization_id and a.id = d.account_id
      where l.organization_id = ${t.org.id} group by a.code order by a.code`.execute(t.handle.db);
    expect(lines.rows).toEqual(Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({ account: `K${i}`, n: 1 })));
    expect(done.lines_created).toBe(SUBSCRIPTIONS);
  }, 120_000);
});
