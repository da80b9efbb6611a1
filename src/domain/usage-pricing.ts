import { Decimal } from 'decimal.js';

export type Aggregation = 'sum' | 'max' | 'count' | 'unique_count' | 'last';

export interface UsageRecord {
  quantity: Decimal;
  /** when it happened, epoch milliseconds */
  at: number;
  uniqueKey: string | null;
}

/** How a period's records add up to one billable quantity. */
export function aggregate(kind: Aggregation, records: readonly UsageRecord[]): Decimal {
  if (records.length === 0) return new Decimal(0);
  switch (kind) {
    case 'sum':
      return records.reduce((sum, r) => sum.plus(r.quantity), new Decimal(0));
    case 'max':
      return records.reduce((max, r) => Decimal.max(max, r.quantity), records[0]!.quantity);
    case 'count':
      return new Decimal(records.length);
    case 'unique_count':
      return new Decimal(new Set(records.map((r) => r.uniqueKey ?? '')).size);
    case 'last':
      return records.reduce((last, r) => (r.at >= last.at ? r : last), records[0]!).quantity;
  }
}

export interface Tier {
  up_to: number | null;
  unit_price: string;
  flat_fee?: string | undefined;
}

export type PriceModel =
  | { model: 'per_unit'; unit_price: string }
  | { model: 'graduated'; tiers: Tier[] }
  | { model: 'volume'; tiers: Tier[] }
  | { model: 'package'; package_size: number; package_price: string };

/**
 * The exact price of a quantity under a model (the caller rounds once): per unit; graduated, each
 * unit at the price of the tier it falls in (plus each reached tier's flat fee); volume, every unit at
 * the price of the tier the total falls in (plus that tier's flat fee); package, per started package.
 */
export function priceUsage(model: PriceModel, quantity: Decimal): Decimal {
  if (quantity.lte(0)) return new Decimal(0);
  switch (model.model) {
    case 'per_unit':
      return quantity.times(model.unit_price);
    case 'package':
      return quantity.div(model.package_size).ceil().times(model.package_price);
    case 'volume': {
      const tier = model.tiers.find((t) => t.up_to === null || quantity.lte(t.up_to)) ?? model.tiers.at(-1)!;
      return quantity.times(tier.unit_price).plus(tier.flat_fee ?? 0);
    }
    case 'graduated': {
      let total = new Decimal(0);
      let below = new Decimal(0);
      for (const tier of model.tiers) {
        if (quantity.lte(below)) break;
        const top = tier.up_to === null ? quantity : Decimal.min(quantity, tier.up_to);
        total = total.plus(top.minus(below).times(tier.unit_price)).plus(tier.flat_fee ?? 0);
        below = top;
      }
      return total;
    }
  }
}
