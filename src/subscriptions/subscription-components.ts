import type { Selectable } from 'kysely';
import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import { resolveReference } from '../catalog/catalog-store.ts';
import { planTermsByIds } from '../catalog/plan-terms-lookup.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import type { SubscriptionComponentsTable } from '../db/schema.ts';
import { type Db, type Tx, transact } from '../db/transaction.ts';
import { laterDate } from '../domain/periods.ts';
import { type FieldError, fail, ok, type Result } from '../errors.ts';
import { dateString, instant, isoInstant } from '../http/common-schemas.ts';
import { newId } from '../ids.ts';
import { subscriptionComponentExample } from './subscription-examples.ts';
import { phaseOn, phasesOf } from './subscription-phases.ts';
import { findSubscription } from './subscription-view.ts';

export type SubscriptionComponentRow = Selectable<SubscriptionComponentsTable>;

export const subscriptionComponentSchema = z
  .object({
    uuid: z.uuid(),
    subscription: z.uuid(),
    component: z.uuid(),
    quantity: z.number().int().nullable().describe('null for a metered component: usage decides'),
    start_date: dateString,
    end_date: dateString.nullable(),
    created_date: instant,
  })
  .meta({ id: 'SubscriptionComponent', examples: [subscriptionComponentExample] });

export function subscriptionComponentView(row: SubscriptionComponentRow) {
  return {
    uuid: row.id,
    subscription: row.subscription_id,
    component: row.component_id,
    quantity: row.quantity,
    start_date: row.start_date,
    end_date: row.end_date,
    created_date: isoInstant(row.created_at)!,
  };
}

export function componentsOfSubscription(db: Db | Tx, organizationId: string, subscriptionId: string) {
  return db
    .selectFrom('subscription_components')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('subscription_id', '=', subscriptionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export interface NewSubscriptionComponent {
  component: string;
  quantity?: number | null | undefined;
  start_date?: string | undefined;
}

function invalid<T>(field: string, code: string, message: string): Result<T> {
  const errors: FieldError[] = [{ field, code, message }];
  return fail('validation_failed', message, errors);
}

/**
 * Adds a component to a running subscription: a recurring add-on with a quantity, or a metered
 * component whose usage will be billed. It must fit the subscription's plan and currency, and a
 * component runs at most once at a time on one subscription.
 */
export async function addSubscriptionComponent(
  ctx: UseCaseContext,
  subscriptionId: string,
  input: NewSubscriptionComponent,
): Promise<Result<ReturnType<typeof subscriptionComponentView>>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const subscription = await findSubscription(tx, organizationId, subscriptionId, { lock: true });
    if (!subscription) return fail('not_found', `no subscription ${subscriptionId}`);
    const today = todayIn(ctx.clock, ctx.actor.organization.timezone);
    const startDate = input.start_date ?? laterDate(today, subscription.start_date);
    if (subscription.end_date !== null && startDate >= subscription.end_date)
      return invalid(
        'start_date',
        'after_end',
        `start_date: the subscription ends on ${subscription.end_date}`,
      );
    if (startDate < subscription.start_date)
      return invalid(
        'start_date',
        'before_start',
        `start_date: the subscription starts on ${subscription.start_date}`,
      );
    const component = await resolveReference(
      tx,
      'components',
      organizationId,
      input.component,
      'component',
      'component',
    );
    if (!component.ok) return component;
    const phase = phaseOn(
      (await phasesOf(tx, organizationId, [subscription.id])).get(subscription.id) ?? [],
      startDate,
    );
    const terms = (await planTermsByIds(tx, organizationId, [phase.plan_terms_id])).get(phase.plan_terms_id)!;
    const c = component.value;
    if (c.plan_id !== null && c.plan_id !== terms.plan_id)
      return invalid('component', 'other_plan', `component: ${c.code} belongs to another plan`);
    if (c.currency !== terms.currency)
      return invalid(
        'component',
        'currency',
        `component: ${c.code} is priced in ${c.currency}, the subscription in ${terms.currency}`,
      );
    const metered = c.kind === 'metered';
    if (metered && input.quantity !== undefined && input.quantity !== null)
      return invalid('quantity', 'metered', 'quantity: a metered component has none; its usage is billed');
    const running = (await componentsOfSubscription(tx, organizationId, subscription.id)).find(
      (row) => row.component_id === c.id && (row.end_date === null || row.end_date > startDate),
    );
    if (running)
      return invalid(
        'component',
        'duplicate',
        `component: ${c.code} already runs on this subscription; change its quantity with an order`,
      );
    const now = ctx.clock.now();
    const row = await tx
      .insertInto('subscription_components')
      .values({
        organization_id: organizationId,
        id: newId(),
        subscription_id: subscription.id,
        component_id: c.id,
        quantity: metered ? null : (input.quantity ?? 1),
        start_date: startDate,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // The subscription changed: an order priced before this (say, adding the same component) is stale.
    await tx
      .updateTable('subscriptions')
      .set({ updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', subscription.id)
      .execute();
    const view = subscriptionComponentView(row);
    await recordChange(tx, ctx, {
      action: 'subscription_component.created',
      entityType: 'subscription_component',
      entityId: row.id,
      before: null,
      after: view,
    });
    return ok(view);
  });
}
