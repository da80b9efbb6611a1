import { Decimal } from 'decimal.js';
import type { ComponentRow } from '../catalog/components-lookup.ts';
import { dayStart } from '../clock.ts';
import {
  type BillingPhase,
  type BillingSubscription,
  usageWindowsToBill,
} from '../domain/billing-periods.ts';
import { toMinorUnits } from '../domain/money.ts';
import { type Aggregation, aggregate, type PriceModel, priceUsage } from '../domain/usage-pricing.ts';
import type { UnbilledUsage } from '../usage/unbilled-usage.ts';

/** A component's usage aggregated by its aggregation and priced by its model, exactly. */
export function pricedUsage(component: ComponentRow, records: readonly UnbilledUsage[]) {
  const quantity = aggregate(
    component.aggregation as Aggregation,
    records.map((r) => ({ quantity: new Decimal(r.quantity), at: r.at, uniqueKey: r.unique_key })),
  );
  return { quantity, exact: priceUsage(component.price_model as PriceModel, quantity) };
}

/** What late usage adds to one billed period of one component. */
export interface LateUsageLine {
  componentId: string;
  /** The late records it bills, marked billed with it. */
  usageIds: string[];
  /** Its charge key: the first late record's id. */
  firstId: string;
  periodStart: string | null;
  periodEnd: string | null;
  /** The period's figure as billed, and with the late records. */
  quantityBefore: Decimal;
  quantityAfter: Decimal;
  /** Minor units: what the period costs with the late records, less what it was billed. */
  amount: number;
  /** Exact, in major units: the same difference unrounded. */
  exact: Decimal;
}

/**
 * Re-rates each billed period that late usage falls in: what the period costs with all its records,
 * less what it cost with those billed before, both rounded as its lines were, so the period's lines
 * add up to the price of its whole usage, whatever the price model (a graduated tier is never started
 * again) and the aggregation (a late record that leaves a maximum, a last value or a count of unique
 * keys as it was costs nothing). One line per component and period.
 */
export function lateUsageLines(
  sub: BillingSubscription,
  phases: readonly BillingPhase[],
  usageFrom: string | null,
  timeZone: string,
  late: readonly UnbilledUsage[],
  billed: readonly UnbilledUsage[],
  components: Map<string, ComponentRow>,
): LateUsageLine[] {
  if (late.length === 0) return [];
  // The periods billed so far: every closed usage window up to the watermark.
  const windows = usageWindowsToBill(sub, phases, null, usageFrom ?? sub.start_date).map((w) => ({
    start: w.start,
    end: w.end,
    from: dayStart(w.start, timeZone).getTime(),
    to: dayStart(w.end, timeZone).getTime(),
  }));
  const groups = new Map<
    string,
    { componentId: string; window: (typeof windows)[number] | null; records: UnbilledUsage[] }
  >();
  for (const record of late) {
    const window = windows.find((w) => record.at >= w.from && record.at < w.to) ?? null;
    const key = `${record.component_id}:${window?.start ?? ''}`;
    const group = groups.get(key) ?? { componentId: record.component_id, window, records: [] };
    group.records.push(record);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ componentId, window, records }) => {
    const component = components.get(componentId)!;
    const before = window
      ? billed.filter((r) => r.component_id === componentId && r.at >= window.from && r.at < window.to)
      : [];
    const was = pricedUsage(component, before);
    const now = pricedUsage(component, [...before, ...records]);
    const ids = records.map((r) => r.id!).sort();
    return {
      componentId,
      usageIds: ids,
      firstId: ids[0]!,
      periodStart: window?.start ?? null,
      periodEnd: window?.end ?? null,
      quantityBefore: was.quantity,
      quantityAfter: now.quantity,
      amount: toMinorUnits(now.exact, component.currency) - toMinorUnits(was.exact, component.currency),
      exact: now.exact.minus(was.exact),
    };
  });
}
