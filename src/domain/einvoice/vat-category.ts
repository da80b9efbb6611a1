import { Decimal } from 'decimal.js';
import { EU_COUNTRIES } from '../iso.ts';
import type { EVatBreakdown, VatCategory } from './model.ts';

export interface VatContext {
  sellerCountry: string;
  buyerCountry: string;
  sellerVatId: string | null;
  /** The document was issued with VAT reverse charged to the buyer. */
  reverseCharge: boolean;
}

type Category = Pick<EVatBreakdown, 'category' | 'exemptionCode' | 'exemptionReason'>;

/**
 * The EN 16931 VAT category of a rate on a document (UNCL 5305 with the VATEX exemption codes):
 *  - a positive rate is standard rated (S);
 *  - 0 % with reverse charge is AE (services to a business in another EU country);
 *  - 0 % from the EU to a buyer outside it is an export (G);
 *  - 0 % from a seller without a VAT number is exempt (E: e.g. a small business below the VAT limit);
 *  - any other 0 % is zero rated (Z).
 */
export function vatCategory(rate: string, context: VatContext): Category {
  if (new Decimal(rate).greaterThan(0)) return plain('S');
  if (context.reverseCharge)
    return { category: 'AE', exemptionCode: 'VATEX-EU-AE', exemptionReason: 'Reverse charge' };
  if (EU_COUNTRIES.has(context.sellerCountry) && !EU_COUNTRIES.has(context.buyerCountry))
    return { category: 'G', exemptionCode: 'VATEX-EU-G', exemptionReason: 'Export outside the EU' };
  if (!context.sellerVatId) return { category: 'E', exemptionCode: null, exemptionReason: 'Exempt from VAT' };
  return plain('Z');
}

function plain(category: VatCategory): Category {
  return { category, exemptionCode: null, exemptionReason: null };
}
