import { z } from 'zod';
import { findCatalogRow } from '../catalog/catalog-store.ts';
import { priceText } from '../catalog/catalog-view.ts';
import { planTermsByIds } from '../catalog/plan-terms-lookup.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import { applicableTier } from '../contracts/applicable-tier.ts';
import { fail, ok, type Result } from '../errors.ts';
import { dateString } from '../http/common-schemas.ts';
import { componentsOfSubscription } from './subscription-components.ts';
import { subscriptionOverviewExample } from './subscription-examples.ts';
import { shownDay } from './subscription-state.ts';
import { findSubscription, subscriptionSchema, subscriptionView } from './subscription-view.ts';

export const subscriptionOverviewSchema = z
  .object({
    subscription: subscriptionSchema,
    plan_terms: z.object({
      uuid: z.uuid(),
      plan: z.uuid(),
      price: z.string(),
      currency: z.string(),
      interval: z.string().nullable(),
      interval_count: z.number().int().nullable(),
    }),
    discount: z
      .object({
        contract: z.uuid(),
        minimum_quantity: z.number().int(),
        discount: z.string(),
        discount_type: z.enum(['percentage', 'amount']),
      })
      .nullable()
      .describe('The contract tier the current quantity gets, if any'),
    components: z.array(
      z.object({
        uuid: z.uuid(),
        component: z.uuid(),
        code: z.string(),
        name: z.string(),
        kind: z.enum(['recurring', 'metered']),
        quantity: z.number().int().nullable(),
        price: z.string().nullable(),
        start_date: dateString,
        end_date: dateString.nullable(),
      }),
    ),
  })
  .meta({ id: 'SubscriptionOverview', examples: [subscriptionOverviewExample] });

/** All that is current on a subscription in one answer: its terms, its contract discount, its components. */
export async function subscriptionOverview(
  ctx: UseCaseContext,
  id: string,
): Promise<Result<z.output<typeof subscriptionOverviewSchema>>> {
  const organizationId = ctx.actor.organizationId;
  const row = await findSubscription(ctx.db, organizationId, id);
  if (!row) return fail('not_found', `no subscription ${id}`);
  const view = await subscriptionView(ctx, row);
  const day = shownDay(row, todayIn(ctx.clock, ctx.actor.organization.timezone));
  const terms = (await planTermsByIds(ctx.db, organizationId, [view.terms])).get(view.terms)!;
  const tier = await applicableTier(ctx.db, organizationId, row.account_id, terms.id, day, view.quantity);
  const current = (await componentsOfSubscription(ctx.db, organizationId, row.id)).filter(
    (c) => c.start_date <= day && (c.end_date === null || c.end_date > day),
  );
  const components = [];
  for (const c of current) {
    const component = (await findCatalogRow(ctx.db, 'components', organizationId, c.component_id))!;
    components.push({
      uuid: c.id,
      component: c.component_id,
      code: component.code as string,
      name: component.name as string,
      kind: component.kind as 'recurring' | 'metered',
      quantity: c.quantity,
      price:
        component.price === null ? null : priceText(component.price as string, component.currency as string),
      start_date: c.start_date,
      end_date: c.end_date,
    });
  }
  return ok({
    subscription: view,
    plan_terms: {
      uuid: terms.id,
      plan: terms.plan_id,
      price: priceText(terms.price, terms.currency),
      currency: terms.currency,
      interval: terms.interval_unit,
      interval_count: terms.interval_count,
    },
    discount: tier
      ? {
          contract: tier.contract,
          minimum_quantity: tier.minimum_quantity,
          discount: tier.discount.toFixed(2),
          discount_type: tier.discount_type,
        }
      : null,
    components,
  });
}
