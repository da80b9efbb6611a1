/**
 * The VATEX codes (CEF code list, as the EN 16931 rules accept them) that name why a VAT-registered
 * seller's supply is exempt (category E): the exemptions of articles 132 (activities in the public
 * interest: health care, education, culture, …), 135 (financial services, insurance), 143, 148, 151
 * and 309 of the VAT directive 2006/112/EC, and the French small-business franchise.
 */
export const EXEMPTION_CODES = [
  'VATEX-EU-132',
  ...'ABCDEFGHIJKLMNOPQ'.split('').map((letter) => `VATEX-EU-132-1${letter}`),
  'VATEX-EU-135-1',
  'VATEX-EU-143',
  'VATEX-EU-148',
  'VATEX-EU-151',
  'VATEX-EU-309',
  'VATEX-FR-FRANCHISE',
] as const;

export type EuSupplies = 'services' | 'goods';

/** Why a seller's 0 % supplies are exempt: the text printed (BT-120) and, where known, its code (BT-121). */
export interface VatExemption {
  reason: string;
  code: string | null;
}
