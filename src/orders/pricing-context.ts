import { Decimal } from 'decimal.js';
import type { AccountRow } from '../accounts/account-view.ts';
import { findCatalogRow } from '../catalog/catalog-store.ts';
import type { UseCaseContext } from '../context.ts';
import { applicableTier } from '../contracts/applicable-tier.ts';
import type { Db, Tx } from '../db/transaction.ts';
import type { DiscountTier } from '../domain/discount-tiers.ts';
import { type VatParties, vatRate } from '../domain/vat.ts';

/** What pricing a line for one account needs: who sells to whom (VAT), and the contract tiers. */
export interface PricingContext {
  db: Db | Tx;
  organizationId: string;
  account: AccountRow;
  parties: VatParties;
}

export function pricingContext(ctx: UseCaseContext, db: Db | Tx, account: AccountRow): PricingContext {
  return {
    db,
    organizationId: ctx.actor.organizationId,
    account,
    parties: {
      sellerCountry: ctx.actor.organization.country,
      buyerCountry: account.legal_country,
      buyerIsBusiness: account.type === 'company',
      buyerVatNumber: account.vat_number,
    },
  };
}

/** The VAT rate of something sold under a tax category (or none: the standard rate). */
export async function lineVatRate(pc: PricingContext, taxCategoryId: string | null): Promise<Decimal> {
  if (taxCategoryId === null) return vatRate(pc.parties, null);
  const category = await findCatalogRow(pc.db, 'tax_categories', pc.organizationId, taxCategoryId);
  return vatRate(pc.parties, (category?.rates as Record<string, string> | undefined) ?? null);
}

/** The account's contract tier on these plan terms on this day for this quantity, or null. */
export function contractTier(
  pc: PricingContext,
  planTermsId: string,
  day: string,
  quantity: number,
): Promise<DiscountTier | null> {
  return applicableTier(pc.db, pc.organizationId, pc.account.id, planTermsId, day, quantity);
}

export const decimal = (value: string | number) => new Decimal(value);
