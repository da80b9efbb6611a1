import { Decimal } from 'decimal.js';
import { billingInterval } from '../catalog/plan-terms-lookup.ts';
import { dayStart } from '../clock.ts';
import type { DraftLineSource } from '../db/tables-billing.ts';
import { type BillingPhase, recurringPeriodsToBill, usageWindowsToBill } from '../domain/billing-periods.ts';
import { addToIso, daysFromTo } from '../domain/calendar.ts';
import { priceLine } from '../domain/lines.ts';
import { toMinorUnits } from '../domain/money.ts';
import { type VatParties, vatRate } from '../domain/vat.ts';
import { phasePrice } from '../subscriptions/subscription-phases.ts';
import type { BatchData, BatchSubscription } from './batch-data.ts';
import { lateUsageLines, pricedUsage } from './late-usage.ts';

/** A charge for a draft, keyed so that it is written once whatever happens. */
export interface Charge {
  accountId: string;
  currency: string;
  subscriptionId: string | null;
  chargeKey: string;
  source: Exclude<DraftLineSource, 'manual'>;
  description: string;
  periodStart: string | null;
  periodEnd: string | null;
  quantity: Decimal;
  unitPrice: Decimal;
  discount: number;
  amount: number;
  vatRate: Decimal;
  late: boolean;
  /** Late usage records or the rated item this charge bills, to mark them billed with it. */
  usageIds?: string[];
  ratedItemId?: string;
}

export interface SubscriptionBilling {
  charges: Charge[];
  /** Late usage that changed nothing its period costs: billed without a line. */
  settledUsageIds: string[];
  nextPeriodFrom: string | null;
  usageFrom: string | null;
}

const nextDays = new Map<string, string>();

/** The day after: remembered, since a run asks it about the same few period starts for every subscription. */
function nextDay(day: string): string {
  let next = nextDays.get(day);
  if (next === undefined) {
    next = addToIso(day, 'day', 1);
    if (nextDays.size >= 10_000) nextDays.clear();
    nextDays.set(day, next);
  }
  return next;
}

/**
 * Everything one subscription owes by the billing date: recurring fees and recurring components in
 * advance for each new period, metered usage in arrears for each closed one (late usage apart, marked
 * late), and its rated items; contract tiers and VAT applied per line.
 */
export function subscriptionCharges(
  data: BatchData,
  sub: BatchSubscription,
  billingDate: string,
  organization: { country: string; timezone: string },
): SubscriptionBilling {
  const account = data.accounts.get(sub.account_id)!;
  const parties: VatParties = {
    sellerCountry: organization.country,
    buyerCountry: account.legal_country,
    buyerIsBusiness: account.type === 'company',
    buyerVatNumber: account.vat_number,
  };
  const vatFor = (taxCategoryId: string | null) =>
    vatRate(parties, taxCategoryId ? (data.taxRates.get(taxCategoryId) ?? null) : null);
  const phases = data.phases.get(sub.id) ?? [];
  const billingPhases: BillingPhase[] = phases.map((p, index) => ({
    index,
    start_date: p.start_date,
    end_date: p.end_date,
    anchor_date: p.anchor_date,
    interval: billingInterval(data.terms.get(p.plan_terms_id)!)!,
  }));
  const state = data.state.get(sub.id);
  const charges: Charge[] = [];
  const ownComponents = data.components.get(sub.id) ?? [];
  const base = { accountId: sub.account_id, subscriptionId: sub.id, late: false };

  const periods = recurringPeriodsToBill(sub, billingPhases, state?.next_period_from ?? null, billingDate);
  for (const period of periods) {
    const phase = phases[period.phase]!;
    const terms = data.terms.get(phase.plan_terms_id)!;
    // A period cut short by the end states the days it bills, and its period ends with the service.
    const billed = { start: period.start, end: period.until };
    const cutShort = period.until === period.end ? '' : ` (${partOfPeriod(period)})`;
    const line = priceLine({
      description: `${terms.name ?? terms.code ?? 'Subscription'} × ${phase.quantity}${cutShort}`,
      kind: 'charge',
      billing: 'recurring',
      period: billed,
      quantity: new Decimal(phase.quantity),
      unitPrice: new Decimal(phasePrice(phase, terms)),
      tier: data.contracts.tierFor(sub.account_id, terms.id, period.start, phase.quantity),
      factor: period.factor,
      vatRate: vatFor(terms.tax_category_id),
      currency: terms.currency,
    });
    charges.push({
      ...base,
      ...fromLine(line),
      currency: terms.currency,
      chargeKey: `r:${sub.id}:${period.start}`,
      source: 'recurring',
    });
    for (const sc of ownComponents) {
      const component = data.catalogComponents.get(sc.component_id)!;
      const running = sc.start_date <= period.start && (sc.end_date === null || sc.end_date > period.start);
      if (!running || component.kind !== 'recurring' || sc.quantity === null) continue;
      const componentLine = priceLine({
        description: `${component.name} × ${sc.quantity}${cutShort}`,
        kind: 'charge',
        billing: 'recurring',
        period: billed,
        quantity: new Decimal(sc.quantity),
        unitPrice: new Decimal(component.price!),
        factor: period.factor,
        vatRate: vatFor(component.tax_category_id),
        currency: component.currency,
      });
      charges.push({
        ...base,
        ...fromLine(componentLine),
        currency: component.currency,
        chargeKey: `c:${sc.id}:${period.start}`,
        source: 'component',
      });
    }
  }

  const usageFromBefore = state?.usage_from ?? null;
  const windows = usageWindowsToBill(sub, billingPhases, usageFromBefore, billingDate);
  const metered = ownComponents.filter(
    (sc) => data.catalogComponents.get(sc.component_id)?.kind === 'metered',
  );
  const records = data.usage.get(sub.id) ?? [];
  const usageCharge = (
    componentId: string,
    recs: typeof records,
    key: string,
    start: string | null,
    end: string | null,
  ) => {
    const component = data.catalogComponents.get(componentId)!;
    const { quantity, exact } = pricedUsage(component, recs);
    charges.push({
      ...base,
      currency: component.currency,
      chargeKey: key,
      source: 'usage',
      description: component.name,
      periodStart: start,
      periodEnd: end,
      quantity,
      unitPrice: quantity.isZero() ? new Decimal(0) : exact.div(quantity).toDecimalPlaces(6),
      discount: 0,
      amount: toMinorUnits(exact, component.currency),
      vatRate: vatFor(component.tax_category_id),
      late: false,
    });
  };
  // Late usage re-rates the period it belongs to; a line only where that changes what the period costs.
  const settledUsageIds: string[] = [];
  const lateLines = lateUsageLines(
    sub,
    billingPhases,
    usageFromBefore,
    organization.timezone,
    records.filter((r) => r.late && metered.some((sc) => sc.component_id === r.component_id)),
    data.billedUsage.get(sub.id) ?? [],
    data.catalogComponents,
  );
  for (const late of lateLines) {
    if (late.amount === 0) {
      settledUsageIds.push(...late.usageIds);
      continue;
    }
    const component = data.catalogComponents.get(late.componentId)!;
    const quantity = late.quantityAfter.minus(late.quantityBefore);
    charges.push({
      ...base,
      currency: component.currency,
      chargeKey: `ul:${sub.id}:${late.componentId}:${late.firstId}`,
      source: 'usage',
      description: `${component.name} (usage reported late: ${late.quantityBefore} → ${late.quantityAfter})`,
      periodStart: late.periodStart,
      periodEnd: late.periodEnd,
      quantity,
      unitPrice: quantity.isZero() ? late.exact : late.exact.div(quantity).toDecimalPlaces(6),
      discount: 0,
      amount: late.amount,
      vatRate: vatFor(component.tax_category_id),
      late: true,
      usageIds: late.usageIds,
    });
  }
  for (const window of windows) {
    const from = dayStart(window.start, organization.timezone).getTime();
    const to = dayStart(window.end, organization.timezone).getTime();
    for (const sc of metered) {
      const inWindow = records.filter(
        (r) => !r.late && r.component_id === sc.component_id && r.at >= from && r.at < to,
      );
      if (inWindow.length === 0) continue;
      usageCharge(
        sc.component_id,
        inWindow,
        `u:${sub.id}:${sc.component_id}:${window.start}`,
        window.start,
        window.end,
      );
    }
  }

  for (const item of data.ratedItems.get(sub.id) ?? []) {
    const line = priceLine({
      description: item.description,
      kind: 'charge',
      billing: 'one_off',
      quantity: new Decimal(item.quantity),
      unitPrice: new Decimal(item.unit_price),
      vatRate: vatFor(item.tax_category_id),
      currency: item.currency,
    });
    charges.push({
      ...base,
      ...fromLine(line),
      currency: item.currency,
      chargeKey: `i:${item.id}`,
      source: 'rated_item',
      ratedItemId: item.id,
    });
  }

  const lastPeriod = periods.at(-1);
  const lastWindow = windows.at(-1);
  return {
    charges,
    settledUsageIds,
    nextPeriodFrom: lastPeriod ? nextDay(lastPeriod.start) : (state?.next_period_from ?? null),
    usageFrom: lastWindow ? lastWindow.end : usageFromBefore,
  };
}

/** How much of a period cut short is billed, by whole days: "212 of 365 days". */
function partOfPeriod(period: { start: string; end: string; until: string }): string {
  return `${daysFromTo(period.start, period.until)} of ${daysFromTo(period.start, period.end)} days`;
}

function fromLine(line: ReturnType<typeof priceLine>) {
  return {
    description: line.description,
    periodStart: line.period_start,
    periodEnd: line.period_end,
    quantity: line.quantity,
    unitPrice: line.unit_price,
    discount: line.discount,
    amount: line.amount,
    vatRate: line.vat_rate,
  };
}
