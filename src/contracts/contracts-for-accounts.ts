import { Decimal } from 'decimal.js';
import { anyOf } from '../db/any-of.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { type DiscountTier, selectTier } from '../domain/discount-tiers.ts';
import { tiersOf } from './contract-view.ts';

export interface ContractPricing {
  /** The tier an account gets on plan terms on a day for a quantity, or null. */
  tierFor(accountId: string, planTermsId: string, day: string, quantity: number): DiscountTier | null;
}

/** The contracts and tiers of many accounts in two queries, asked in memory afterwards (the billing run). */
export async function contractsForAccounts(
  db: Db | Tx,
  organizationId: string,
  accountIds: readonly string[],
): Promise<ContractPricing> {
  const contracts =
    accountIds.length === 0
      ? []
      : await db
          .selectFrom('contracts')
          .selectAll()
          .where('organization_id', '=', organizationId)
          .where(anyOf('account_id', [...new Set(accountIds)]))
          .execute();
  const tiers = await tiersOf(
    db,
    organizationId,
    contracts.map((c) => c.id),
  );
  // Indexed once: a batch asks for every subscription of thousands of accounts.
  const byAccount = new Map<string, typeof contracts>();
  for (const c of contracts) {
    const list = byAccount.get(c.account_id);
    if (list) list.push(c);
    else byAccount.set(c.account_id, [c]);
  }
  const byContract = new Map<string, typeof tiers>();
  for (const t of tiers) {
    const list = byContract.get(t.contract_id);
    if (list) list.push(t);
    else byContract.set(t.contract_id, [t]);
  }
  return {
    tierFor(accountId, planTermsId, day, quantity) {
      const contract = byAccount
        .get(accountId)
        ?.find(
          (c) =>
            c.plan_terms_id === planTermsId &&
            c.start_date <= day &&
            (c.end_date === null || c.end_date >= day),
        );
      if (!contract) return null;
      const tier = selectTier(byContract.get(contract.id) ?? [], quantity);
      return tier
        ? {
            minimum_quantity: tier.minimum_quantity,
            discount: new Decimal(tier.discount),
            discount_type: tier.discount_type,
          }
        : null;
    },
  };
}
