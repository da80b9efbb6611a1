import { Decimal } from 'decimal.js';
import { findAccount } from '../accounts/find-account.ts';
import { billingInterval, planTermsByIds } from '../catalog/plan-terms-lookup.ts';
import type { UseCaseContext } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { toMinorUnits } from '../domain/money.ts';
import { fail, ok, type Result } from '../errors.ts';
import { writeEvent } from '../events/write-event.ts';
import { newId } from '../ids.ts';
import { insertSubscription } from '../subscriptions/create-subscription.ts';
import { findSubscription, subscriptionView } from '../subscriptions/subscription-view.ts';
import type { OrderPlan } from './order-request.ts';
import type { OrderRow, OrderView } from './order-view.ts';

/** Refuses a commit when the subscription changed after the order was priced: the price may be wrong. */
export async function staleFailure(
  tx: Tx,
  organizationId: string,
  row: OrderRow,
): Promise<Result<never> | null> {
  if (row.subscription_id === null || row.subscription_version === null || row.type === 'new_subscription')
    return null;
  const subscription = await findSubscription(tx, organizationId, row.subscription_id, { lock: true });
  if (
    !subscription ||
    new Date(subscription.updated_at).getTime() !== new Date(row.subscription_version).getTime()
  )
    return fail(
      'order_stale',
      `subscription ${row.subscription_id} changed after order ${row.id} was priced; create a new order`,
    );
  return null;
}

async function touchSubscription(tx: Tx, ctx: UseCaseContext, subscriptionId: string) {
  await tx
    .updateTable('subscriptions')
    .set({ updated_at: ctx.clock.now() })
    .where('organization_id', '=', ctx.actor.organizationId)
    .where('id', '=', subscriptionId)
    .execute();
}

/**
 * Carries out a committed (and, where required, approved) order in the caller's transaction: the
 * subscription, phase or component change it priced, and its one-off lines for the next invoice.
 * Answers the subscription it made or changed.
 */
export async function applyOrder(tx: Tx, ctx: UseCaseContext, row: OrderRow): Promise<Result<string | null>> {
  const organizationId = ctx.actor.organizationId;
  const { plan } = row.request as { plan: OrderPlan };
  const now = ctx.clock.now();
  let subscriptionId = row.subscription_id;

  if (plan.type === 'new_subscription') {
    const terms = (await planTermsByIds(tx, organizationId, [plan.termsId])).get(plan.termsId)!;
    if (terms.archived_at !== null)
      return fail('order_stale', `plan terms ${terms.id} were archived after the order was priced`);
    const account = await findAccount(tx, organizationId, plan.accountId);
    if (!account || account.archived_at !== null)
      return fail(
        'order_stale',
        `account ${account?.code ?? plan.accountId} was archived after the order was priced`,
      );
    const view = await insertSubscription(tx, ctx, {
      accountId: plan.accountId,
      terms,
      quantity: plan.quantity,
      collectionMethod: plan.collectionMethod,
      startDate: plan.startDate,
      orderId: row.id,
      externalId: plan.externalId ?? null,
      unitPrice: plan.unitPrice ?? null,
    });
    subscriptionId = view.uuid;
  } else if (plan.type === 'change_terms' || plan.type === 'change_quantity') {
    const where = tx
      .deleteFrom('subscription_phases')
      .where('organization_id', '=', organizationId)
      .where('subscription_id', '=', plan.subscriptionId);
    // Phases that would begin on or after the change are superseded by it.
    await where.where('start_date', '>=', plan.effectiveDate).execute();
    await tx
      .updateTable('subscription_phases')
      .set({ end_date: plan.effectiveDate })
      .where('organization_id', '=', organizationId)
      .where('subscription_id', '=', plan.subscriptionId)
      .where('start_date', '<', plan.effectiveDate)
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', plan.effectiveDate)]))
      .execute();
    const terms = (await planTermsByIds(tx, organizationId, [plan.termsId])).get(plan.termsId)!;
    if (!billingInterval(terms)) throw new Error('a change order onto terms without an interval');
    await tx
      .insertInto('subscription_phases')
      .values({
        organization_id: organizationId,
        id: newId(),
        subscription_id: plan.subscriptionId,
        plan_terms_id: plan.termsId,
        quantity: plan.quantity,
        start_date: plan.effectiveDate,
        anchor_date: plan.anchorDate,
        order_id: row.id,
        unit_price: plan.unitPrice ?? null,
        created_at: now,
      })
      .execute();
    await touchSubscription(tx, ctx, plan.subscriptionId);
  } else if (plan.type === 'add_component') {
    await tx
      .insertInto('subscription_components')
      .values({
        organization_id: organizationId,
        id: newId(),
        subscription_id: plan.subscriptionId,
        component_id: plan.componentId,
        quantity: plan.quantity,
        start_date: plan.effectiveDate,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await touchSubscription(tx, ctx, plan.subscriptionId);
  } else if (plan.type === 'remove_component') {
    await tx
      .updateTable('subscription_components')
      .set({ end_date: plan.effectiveDate, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', plan.subscriptionComponentId)
      .execute();
    await touchSubscription(tx, ctx, plan.subscriptionId);
  }

  const lines = (row.preview as Pick<OrderView, 'lines'>).lines.filter((line) => line.billing === 'one_off');
  if (lines.length > 0)
    await tx
      .insertInto('order_lines')
      .values(
        lines.map((line, index) => ({
          organization_id: organizationId,
          id: newId(),
          order_id: row.id,
          account_id: row.account_id,
          subscription_id: subscriptionId,
          line_no: index + 1,
          kind: line.kind,
          description: line.description,
          period_start: line.period_start,
          period_end: line.period_end,
          quantity: line.quantity,
          unit_price: line.unit_price,
          currency: row.currency,
          amount: toMinorUnits(new Decimal(line.amount), row.currency),
          discount: toMinorUnits(new Decimal(line.discount), row.currency),
          vat_rate: line.vat_rate,
          created_at: now,
        })),
      )
      .execute();
  // An order that changed a subscription (terms, quantity, components) is audited as the order's
  // commit or approval; the subscription's own event carries it as GET answers it now.
  if (plan.type !== 'new_subscription' && subscriptionId) {
    const changed = (await findSubscription(tx, organizationId, subscriptionId))!;
    await writeEvent(tx, organizationId, now, {
      type: 'subscription.updated',
      entityType: 'subscription',
      entityId: subscriptionId,
      payload: await subscriptionView({ ...ctx, db: tx }, changed),
    });
  }
  return ok(subscriptionId);
}
