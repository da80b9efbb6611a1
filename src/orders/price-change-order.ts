import { Temporal } from '@js-temporal/polyfill';
import type { Decimal } from 'decimal.js';
import { recurringPeriodBilled } from '../billing/billed-periods.ts';
import { billingInterval, type PlanTermsRow } from '../catalog/plan-terms-lookup.ts';
import { sellablePlanTerms } from '../catalog/sellable-plan-terms.ts';
import type { UseCaseContext } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { discountedUnitPrice } from '../domain/discount-tiers.ts';
import type { Interval } from '../domain/interval.ts';
import { type PricedLine, priceLine } from '../domain/lines.ts';
import { daysBetween, type Period, periodAt, periodContaining } from '../domain/periods.ts';
import { prorationDays, prorationFactor } from '../domain/proration.ts';
import { ok, type Result } from '../errors.ts';
import { phasePrice } from '../subscriptions/subscription-phases.ts';
import { fieldError, type OrderDraft } from './order-draft.ts';
import type { OrderRequest } from './order-request.ts';
import {
  contractTier,
  decimal,
  lineVatRate,
  type PricingContext,
  pricingContext,
} from './pricing-context.ts';
import { effectiveDate, inTrial, loadSubscriptionContext, phaseAt } from './subscription-context.ts';

type ChangeRequest = Extract<OrderRequest, { type: 'change_terms' | 'change_quantity' }>;

const sameInterval = (a: Interval, b: Interval) => a.unit === b.unit && a.count === b.count;
const label = (terms: PlanTermsRow) => terms.name ?? terms.code ?? 'Subscription';

/** What a quantity on terms costs per day of a period, after the contract tier: to tell up from down. */
async function dailyRate(
  pc: PricingContext,
  terms: PlanTermsRow,
  price: string,
  quantity: number,
  period: Period,
): Promise<Decimal> {
  const tier = await contractTier(pc, terms.id, period.start.toString(), quantity);
  return discountedUnitPrice(decimal(price), tier).times(quantity).div(daysBetween(period.start, period.end));
}

/**
 * An upgrade or downgrade of plan terms, or a quantity change. Upgrades (a higher daily price) act at
 * once by default, downgrades at the end of the period; the order may say otherwise. Within a period
 * already paid, the unused rest of the old is credited and the rest of the new charged, day-based.
 * If the billing interval changes, the new terms' periods start on the day of the change.
 */
export async function priceChangeOrder(
  ctx: UseCaseContext,
  tx: Tx,
  request: ChangeRequest,
): Promise<Result<OrderDraft>> {
  const loaded = await loadSubscriptionContext(ctx, tx, request.subscription);
  if (!loaded.ok) return loaded;
  const sc = loaded.value;
  const pc = pricingContext(ctx, tx, sc.account);
  const now = await phaseAt(ctx, tx, sc, sc.firstDay);

  let newTerms = now.terms;
  if (request.type === 'change_terms') {
    const found = await sellablePlanTerms(tx, ctx.actor.organizationId, request.terms, 'terms', {
      kind: 'recurring',
    });
    if (!found.ok) return found;
    newTerms = found.value;
    if (newTerms.currency !== now.terms.currency)
      return fieldError(
        'terms',
        'currency',
        `terms: priced in ${newTerms.currency}, the subscription in ${now.terms.currency}`,
      );
  }
  const newQuantity = request.quantity ?? now.phase.quantity;
  if (newTerms.id === now.terms.id && newQuantity === now.phase.quantity)
    return fieldError(
      request.type === 'change_terms' ? 'terms' : 'quantity',
      'unchanged',
      'the subscription is already on these terms and this quantity',
    );

  const newInterval = billingInterval(newTerms)!;
  const comparePeriod = sameInterval(now.interval, newInterval)
    ? now.period
    : periodAt(Temporal.PlainDate.from(sc.firstDay), newInterval, 0);
  // The subscription's own price (an import's override) stays while its terms do.
  const newPrice = newTerms.id === now.terms.id ? phasePrice(now.phase, now.terms) : newTerms.price;
  const upgrade = (await dailyRate(pc, newTerms, newPrice, newQuantity, comparePeriod)).gt(
    await dailyRate(pc, now.terms, phasePrice(now.phase, now.terms), now.phase.quantity, now.period),
  );
  const effective = await effectiveDate(ctx, tx, sc, request, upgrade ? 'immediately' : 'period_end');
  if (!effective.ok) return effective;
  const day = effective.value;
  const at = await phaseAt(ctx, tx, sc, day);
  const keepAnchor = sameInterval(at.interval, newInterval);
  // A new interval anchors its periods on the change, or, during a trial, on the trial's end: the first
  // paid period starts when the trial ends.
  const anchorDate = keepAnchor ? at.phase.anchor_date : inTrial(sc, day) ? sc.subscription.trial_end! : day;
  const change = Temporal.PlainDate.from(day);
  const newVat = await lineVatRate(pc, newTerms.tax_category_id);
  const lines: PricedLine[] = [];

  // On the first day of a period the run has billed already, the whole period is prorated (factor 1):
  // the run will not charge that period again, so the order credits the old fee and charges the new one.
  const startsBilledPeriod =
    Temporal.PlainDate.compare(change, at.period.start) === 0 &&
    (await recurringPeriodBilled(tx, ctx.actor.organizationId, sc.subscription.id, day));
  if (!inTrial(sc, day) && (Temporal.PlainDate.compare(change, at.period.start) > 0 || startsBilledPeriod)) {
    const rest = { start: day, end: at.period.end.toString() };
    const factor = prorationFactor(at.period, change, at.period.end);
    const days = prorationDays(at.period, change, at.period.end);
    lines.push(
      priceLine({
        description: `Unused time on ${label(at.terms)} × ${at.phase.quantity} (${days})`,
        kind: 'credit',
        billing: 'one_off',
        period: rest,
        quantity: decimal(at.phase.quantity),
        unitPrice: decimal(phasePrice(at.phase, at.terms)),
        tier: await contractTier(pc, at.terms.id, at.period.start.toString(), at.phase.quantity),
        factor,
        vatRate: await lineVatRate(pc, at.terms.tax_category_id),
        currency: at.terms.currency,
      }),
    );
    if (keepAnchor) {
      lines.push(
        priceLine({
          description: `Remaining time on ${label(newTerms)} × ${newQuantity} (${days})`,
          kind: 'charge',
          billing: 'one_off',
          period: rest,
          quantity: decimal(newQuantity),
          unitPrice: decimal(newPrice),
          tier: await contractTier(pc, newTerms.id, day, newQuantity),
          factor,
          vatRate: newVat,
          currency: newTerms.currency,
        }),
      );
    }
  }
  const prorated = lines.length > 0;
  if (!inTrial(sc, day) && (!prorated || !keepAnchor)) {
    // From a period boundary (or with a new interval) the new terms' next period is billed in advance:
    // by the run, unless a period starting today was billed already (its key is taken): then by the order.
    const next = keepAnchor
      ? periodContaining(Temporal.PlainDate.from(anchorDate), newInterval, change)
      : periodAt(change, newInterval, 0);
    lines.push(
      priceLine({
        description: `${label(newTerms)} × ${newQuantity}`,
        kind: 'charge',
        billing: startsBilledPeriod ? 'one_off' : 'recurring',
        period: { start: next.start.toString(), end: next.end.toString() },
        quantity: decimal(newQuantity),
        unitPrice: decimal(newPrice),
        tier: await contractTier(pc, newTerms.id, next.start.toString(), newQuantity),
        vatRate: newVat,
        currency: newTerms.currency,
      }),
    );
  }
  return ok({
    plan: {
      type: request.type,
      subscriptionId: sc.subscription.id,
      termsId: newTerms.id,
      quantity: newQuantity,
      effectiveDate: day,
      anchorDate,
      unitPrice: newTerms.id === now.terms.id ? now.phase.unit_price : null,
    },
    lines,
    currency: newTerms.currency,
    accountId: sc.account.id,
    subscriptionId: sc.subscription.id,
    subscriptionVersion: new Date(sc.subscription.updated_at),
    effectiveDate: day,
  });
}
