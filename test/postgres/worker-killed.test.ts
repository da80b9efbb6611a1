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
import {
  authHeaders,
  createTestApp,
  createTestOrganization,
  type TestApp,
  type TestOrganization,
} from '../support/test-app.ts';

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

/** Accounts K0… with a monthly subscription each, from DAY. */
async function populate(org: TestOrganization) {
  await monthlyPlan(t, '100', org);
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, headers: authHeaders(org.tokens.full), payload });
    await post('/api/v1/accounts/', { code: `K${i}`, name: `K${i}`, email: `k${i}@example.com` });
    const sub = await post('/api/v1/subscriptions/', { account: `K${i}`, terms: 'M', start_date: DAY });
    expect(sub.statusCode, sub.body).toBe(201);
  }
}

beforeAll(async () => {
  t = await createTestApp({ now: `${DAY}T08:00:00Z` });
  await populate(t.org);
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

const runOf = (id: string, org = t.org) =>
  t.handle.db
    .selectFrom('billing_runs')
    .selectAll()
    .where('organization_id', '=', org.id)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** A run of DAY without its job, which is sent by hand to cut it into batches of two: three batches. */
async function startRun(org: TestOrganization) {
  const actor = commandLineActor(org);
  const run = await t.handle.db
    .transaction()
    .execute((tx) => insertBillingRun(tx, { actor, clock: t.clock }, DAY));
  return {
    run,
    send: () => queue.send('billing-run', { organizationId: org.id, runId: run.id, date: DAY, batchSize: 2 }),
  };
}

/** Lines per account: every subscription billed once is one line on each account's draft. */
async function linesPerAccount(org: TestOrganization) {
  const lines = await sql<{ account: string; n: number }>`
    select a.code as account, count(*)::int as n from invoice_draft_lines l
    join invoice_drafts d on d.organization_id = l.organization_id and d.id = l.draft_id
    join accounts a on a.organization_id = d.organization_id and a.id = d.account_id
    where l.organization_id = ${org.id} group by a.code order by a.code`.execute(t.handle.db);
  return lines.rows;
}
const BILLED_ONCE = Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({ account: `K${i}`, n: 1 }));

let workers = false;
async function startWorkersHere() {
  if (!workers) await startBillingWorkers({ ...t.services, queue }, queue);
  workers = true;
}

describe('a worker killed while it holds a billing batch', () => {
  it('costs seconds: another worker finishes the run within a minute, nothing billed twice or lost', async () => {
    const { run, send } = await startRun(t.org);
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
      await send();
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
    await startWorkersHere();
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
      select retry_count, output from ${sql.id(schema, 'job')} where name = 'billing-batch' and data->>'runId' = ${run.id} and data->>'batchNo' = '2'`.execute(
      t.handle.db,
    );
    expect(batch2.rows[0]?.retry_count).toBeGreaterThanOrEqual(1);
    expect(await linesPerAccount(t.org)).toEqual(BILLED_ONCE);
    expect(done.lines_created).toBe(SUBSCRIPTIONS);
  }, 120_000);

  it('a batch whose subscription another transaction holds is retried once it is let go, not recorded without it', async () => {
    const org = await createTestOrganization(t.services);
    await populate(org);
    await startWorkersHere();
    const { run, send } = await startRun(org);
    const holder = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await holder.connect();
    try {
      // What an earlier attempt of the batch, given up for dead but still in its transaction, holds.
      await holder.query('begin');
      const held = await holder.query(
        'select id from subscriptions where organization_id = $1 order by id limit 1 for update',
        [org.id],
      );
      await send();
      const failed = await until('the held batch to fail', 30, async () => {
        const jobs = await sql<{ output: { message?: string } | null }>`
          select output from ${sql.id(schema, 'job')}
          where name = 'billing-batch' and data->>'runId' = ${run.id} and retry_count > 0`.execute(
          t.handle.db,
        );
        return jobs.rows[0];
      });
      expect(failed.output?.message).toContain('held by another transaction');
      const recorded = await t.handle.db
        .selectFrom('billing_run_batches')
        .select('batch_no')
        .where('run_id', '=', run.id)
        .where('batch_no', '=', 1)
        .execute();
      expect(recorded).toEqual([]);
      expect(held.rows).toHaveLength(1);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    const done = await until('the run to finish', 60, async () => {
      const row = await runOf(run.id, org);
      return row.status === 'running' ? undefined : row;
    });
    expect(done).toMatchObject({
      status: 'done',
      subscriptions_done: SUBSCRIPTIONS,
      lines_created: SUBSCRIPTIONS,
    });
    expect(await linesPerAccount(org)).toEqual(BILLED_ONCE);
  }, 120_000);
});
