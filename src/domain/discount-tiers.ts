import { Decimal } from 'decimal.js';

export interface DiscountTier {
  minimum_quantity: number;
  discount: Decimal;
  discount_type: 'percentage' | 'amount';
}

/**
 * A contract's tier for a quantity: the one with the highest minimum_quantity not above it, applied to
 * the whole quantity (seed 000: 15 % from 10 seats means all 12 seats of a 12-seat subscription get it).
 */
export function selectTier<T extends { minimum_quantity: number }>(
  tiers: readonly T[],
  quantity: number,
): T | null {
  let best: T | null = null;
  for (const tier of tiers)
    if (tier.minimum_quantity <= quantity && (!best || tier.minimum_quantity > best.minimum_quantity))
      best = tier;
  return best;
}

/** The unit price after a tier: a percentage off, or an amount off each unit; never below zero. */
export function discountedUnitPrice(unitPrice: Decimal, tier: DiscountTier | null): Decimal {
  if (!tier) return unitPrice;
  const price =
    tier.discount_type === 'percentage'
      ? unitPrice.times(new Decimal(100).minus(Decimal.min(tier.discount, 100))).div(100)
      : unitPrice.minus(tier.discount);
  return Decimal.max(price, 0);
}
