import type { Selectable } from 'kysely';
import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import type { BillingRunsTable } from '../db/tables-billing.ts';
import { type Db, type Tx, transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { writeEvent } from '../events/write-event.ts';
import { dateString, instant, isoInstant, UUID_PATTERN } from '../http/common-schemas.ts';
import { newId } from '../ids.ts';
import { billingRunExample } from './billing-examples.ts';
import { runBilling } from './run-billing.ts';

type RunRow = Selectable<BillingRunsTable>;

export const billingRunSchema = z
  .object({
    uuid: z.uuid(),
    date: dateString,
    status: z.enum(['running', 'done', 'failed']),
    subscriptions_total: z.number().int(),
    subscriptions_done: z.number().int(),
    lines_created: z.number().int(),
    error: z.string().nullable(),
    started_date: instant,
    finished_date: instant.nullable(),
  })
  .meta({ id: 'BillingRun', examples: [billingRunExample] });

export function billingRunView(row: RunRow): z.output<typeof billingRunSchema> {
  return {
    uuid: row.id,
    date: row.billing_date,
    status: row.status,
    subscriptions_total: row.subscriptions_total,
    subscriptions_done: row.subscriptions_done,
    lines_created: row.lines_created,
    error: row.error,
    started_date: isoInstant(row.started_at)!,
    finished_date: isoInstant(row.finished_at),
  };
}

/**
 * Ends a running billing run with its counts, once, and writes `billing_run.completed` (or
 * `billing_run.failed`) in the same transaction: the run's summary as GET answers it, which stands
 * for the usage and lines it billed (usage records are not sent one by one). Answers whether this
 * call ended it.
 */
export async function finishBillingRun(
  db: Db,
  organizationId: string,
  runId: string,
  values: Partial<Pick<RunRow, 'subscriptions_done' | 'lines_created' | 'error'>> & {
    status: 'done' | 'failed';
    finished_at: Date;
  },
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('billing_runs')
      .set(values)
      .where('organization_id', '=', organizationId)
      .where('id', '=', runId)
      .where('status', '=', 'running')
      .returningAll()
      .executeTakeFirst();
    if (!row) return false;
    await writeEvent(tx, organizationId, values.finished_at, {
      type: row.status === 'done' ? 'billing_run.completed' : 'billing_run.failed',
      entityType: 'billing_run',
      entityId: runId,
      payload: billingRunView(row),
    });
    return true;
  });
}

export async function findBillingRun(ctx: UseCaseContext, id: string) {
  if (!UUID_PATTERN.test(id)) return undefined;
  return ctx.db
    .selectFrom('billing_runs')
    .selectAll()
    .where('organization_id', '=', ctx.actor.organizationId)
    .where('id', '=', id.toLowerCase())
    .executeTakeFirst();
}

/**
 * Writes a running billing run for a date, its job where a queue runs, and its `billing_run.started`
 * (audit and event, the run as GET answers it) in the caller's transaction: the API's start and the
 * daily job's both come through here.
 */
export async function insertBillingRun(
  tx: Tx,
  ctx: Pick<UseCaseContext, 'actor' | 'clock' | 'queue'>,
  billingDate: string,
): Promise<RunRow> {
  const organizationId = ctx.actor.organizationId;
  const row = await tx
    .insertInto('billing_runs')
    .values({
      organization_id: organizationId,
      id: newId(),
      billing_date: billingDate,
      status: 'running',
      error: null,
      started_at: ctx.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // With a job queue the run is cut into batch jobs that any worker may take.
  if (ctx.queue)
    await ctx.queue.send('billing-run', { organizationId, runId: row.id, date: billingDate }, tx);
  await recordChange(tx, ctx, {
    action: 'billing_run.started',
    entityType: 'billing_run',
    entityId: row.id,
    before: null,
    after: billingRunView(row),
  });
  return row;
}

/**
 * Starts a billing run for a date (today by default; never a date after today) and answers at once;
 * the run goes on as jobs on the queue, or, without one, in this process; its progress is visible on
 * the run. Its outcome does not depend on
 * how often it is started: every charge is written once.
 */
export async function startBillingRun(
  ctx: UseCaseContext,
  date: string | undefined,
): Promise<Result<{ view: z.output<typeof billingRunSchema>; done: Promise<void> }>> {
  const organizationId = ctx.actor.organizationId;
  const today = todayIn(ctx.clock, ctx.actor.organization.timezone);
  const billingDate = date ?? today;
  if (billingDate > today) {
    const message = `date: ${billingDate} is after today (${today}); bills are made for days that have come`;
    return fail('validation_failed', message, [{ field: 'date', code: 'future', message }]);
  }
  const started = await transact(ctx.db, async (tx) => ok(await insertBillingRun(tx, ctx, billingDate)));
  if (!started.ok) return started;
  const run = started.value;
  if (ctx.queue) return ok({ view: billingRunView(run), done: Promise.resolve() });
  const update = (
    values: Partial<{
      status: RunRow['status'];
      subscriptions_total: number;
      subscriptions_done: number;
      lines_created: number;
      error: string | null;
      finished_at: Date;
    }>,
  ) =>
    ctx.db
      .updateTable('billing_runs')
      .set(values)
      .where('organization_id', '=', organizationId)
      .where('id', '=', run.id)
      .execute();
  const done = runBilling(ctx, ctx.actor.organization, billingDate, {
    onProgress: (p) =>
      update({ subscriptions_total: p.total, subscriptions_done: p.done, lines_created: p.lines }).then(
        () => {},
      ),
  }).then(
    async () => {
      await finishBillingRun(ctx.db, organizationId, run.id, {
        status: 'done',
        finished_at: ctx.clock.now(),
      });
    },
    async (error: unknown) => {
      await finishBillingRun(ctx.db, organizationId, run.id, {
        status: 'failed',
        error: (error as Error).message,
        finished_at: ctx.clock.now(),
      });
    },
  );
  return ok({ view: billingRunView(run), done });
}
