import { Decimal } from 'decimal.js';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import { referenceId } from '../catalog/catalog-store.ts';
import { planTermsByIds } from '../catalog/plan-terms-lookup.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import type { RatedItemsTable } from '../db/tables-usage.ts';
import { type Db, type Tx, transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { instant, isoInstant, UUID_PATTERN } from '../http/common-schemas.ts';
import { newId } from '../ids.ts';
import { phaseOn, phasesOf } from '../subscriptions/subscription-phases.ts';
import { findSubscription } from '../subscriptions/subscription-view.ts';
import { ratedItemExample } from './rated-item-examples.ts';

type RatedItemRow = Selectable<RatedItemsTable>;

export const ratedItemSchema = z
  .object({
    uuid: z.uuid(),
    subscription: z.uuid(),
    account: z.uuid(),
    description: z.string(),
    quantity: z.string(),
    unit_price: z.string(),
    currency: z.string(),
    tax_category: z.uuid().nullable(),
    billed: z.boolean(),
    created_date: instant,
  })
  .meta({ id: 'RatedItem', examples: [ratedItemExample] });

export function ratedItemView(row: RatedItemRow): z.output<typeof ratedItemSchema> {
  return {
    uuid: row.id,
    subscription: row.subscription_id,
    account: row.account_id,
    description: row.description,
    quantity: new Decimal(row.quantity).toString(),
    unit_price: new Decimal(row.unit_price).toString(),
    currency: row.currency,
    tax_category: row.tax_category_id,
    billed: row.billed_at !== null,
    created_date: isoInstant(row.created_at)!,
  };
}

export function ratedItemsOf(db: Db | Tx, organizationId: string, subscriptionId: string) {
  return db
    .selectFrom('rated_items')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('subscription_id', '=', subscriptionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export interface NewRatedItem {
  description: string;
  quantity: string;
  unit_price: string;
  tax_category?: string | null | undefined;
}

/** A one-off charge on a subscription, in its currency, for the next invoice. */
export async function createRatedItem(
  ctx: UseCaseContext,
  subscriptionId: string,
  input: NewRatedItem,
): Promise<Result<z.output<typeof ratedItemSchema>>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const subscription = await findSubscription(tx, organizationId, subscriptionId);
    if (!subscription) return fail('not_found', `no subscription ${subscriptionId}`);
    const today = todayIn(ctx.clock, ctx.actor.organization.timezone);
    if (subscription.end_date !== null && subscription.end_date <= today)
      return fail('archived', `subscription ${subscriptionId} has ended`);
    if (new Decimal(input.quantity).lte(0)) {
      const message = 'quantity: more than 0';
      return fail('validation_failed', message, [{ field: 'quantity', code: 'not_positive', message }]);
    }
    const taxCategory = await referenceId(
      tx,
      'tax_categories',
      organizationId,
      input.tax_category,
      null,
      'tax_category',
      'tax category',
    );
    if (!taxCategory.ok) return taxCategory;
    const phase = phaseOn(
      (await phasesOf(tx, organizationId, [subscription.id])).get(subscription.id) ?? [],
      today,
    );
    const terms = (await planTermsByIds(tx, organizationId, [phase.plan_terms_id])).get(phase.plan_terms_id)!;
    const row = await tx
      .insertInto('rated_items')
      .values({
        organization_id: organizationId,
        id: newId(),
        subscription_id: subscription.id,
        account_id: subscription.account_id,
        description: input.description,
        quantity: input.quantity,
        unit_price: input.unit_price,
        currency: terms.currency,
        tax_category_id: taxCategory.value,
        created_at: ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = ratedItemView(row);
    await recordChange(tx, ctx, {
      action: 'rated_item.created',
      entityType: 'rated_item',
      entityId: row.id,
      before: null,
      after: view,
    });
    return ok(view);
  });
}

/** Removes a rated item while it is unbilled. */
export async function deleteRatedItem(
  ctx: UseCaseContext,
  subscriptionId: string,
  id: string,
): Promise<Result<{ uuid: string }>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const row = UUID_PATTERN.test(id)
      ? (await ratedItemsOf(tx, organizationId, subscriptionId.toLowerCase())).find(
          (r) => r.id === id.toLowerCase(),
        )
      : undefined;
    if (!row) return fail('not_found', `no rated item ${id} on subscription ${subscriptionId}`);
    if (row.billed_at !== null)
      return fail('already_billed', `rated item ${id} is on invoice draft ${row.draft_id}`);
    await tx
      .deleteFrom('rated_items')
      .where('organization_id', '=', organizationId)
      .where('id', '=', row.id)
      .execute();
    await recordChange(tx, ctx, {
      action: 'rated_item.deleted',
      entityType: 'rated_item',
      entityId: row.id,
      before: ratedItemView(row),
      after: null,
    });
    return ok({ uuid: row.id });
  });
}
