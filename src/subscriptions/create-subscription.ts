import { Temporal } from '@js-temporal/polyfill';
import { findAccount } from '../accounts/find-account.ts';
import { recordChange } from '../audit/record-change.ts';
import type { PlanTermsRow } from '../catalog/plan-terms-lookup.ts';
import { sellablePlanTerms } from '../catalog/sellable-plan-terms.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import { type Tx, transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { type SubscriptionView, subscriptionView } from './subscription-view.ts';

export interface NewSubscription {
  account: string;
  terms: string;
  quantity?: number | undefined;
  collection_method?: 'card' | 'invoice' | undefined;
  start_date?: string | undefined;
}

/**
 * Writes a subscription in the caller's transaction, with its audit record and event: for this use
 * case and for the commit of an order. The trial (the terms' trial days) runs from the start.
 */
export async function insertSubscription(
  tx: Tx,
  ctx: UseCaseContext,
  fields: {
    accountId: string;
    terms: PlanTermsRow;
    quantity: number;
    collectionMethod: 'card' | 'invoice';
    startDate: string;
    externalId?: string | null;
    orderId?: string | null;
    /** A price of its own instead of the terms' (an import's override). */
    unitPrice?: string | null;
  },
): Promise<SubscriptionView> {
  const now = ctx.clock.now();
  const trialEnd =
    fields.terms.trial_days > 0
      ? Temporal.PlainDate.from(fields.startDate).add({ days: fields.terms.trial_days }).toString()
      : null;
  const row = await tx
    .insertInto('subscriptions')
    .values({
      organization_id: ctx.actor.organizationId,
      id: newId(),
      account_id: fields.accountId,
      collection_method: fields.collectionMethod,
      start_date: fields.startDate,
      trial_end: trialEnd,
      external_id: fields.externalId ?? null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('subscription_phases')
    .values({
      organization_id: ctx.actor.organizationId,
      id: newId(),
      subscription_id: row.id,
      plan_terms_id: fields.terms.id,
      quantity: fields.quantity,
      start_date: fields.startDate,
      anchor_date: trialEnd ?? fields.startDate,
      order_id: fields.orderId ?? null,
      unit_price: fields.unitPrice ?? null,
      created_at: now,
    })
    .execute();
  const view = await subscriptionView({ ...ctx, db: tx }, row);
  await recordChange(tx, ctx, {
    action: 'subscription.created',
    entityType: 'subscription',
    entityId: row.id,
    before: null,
    after: view,
  });
  return view;
}

/** Step 4 of seed 000: an account subscribes to plan terms. */
export async function createSubscription(
  ctx: UseCaseContext,
  input: NewSubscription,
): Promise<Result<SubscriptionView>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const account = await findAccount(tx, organizationId, input.account, { lock: true });
    if (!account) {
      const message = `account: no account ${input.account}`;
      return fail('validation_failed', message, [{ field: 'account', code: 'not_found', message }]);
    }
    if (account.archived_at !== null) {
      const message = `account: account ${account.code} is archived`;
      return fail('validation_failed', message, [{ field: 'account', code: 'archived', message }]);
    }
    const terms = await sellablePlanTerms(tx, organizationId, input.terms, 'terms', { kind: 'recurring' });
    if (!terms.ok) return terms;
    const view = await insertSubscription(tx, ctx, {
      accountId: account.id,
      terms: terms.value,
      quantity: input.quantity ?? 1,
      collectionMethod: input.collection_method ?? 'invoice',
      startDate: input.start_date ?? todayIn(ctx.clock, ctx.actor.organization.timezone),
    });
    return ok(view);
  });
}
