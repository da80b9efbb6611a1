import type { Selectable } from 'kysely';
import { z } from 'zod';
import { accountCodesByIds } from '../accounts/find-account.ts';
import { billingInterval, planTermsByIds } from '../catalog/plan-terms-lookup.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import { findOwnRow } from '../db/find-own-row.ts';
import type { SubscriptionsTable } from '../db/schema.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { dateString, instant, isoInstant } from '../http/common-schemas.ts';
import { subscriptionExample } from './subscription-examples.ts';
import { phaseAfter, phaseOn, phasesOf } from './subscription-phases.ts';
import { shownDay, subscriptionState } from './subscription-state.ts';

export type SubscriptionRow = Selectable<SubscriptionsTable>;

export const subscriptionSchema = z
  .object({
    uuid: z.uuid(),
    account: z.string().describe("The account's code"),
    account_uuid: z.uuid(),
    terms: z.uuid().describe('The plan terms'),
    quantity: z.number().int(),
    scheduled_change: z
      .object({ date: dateString, terms: z.uuid(), quantity: z.number().int() })
      .nullable()
      .describe('A change ordered for a later date (a downgrade at the period end)'),
    collection_method: z.enum(['card', 'invoice']),
    status: z.enum(['trialing', 'active', 'ending', 'ended']),
    current_period_start: z.string(),
    current_period_end: z
      .string()
      .describe('Exclusive: a monthly subscription from 2025-01-01 shows 2025-02-01'),
    start_date: dateString,
    trial_end: z.string().nullable().describe('Exclusive: the first paid day'),
    end_date: dateString.nullable().describe('Exclusive: the first day without service'),
    notice_date: dateString.nullable(),
    external_id: z.string().nullable(),
    created_date: instant,
    updated_date: instant,
  })
  .meta({ id: 'Subscription', examples: [subscriptionExample] });

export type SubscriptionView = z.output<typeof subscriptionSchema>;

/** Views of many subscriptions at once: their accounts' codes and their terms' intervals in two queries. */
export async function subscriptionViews(
  ctx: Pick<UseCaseContext, 'actor' | 'clock'> & { db: Db | Tx },
  rows: SubscriptionRow[],
): Promise<SubscriptionView[]> {
  const organizationId = ctx.actor.organizationId;
  const codes = await accountCodesByIds(
    ctx.db,
    organizationId,
    rows.map((r) => r.account_id),
  );
  const phases = await phasesOf(
    ctx.db,
    organizationId,
    rows.map((r) => r.id),
  );
  const terms = await planTermsByIds(
    ctx.db,
    organizationId,
    [...phases.values()].flat().map((p) => p.plan_terms_id),
  );
  const today = todayIn(ctx.clock, ctx.actor.organization.timezone);
  return rows.map((row) => {
    const own = phases.get(row.id) ?? [];
    const day = shownDay(row, today);
    const phase = phaseOn(own, day);
    const next = phaseAfter(own, day);
    const planTerms = terms.get(phase.plan_terms_id);
    const interval = planTerms ? billingInterval(planTerms) : null;
    if (!interval) throw new Error(`subscription ${row.id} is on terms without a billing interval`);
    return {
      uuid: row.id,
      account: codes.get(row.account_id) ?? row.account_id,
      account_uuid: row.account_id,
      terms: phase.plan_terms_id,
      quantity: phase.quantity,
      scheduled_change: next
        ? { date: next.start_date, terms: next.plan_terms_id, quantity: next.quantity }
        : null,
      collection_method: row.collection_method,
      ...subscriptionState(row, { anchor: phase.anchor_date, interval }, today),
      start_date: row.start_date,
      trial_end: row.trial_end,
      end_date: row.end_date,
      notice_date: row.notice_date,
      external_id: row.external_id,
      created_date: isoInstant(row.created_at)!,
      updated_date: isoInstant(row.updated_at)!,
    };
  });
}

export async function subscriptionView(
  ctx: Parameters<typeof subscriptionViews>[0],
  row: SubscriptionRow,
): Promise<SubscriptionView> {
  const [view] = await subscriptionViews(ctx, [row]);
  return view!;
}

export function findSubscription(
  db: Db | Tx,
  organizationId: string,
  id: string,
  options: { lock?: boolean } = {},
) {
  return findOwnRow(db, 'subscriptions', organizationId, id, options);
}
