import { Temporal } from '@js-temporal/polyfill';
import { sql } from 'kysely';
import { dayStart } from '../clock.ts';
import type { OrganizationRef, Services } from '../context.ts';
import { sendAutomaticDrafts } from '../invoices/send-automatic-drafts.ts';
import { billBatch } from './bill-batch.ts';
import { billAllOrderLines } from './bill-order-lines.ts';

export interface RunProgress {
  total: number;
  done: number;
  lines: number;
  /** Drafts sent at the end by the automation rule (accounts set to send automatically). */
  sent?: number;
}

/**
 * How a run is cut, unless told otherwise: batches of 2,000 subscriptions, and on PostgreSQL three
 * at once (one computes in JavaScript while the others wait on the database; more only queue for the
 * two cores measured in bench/billing-run). The embedded database is one connection: one at a time.
 */
export const RUN_DEFAULTS = { batchSize: 2000, concurrency: { postgres: 3, embedded: 1 } } as const;

/**
 * The subscriptions a run for `billingDate` looks at: started by then, and not finished with, i.e.
 * running, or ended but with periods, usage or rated items still to bill. Ids only, in id order.
 */
export async function candidateIds(
  services: Services,
  organizationId: string,
  billingDate: string,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    select s.id from subscriptions s
    where s.organization_id = ${organizationId} and s.start_date <= ${billingDate}
      ${after === null ? sql`` : sql`and s.id > ${after}::uuid`}
      -- finished with: ended, billed up to its end, nothing unbilled (looked up per ended subscription only)
      and (s.end_date is null or not exists (
        select 1 from subscription_billing b
        where b.organization_id = s.organization_id and b.subscription_id = s.id
          and not coalesce(s.end_date > least(b.next_period_from, b.usage_from), false)
          and not exists (select 1 from rated_items r where r.organization_id = s.organization_id and r.subscription_id = s.id and r.billed_at is null)
          and not exists (select 1 from usage_records u where u.organization_id = s.organization_id and u.subscription_id = s.id
            and (case when u.late then u.billed_at is null else u.occurred_at >= b.usage_before end))))
    order by s.id
    limit ${limit}`.execute(services.db);
  return rows.rows.map((r) => r.id);
}

/**
 * Bills an organization's subscriptions for a date, in batches of `batchSize`, each batch its own
 * transaction; then the committed orders' one-off lines. Safe to run twice, or twice at once: every
 * charge is written once.
 */
export async function runBilling(
  services: Services,
  organization: OrganizationRef,
  billingDate: string,
  options: {
    batchSize?: number;
    concurrency?: number;
    onProgress?: (progress: RunProgress) => void | Promise<void>;
  } = {},
): Promise<RunProgress> {
  const batchSize = options.batchSize ?? RUN_DEFAULTS.batchSize;
  const now = services.clock.now();
  const [{ total }] = (
    await sql<{
      total: number;
    }>`select count(*)::int as total from subscriptions where organization_id = ${organization.id} and start_date <= ${billingDate}`.execute(
      services.db,
    )
  ).rows as [{ total: number }];
  const progress: RunProgress = { total, done: 0, lines: 0 };
  // Batches lock disjoint subscriptions, so several can run at once on PostgreSQL; the embedded
  // database is one connection, where they would only queue.
  const concurrency = options.concurrency ?? 1;
  const inFlight = new Set<Promise<void>>();
  let after: string | null = null;
  for (;;) {
    const ids = await candidateIds(services, organization.id, billingDate, after, batchSize);
    if (ids.length === 0) break;
    after = ids.at(-1)!;
    const work = services.db
      .transaction()
      .execute((tx) => billBatch(tx, organization, ids, billingDate, now))
      .then(async (result) => {
        progress.done += ids.length;
        progress.lines += result.lines;
        await options.onProgress?.(progress);
      });
    const tracked: Promise<void> = work.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const endOfDay = dayStart(
    Temporal.PlainDate.from(billingDate).add({ days: 1 }).toString(),
    organization.timezone,
  );
  progress.lines += await billAllOrderLines(services, organization, endOfDay, now);
  progress.done = progress.total;
  progress.sent = (await sendAutomaticDrafts(services, organization)).sent;
  await options.onProgress?.(progress);
  return progress;
}
