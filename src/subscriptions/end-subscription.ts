import { Temporal } from '@js-temporal/polyfill';
import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import { creditAfterEnd, endWasBilled } from '../billing/credit-after-end.ts';
import { billingInterval, planTermsByIds } from '../catalog/plan-terms-lookup.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import { type Db, type Tx, transact } from '../db/transaction.ts';
import { cancellationDates, NOTICE_RULES } from '../domain/cancellation.ts';
import { parseIsoInterval } from '../domain/interval.ts';
import { addIntervals } from '../domain/periods.ts';
import { fail, ok, type Result } from '../errors.ts';
import { dateString } from '../http/common-schemas.ts';
import { followUpInvoice, queueFollowUp } from '../invoices/invoice-jobs.ts';
import { cancellationPreviewExample } from './subscription-examples.ts';
import { phaseOn, phasesOf } from './subscription-phases.ts';
import {
  findSubscription,
  type SubscriptionRow,
  type SubscriptionView,
  subscriptionView,
} from './subscription-view.ts';

export const cancellationPreviewSchema = z
  .object({
    subscription: z.uuid(),
    notice_date: dateString,
    earliest_end_date: dateString.describe('Exclusive: the first day without service the terms allow'),
    next_possible_end_date: dateString.describe('The possible end after that'),
    minimum_term: z.string().nullable(),
    minimum_term_end: z.string().nullable(),
    notice_period: z.string().nullable(),
    notice_rule: z.enum(NOTICE_RULES),
  })
  .meta({ id: 'CancellationPreview', examples: [cancellationPreviewExample] });

export type CancellationPreview = z.output<typeof cancellationPreviewSchema>;

/**
 * The earliest end a notice given on `noticeDate` allows, under the minimum term and notice period
 * of the terms in force on that day, counted from the first paid day; during a free trial without a
 * minimum term, the trial's end.
 */
export async function previewCancellation(
  db: Db | Tx,
  organizationId: string,
  row: SubscriptionRow,
  noticeDate: string,
): Promise<CancellationPreview> {
  const phases = (await phasesOf(db, organizationId, [row.id])).get(row.id) ?? [];
  const phase = phaseOn(phases, noticeDate);
  const terms = (await planTermsByIds(db, organizationId, [phase.plan_terms_id])).get(phase.plan_terms_id)!;
  const anchor = Temporal.PlainDate.from(phases[0]!.anchor_date);
  const minimumTerm = terms.minimum_term ? parseIsoInterval(terms.minimum_term) : null;
  const noticePeriod = terms.notice_period ? parseIsoInterval(terms.notice_period) : null;
  const interval = billingInterval(terms)!;
  // A notice before the first paid day counts from that day.
  const notice =
    Temporal.PlainDate.compare(Temporal.PlainDate.from(noticeDate), anchor) < 0
      ? anchor
      : Temporal.PlainDate.from(noticeDate);
  const { earliest, next } = cancellationDates(
    { anchor, interval, minimumTerm, noticePeriod, noticeRule: terms.notice_rule },
    notice,
  );
  // Notice during a free trial ends it at the trial's end, nothing billed (as Stripe and Chargebee),
  // unless a minimum term binds the customer to paid periods; the end after that is the usual one.
  const endsTrial = row.trial_end !== null && noticeDate < row.trial_end && minimumTerm === null;
  return {
    subscription: row.id,
    notice_date: noticeDate,
    earliest_end_date: endsTrial ? row.trial_end! : earliest.toString(),
    next_possible_end_date: (endsTrial ? earliest : next).toString(),
    minimum_term: terms.minimum_term,
    minimum_term_end: minimumTerm ? addIntervals(anchor, minimumTerm, 1).toString() : null,
    notice_period: terms.notice_period,
    notice_rule: terms.notice_rule,
  };
}

export interface EndRequest {
  end_date: string;
  notice_date?: string | undefined;
  force?: boolean | undefined;
}

/**
 * Ends a subscription on `end_date` (exclusive: the first day without service). An end earlier than
 * the terms allow is refused, naming the earliest allowed, unless `force` (audited as forced). The
 * subscription stays, with its end; phases that would only begin after it are dropped, and what was
 * billed for days from the end on is credited (`creditAfterEnd`).
 */
export async function endSubscription(
  ctx: UseCaseContext,
  id: string,
  request: EndRequest,
): Promise<Result<SubscriptionView>> {
  const followUps: string[] = [];
  const ended = await transact(ctx.db, (tx) => endSubscriptionIn(tx, ctx, id, request, followUps));
  if (ended.ok)
    for (const invoiceId of followUps) await followUpInvoice(ctx, ctx.actor.organizationId, invoiceId);
  return ended;
}

/**
 * The same, in the caller's transaction (the import ends a subscription with the rest of its row).
 * Credit notes the end issued are followed up by a job where a queue runs; else their ids go to
 * `followUps`, for the caller to follow up after commit.
 */
export async function endSubscriptionIn(
  tx: Tx,
  ctx: UseCaseContext,
  id: string,
  request: EndRequest,
  followUps?: string[],
): Promise<Result<SubscriptionView>> {
  const organizationId = ctx.actor.organizationId;
  const today = todayIn(ctx.clock, ctx.actor.organization.timezone);
  {
    const row = await findSubscription(tx, organizationId, id, { lock: true });
    if (!row) return fail('not_found', `no subscription ${id}`);
    if (row.end_date !== null && row.end_date <= today)
      return fail('archived', `subscription ${id} ended on ${row.end_date}`);
    if (request.end_date <= row.start_date) {
      const message = `end_date: must be after the start, ${row.start_date}`;
      return fail('validation_failed', message, [{ field: 'end_date', code: 'before_start', message }]);
    }
    const noticeDate = request.notice_date ?? today;
    const preview = await previewCancellation(tx, organizationId, row, noticeDate);
    const forced = request.end_date < preview.earliest_end_date;
    if (forced && !request.force) {
      const message = `end_date: the minimum term and notice period allow ${preview.earliest_end_date} at the earliest (then ${preview.next_possible_end_date}); send force: true to end earlier`;
      return fail('validation_failed', message, [{ field: 'end_date', code: 'too_early', message }]);
    }
    if (
      row.end_date !== null &&
      request.end_date > row.end_date &&
      (await endWasBilled(tx, organizationId, row.id, row.end_date))
    ) {
      const message = `end_date: the days after the end on ${row.end_date} were credited or not billed; the end may be moved earlier, not later (start a new subscription to go on)`;
      return fail('validation_failed', message, [{ field: 'end_date', code: 'end_settled', message }]);
    }
    const before = await subscriptionView({ ...ctx, db: tx }, row);
    await tx
      .deleteFrom('subscription_phases')
      .where('organization_id', '=', organizationId)
      .where('subscription_id', '=', row.id)
      .where('start_date', '>=', request.end_date)
      .execute();
    const updated = await tx
      .updateTable('subscriptions')
      .set({ end_date: request.end_date, notice_date: noticeDate, updated_at: ctx.clock.now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = await subscriptionView({ ...ctx, db: tx }, updated);
    await recordChange(tx, ctx, {
      action: 'subscription.end_scheduled',
      entityType: 'subscription',
      entityId: row.id,
      before,
      after: { ...after, forced, earliest_end_date: preview.earliest_end_date },
      data: after,
    });
    // What was billed for days from the end on is given back now (a credit note or a draft correction).
    const notes = await creditAfterEnd(tx, ctx, row.id, request.end_date, row.end_date);
    for (const invoiceId of notes)
      if (!(await queueFollowUp(ctx, tx, { organizationId, invoiceId }))) followUps?.push(invoiceId);
    return ok(after);
  }
}
