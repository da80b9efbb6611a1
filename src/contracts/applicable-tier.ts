import { Decimal } from 'decimal.js';
import type { Db, Tx } from '../db/transaction.ts';
import { type DiscountTier, selectTier } from '../domain/discount-tiers.ts';
import { tiersOf } from './contract-view.ts';

export interface AppliedTier extends DiscountTier {
  contract: string;
  tier: string;
}

/**
 * The contract discount an account gets on plan terms on a day for a quantity: the tier with the
 * highest minimum_quantity not above the quantity, of the contract valid that day (dates inclusive).
 */
export async function applicableTier(
  db: Db | Tx,
  organizationId: string,
  accountId: string,
  planTermsId: string,
  day: string,
  quantity: number,
): Promise<AppliedTier | null> {
  const contract = await db
    .selectFrom('contracts')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .where('plan_terms_id', '=', planTermsId)
    .where('start_date', '<=', day)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', day)]))
    .executeTakeFirst();
  if (!contract) return null;
  const tiers = await tiersOf(db, organizationId, [contract.id]);
  const tier = selectTier(tiers, quantity);
  if (!tier) return null;
  return {
    contract: contract.id,
    tier: tier.id,
    minimum_quantity: tier.minimum_quantity,
    discount: new Decimal(tier.discount),
    discount_type: tier.discount_type,
  };
}
