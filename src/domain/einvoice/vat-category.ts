import { Decimal } from 'decimal.js';
import { EU_COUNTRIES } from '../iso.ts';
import type { EVatBreakdown, VatCategory } from './model.ts';
import type { EuSupplies, VatExemption } from './vat-exemption.ts';

export interface VatContext {
  sellerCountry: string;
  buyerCountry: string;
  sellerVatId: string | null;
  /** The document was issued with no VAT to a business with a VAT number in another EU country. */
  reverseCharge: boolean;
  /** What the seller supplies to such a business: services (reverse charge) or goods (intra-community). */
  euSupplies: EuSupplies;
  /** Why the seller's 0 % supplies are exempt, when they are (a VAT-registered, exempt business). */
  exemption: VatExemption | null;
}

type Category = Pick<EVatBreakdown, 'category' | 'exemptionCode' | 'exemptionReason'>;

/**
 * The EN 16931 VAT category of a rate on a document (UNCL 5305 with the VATEX exemption codes):
 *  - a positive rate is standard rated (S);
 *  - 0 % to a business with a VAT number in another EU country is, for services, reverse charge (AE,
 *    art. 196 of the VAT directive) and, for goods, an intra-community supply (K, art. 138);
 *  - 0 % from the EU to a buyer outside it is an export (G);
 *  - 0 % from a seller whose supplies are exempt is E with the seller's reason (art. 132: education,
 *    health care, …), and so is 0 % from a seller without a VAT number (a small business below the
 *    VAT limit);
 *  - any other 0 % is zero rated (Z).
 */
export function vatCategory(rate: string, context: VatContext): Category {
  if (new Decimal(rate).greaterThan(0)) return plain('S');
  if (context.reverseCharge)
    return context.euSupplies === 'goods'
      ? { category: 'K', exemptionCode: 'VATEX-EU-IC', exemptionReason: 'Intra-community supply' }
      : { category: 'AE', exemptionCode: 'VATEX-EU-AE', exemptionReason: 'Reverse charge' };
  if (EU_COUNTRIES.has(context.sellerCountry) && !EU_COUNTRIES.has(context.buyerCountry))
    return { category: 'G', exemptionCode: 'VATEX-EU-G', exemptionReason: 'Export outside the EU' };
  if (context.exemption)
    return {
      category: 'E',
      exemptionCode: context.exemption.code,
      exemptionReason: context.exemption.reason,
    };
  if (!context.sellerVatId) return { category: 'E', exemptionCode: null, exemptionReason: 'Exempt from VAT' };
  return plain('Z');
}

function plain(category: VatCategory): Category {
  return { category, exemptionCode: null, exemptionReason: null };
}
