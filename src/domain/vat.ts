import { Decimal } from 'decimal.js';
import { EU_COUNTRIES } from './iso.ts';

/** Standard VAT rates in percent (EU member states, and the Nordic and Alpine neighbours). */
export const STANDARD_VAT_RATES: Readonly<Record<string, string>> = {
  AT: '20',
  BE: '21',
  BG: '20',
  CY: '19',
  CZ: '21',
  DE: '19',
  DK: '25',
  EE: '24',
  ES: '21',
  FI: '25.5',
  FR: '20',
  GR: '24',
  HR: '25',
  HU: '27',
  IE: '23',
  IT: '22',
  LT: '21',
  LU: '17',
  LV: '21',
  MT: '18',
  NL: '21',
  PL: '23',
  PT: '23',
  RO: '21',
  SE: '25',
  SI: '22',
  SK: '23',
  NO: '25',
  IS: '24',
  CH: '8.1',
  LI: '8.1',
  GB: '20',
};

export function standardVatRate(country: string): Decimal {
  const rate = STANDARD_VAT_RATES[country];
  return new Decimal(rate ?? 0);
}

export type VatTreatment = 'domestic' | 'reverse_charge' | 'eu_consumer' | 'export';

export interface VatParties {
  sellerCountry: string;
  buyerCountry: string;
  buyerIsBusiness: boolean;
  buyerVatNumber: string | null;
}

/**
 * Which VAT applies to a sale: the seller's own VAT at home; none, with the reverse-charge note, to a
 * business with a VAT number in another EU country; the buyer's country's VAT to consumers elsewhere in
 * the EU (OSS); none on exports outside the EU.
 */
export function vatTreatment(parties: VatParties): VatTreatment {
  if (parties.buyerCountry === parties.sellerCountry) return 'domestic';
  const sellerInEu = EU_COUNTRIES.has(parties.sellerCountry);
  const buyerInEu = EU_COUNTRIES.has(parties.buyerCountry);
  if (sellerInEu && buyerInEu)
    return parties.buyerIsBusiness && parties.buyerVatNumber ? 'reverse_charge' : 'eu_consumer';
  if (sellerInEu && !buyerInEu) return 'export';
  return 'domestic';
}

/**
 * The VAT rate of a line: none for reverse charge and exports; otherwise the tax category's rate for the
 * country whose VAT applies, or that country's standard rate.
 */
export function vatRate(
  parties: VatParties,
  categoryRates: Readonly<Record<string, string>> | null,
): Decimal {
  const treatment = vatTreatment(parties);
  if (treatment === 'reverse_charge' || treatment === 'export') return new Decimal(0);
  const country = treatment === 'eu_consumer' ? parties.buyerCountry : parties.sellerCountry;
  const special = categoryRates?.[country];
  return special !== undefined ? new Decimal(special) : standardVatRate(country);
}
