import { Temporal } from '@js-temporal/polyfill';
import { sql } from 'kysely';
import { dayStart, todayIn } from '../clock.ts';
import { commandLineActor, type OrganizationRef, type Services } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { sendAutomaticDrafts } from '../invoices/send-automatic-drafts.ts';
import type { Queue } from '../jobs/queue.ts';
import { billBatch } from './bill-batch.ts';
import { billAllOrderLines } from './bill-order-lines.ts';
import { finishBillingRun, insertBillingRun } from './billing-runs.ts';
import { candidateIds, RUN_DEFAULTS } from './run-billing.ts';

export const BILLING_QUEUES = ['billing-run', 'billing-batch', 'billing-daily'] as const;

interface RunJob {
  organizationId: string;
  runId: string;
  date: string;
  /** Subscriptions per batch; RUN_DEFAULTS.batchSize unless a test cuts a small run into several. */
  batchSize?: number;
}
interface BatchJob extends RunJob {
  batchNo: number;
  ids: string[];
}

async function organizationOf(services: Services, id: string): Promise<OrganizationRef> {
  return services.db
    .selectFrom('organizations')
    .select(['id', 'country', 'currency', 'timezone'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Cuts a run into batch jobs; the last batch to finish (or this, if there are none) finishes the run. */
async function planRun(services: Services, queue: Queue, job: RunJob) {
  let after: string | null = null;
  let batchNo = 0;
  let total = 0;
  for (;;) {
    const size = job.batchSize ?? RUN_DEFAULTS.batchSize;
    const ids = await candidateIds(services, job.organizationId, job.date, after, size);
    if (ids.length === 0) break;
    after = ids.at(-1)!;
    total += ids.length;
    await queue.send('billing-batch', { ...job, batchNo: ++batchNo, ids } satisfies BatchJob);
  }
  await services.db
    .updateTable('billing_runs')
    .set({ batches_total: batchNo, subscriptions_total: total })
    .where('organization_id', '=', job.organizationId)
    .where('id', '=', job.runId)
    .execute();
  await finishIfComplete(services, job);
}

/**
 * One batch in its own transaction, recorded once with what it did, and counted on the run as it
 * finishes: a retried job counts once. A subscription of the batch that another transaction holds
 * (another run of the date, or this job's earlier attempt whose worker was given up for dead but whose
 * transaction is still open) fails the attempt, to be retried once that transaction has ended, rather
 * than record the batch done without it.
 */
async function runBatch(services: Services, job: BatchJob) {
  const organization = await organizationOf(services, job.organizationId);
  const now = services.clock.now();
  await services.db.transaction().execute(async (tx) => {
    const result = await billBatch(tx, organization, job.ids, job.date, now);
    if (result.subscriptions < job.ids.length) await refuseIfHeldElsewhere(tx, job, result.subscriptions);
    const recorded = await tx
      .insertInto('billing_run_batches')
      .values({
        organization_id: job.organizationId,
        run_id: job.runId,
        batch_no: job.batchNo,
        subscriptions: job.ids.length,
        lines: result.lines,
        done_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('batch_no')
      .executeTakeFirst();
    if (recorded)
      await tx
        .updateTable('billing_runs')
        .set((eb) => ({
          subscriptions_done: eb('subscriptions_done', '+', job.ids.length),
          lines_created: eb('lines_created', '+', result.lines),
        }))
        .where('organization_id', '=', job.organizationId)
        .where('id', '=', job.runId)
        .where('status', '=', 'running')
        .execute();
  });
  await finishIfComplete(services, job);
}

async function refuseIfHeldElsewhere(tx: Tx, job: BatchJob, locked: number) {
  const existing = await tx
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('organization_id', '=', job.organizationId)
    .where('id', 'in', job.ids)
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > locked)
    throw new Error(`billing batch ${job.batchNo}: subscriptions held by another transaction; retried`);
}

/** When every batch is done: the orders' one-off lines, then the run's counts and status, once. */
async function finishIfComplete(services: Services, job: RunJob) {
  const progress = await sql<{ total: number | null; done: number; subscriptions: number; lines: number }>`
    select r.batches_total as total, count(b.batch_no)::int as done,
      coalesce(sum(b.subscriptions), 0)::int as subscriptions, coalesce(sum(b.lines), 0)::int as lines
    from billing_runs r left join billing_run_batches b on b.organization_id = r.organization_id and b.run_id = r.id
    where r.organization_id = ${job.organizationId} and r.id = ${job.runId} and r.status = 'running'
    group by r.batches_total`.execute(services.db);
  const row = progress.rows[0];
  if (!row || row.total === null || row.done < row.total) return;
  const organization = await organizationOf(services, job.organizationId);
  const endOfDay = dayStart(
    Temporal.PlainDate.from(job.date).add({ days: 1 }).toString(),
    organization.timezone,
  );
  const orderLines = await billAllOrderLines(services, organization, endOfDay, services.clock.now());
  const finished = await finishBillingRun(services.db, job.organizationId, job.runId, {
    status: 'done',
    subscriptions_done: row.subscriptions,
    lines_created: row.lines + orderLines,
    finished_at: services.clock.now(),
  });
  // Only the worker that finished the run sends the drafts the automation rule lets go.
  if (finished) await sendAutomaticDrafts(services, organization);
}

/**
 * Every day: a run for today in each organization that has none yet (`organizationIds` narrows it,
 * for tests sharing a database), each with its `billing_run.started` as the API's start writes it.
 */
export async function startDailyRuns(services: Services, queue: Queue, organizationIds?: string[]) {
  let query = services.db.selectFrom('organizations').select(['id', 'country', 'currency', 'timezone']);
  if (organizationIds) query = query.where('id', 'in', organizationIds);
  for (const organization of await query.execute()) {
    const date = todayIn(services.clock, organization.timezone);
    const existing = await services.db
      .selectFrom('billing_runs')
      .select('id')
      .where('organization_id', '=', organization.id)
      .where('billing_date', '=', date)
      .executeTakeFirst();
    if (existing) continue;
    const actor = { ...commandLineActor(organization), clientSystem: 'kassa-billing', user: null };
    await services.db
      .transaction()
      .execute((tx) => insertBillingRun(tx, { actor, clock: services.clock, queue }, date));
  }
}

/** The billing workers: several processes may run them; they share each run's batches. */
export async function startBillingWorkers(
  services: Services,
  queue: Queue,
  options: { daily?: boolean } = {},
) {
  await queue.boss.work<RunJob>('billing-run', { pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) await planRun(services, queue, job.data);
  });
  // A batch is leased: a worker killed holding one costs seconds, not pg-boss's 15-minute expiry.
  await queue.lease('billing-batch');
  await queue.boss.work<BatchJob>(
    'billing-batch',
    { pollingIntervalSeconds: 0.5, batchSize: 1 },
    async (jobs) => {
      for (const job of jobs) await runBatch(services, job.data);
    },
  );
  await queue.boss.work('billing-daily', { pollingIntervalSeconds: 5 }, async () =>
    startDailyRuns(services, queue),
  );
  if (options.daily) await queue.boss.schedule('billing-daily', '0 3 * * *');
}
