import { Temporal } from '@js-temporal/polyfill';
import type { AccountRow } from '../accounts/account-view.ts';
import { findAccount } from '../accounts/find-account.ts';
import { billingInterval, type PlanTermsRow, planTermsByIds } from '../catalog/plan-terms-lookup.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import type { Interval } from '../domain/interval.ts';
import { laterDate, type Period, periodContaining } from '../domain/periods.ts';
import { fail, ok, type Result } from '../errors.ts';
import { type PhaseRow, phaseOn, phasesOf } from '../subscriptions/subscription-phases.ts';
import { findSubscription, type SubscriptionRow } from '../subscriptions/subscription-view.ts';
import { fieldError } from './order-draft.ts';

/** A running subscription as an order on it sees it: account, phases, and today's terms and period. */
export interface SubscriptionContext {
  subscription: SubscriptionRow;
  account: AccountRow;
  phases: PhaseRow[];
  today: string;
  /** The first day an immediate change can take: today, or the start if that is later. */
  firstDay: string;
}

export async function loadSubscriptionContext(
  ctx: UseCaseContext,
  tx: Tx,
  id: string,
): Promise<Result<SubscriptionContext>> {
  const organizationId = ctx.actor.organizationId;
  const subscription = await findSubscription(tx, organizationId, id);
  if (!subscription) return fieldError('subscription', 'not_found', `subscription: no subscription ${id}`);
  const today = todayIn(ctx.clock, ctx.actor.organization.timezone);
  if (subscription.end_date !== null && subscription.end_date <= today)
    return fail('archived', `subscription ${id} ended on ${subscription.end_date}`);
  const account = (await findAccount(tx, organizationId, subscription.account_id))!;
  const phases = (await phasesOf(tx, organizationId, [subscription.id])).get(subscription.id) ?? [];
  const firstDay = laterDate(today, subscription.start_date);
  return ok({ subscription, account, phases, today, firstDay });
}

/** The phase in force on a day, its terms, and the billing period containing the day. */
export async function phaseAt(
  ctx: UseCaseContext,
  tx: Tx,
  sc: SubscriptionContext,
  day: string,
): Promise<{ phase: PhaseRow; terms: PlanTermsRow; interval: Interval; period: Period }> {
  const phase = phaseOn(sc.phases, day);
  const terms = (await planTermsByIds(tx, ctx.actor.organizationId, [phase.plan_terms_id])).get(
    phase.plan_terms_id,
  )!;
  const interval = billingInterval(terms)!;
  const period = periodContaining(
    Temporal.PlainDate.from(phase.anchor_date),
    interval,
    Temporal.PlainDate.from(day),
  );
  return { phase, terms, interval, period };
}

/**
 * The day a change takes effect: at once (today, or the start), at the end of the current period,
 * or on a given day, which may not be in the past nor on or after the subscription's end.
 */
export async function effectiveDate(
  ctx: UseCaseContext,
  tx: Tx,
  sc: SubscriptionContext,
  request: {
    effective?: 'immediately' | 'period_end' | 'date' | undefined;
    effective_date?: string | undefined;
  },
  fallback: 'immediately' | 'period_end',
): Promise<Result<string>> {
  const how = request.effective ?? (request.effective_date ? 'date' : fallback);
  let day: string;
  if (how === 'date') {
    if (!request.effective_date)
      return fieldError('effective_date', 'required', 'effective_date: needed with effective "date"');
    if (request.effective_date < sc.firstDay)
      return fieldError(
        'effective_date',
        'past',
        `effective_date: ${sc.firstDay} at the earliest; changes are not backdated`,
      );
    day = request.effective_date;
  } else if (how === 'immediately') {
    day = sc.firstDay;
  } else {
    day = (await phaseAt(ctx, tx, sc, sc.firstDay)).period.end.toString();
  }
  if (sc.subscription.end_date !== null && day >= sc.subscription.end_date)
    return fieldError(
      'effective_date',
      'after_end',
      `effective_date: the subscription ends on ${sc.subscription.end_date}`,
    );
  return ok(day);
}

/** True while the subscription is in its free trial on `day`. */
export function inTrial(sc: SubscriptionContext, day: string): boolean {
  return sc.subscription.trial_end !== null && day < sc.subscription.trial_end;
}
