import { Temporal } from '@js-temporal/polyfill';
import { findCatalogRow, resolveReference } from '../catalog/catalog-store.ts';
import type { UseCaseContext } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { type PricedLine, priceLine } from '../domain/lines.ts';
import { prorationDays, prorationFactor } from '../domain/proration.ts';
import { ok, type Result } from '../errors.ts';
import { UUID_PATTERN } from '../http/common-schemas.ts';
import { componentsOfSubscription } from '../subscriptions/subscription-components.ts';
import { fieldError, type OrderDraft } from './order-draft.ts';
import type { OrderRequest } from './order-request.ts';
import { decimal, lineVatRate, pricingContext } from './pricing-context.ts';
import { effectiveDate, inTrial, loadSubscriptionContext, phaseAt } from './subscription-context.ts';

type ComponentRequest = Extract<OrderRequest, { type: 'add_component' | 'remove_component' }>;

/**
 * A component added to (at once, by default) or removed from (at the period end, by default) a
 * subscription. A recurring component is charged, or credited, for the rest of a paid period, by
 * days; a metered one costs nothing until its usage is billed.
 */
export async function priceComponentOrder(
  ctx: UseCaseContext,
  tx: Tx,
  request: ComponentRequest,
): Promise<Result<OrderDraft>> {
  const organizationId = ctx.actor.organizationId;
  const loaded = await loadSubscriptionContext(ctx, tx, request.subscription);
  if (!loaded.ok) return loaded;
  const sc = loaded.value;
  const adding = request.type === 'add_component';
  const effective = await effectiveDate(ctx, tx, sc, request, adding ? 'immediately' : 'period_end');
  if (!effective.ok) return effective;
  const day = effective.value;
  const at = await phaseAt(ctx, tx, sc, day);
  const running = (await componentsOfSubscription(tx, organizationId, sc.subscription.id)).filter(
    (c) => c.start_date <= day && (c.end_date === null || c.end_date > day),
  );

  const component = await resolveReference(
    tx,
    'components',
    organizationId,
    request.component,
    'component',
    'component',
  );
  // Removal may name an archived component: what runs must be removable whatever the catalog says now.
  let componentRow = adding
    ? component.ok
      ? component.value
      : null
    : ((await findCatalogRow(tx, 'components', organizationId, request.component)) ?? null);
  let subscriptionComponentId: string | null = null;
  if (!adding) {
    // Removal may name the running subscription component itself, or the catalog component.
    const byId = UUID_PATTERN.test(request.component)
      ? running.find((c) => c.id === request.component.toLowerCase())
      : undefined;
    const match = byId ?? running.find((c) => c.component_id === componentRow?.id);
    if (!match)
      return fieldError(
        'component',
        'not_running',
        `component: ${request.component} does not run on this subscription on ${day}`,
      );
    subscriptionComponentId = match.id;
    if (!componentRow || componentRow.id !== match.component_id)
      componentRow = (await findCatalogRow(tx, 'components', organizationId, match.component_id)) ?? null;
  } else if (!component.ok) {
    return component;
  }
  const c = componentRow!;
  if (adding) {
    if (c.plan_id !== null && c.plan_id !== at.terms.plan_id)
      return fieldError('component', 'other_plan', `component: ${c.code} belongs to another plan`);
    if (c.currency !== at.terms.currency)
      return fieldError(
        'component',
        'currency',
        `component: ${c.code} is priced in ${c.currency}, the subscription in ${at.terms.currency}`,
      );
    if (c.kind === 'metered' && request.quantity !== undefined)
      return fieldError('quantity', 'metered', 'quantity: a metered component has none');
    if (running.some((r) => r.component_id === c.id))
      return fieldError('component', 'duplicate', `component: ${c.code} already runs on this subscription`);
  }
  const quantity =
    c.kind === 'metered'
      ? null
      : adding
        ? (request.quantity ?? 1)
        : running.find((r) => r.id === subscriptionComponentId)!.quantity;

  const lines: PricedLine[] = [];
  const change = Temporal.PlainDate.from(day);
  if (
    c.kind === 'recurring' &&
    quantity !== null &&
    !inTrial(sc, day) &&
    Temporal.PlainDate.compare(change, at.period.start) > 0
  ) {
    lines.push(
      priceLine({
        description: `${c.name as string} × ${quantity}, ${adding ? 'rest of the period' : 'unused rest of the period'} (${prorationDays(at.period, change, at.period.end)})`,
        kind: adding ? 'charge' : 'credit',
        billing: 'one_off',
        period: { start: day, end: at.period.end.toString() },
        quantity: decimal(quantity),
        unitPrice: decimal(c.price as string),
        factor: prorationFactor(at.period, change, at.period.end),
        vatRate: await lineVatRate(pricingContext(ctx, tx, sc.account), c.tax_category_id as string | null),
        currency: c.currency as string,
      }),
    );
  }
  return ok({
    plan: adding
      ? {
          type: 'add_component',
          subscriptionId: sc.subscription.id,
          componentId: c.id,
          quantity,
          effectiveDate: day,
        }
      : {
          type: 'remove_component',
          subscriptionId: sc.subscription.id,
          subscriptionComponentId: subscriptionComponentId!,
          effectiveDate: day,
        },
    lines,
    currency: at.terms.currency,
    accountId: sc.account.id,
    subscriptionId: sc.subscription.id,
    subscriptionVersion: new Date(sc.subscription.updated_at),
    effectiveDate: day,
  });
}
