/**
 * The EN 16931 semantic model of an invoice or credit note, as far as kassa fills it: what every
 * syntax writer (UBL for Peppol BIS and XRechnung, CII for XRechnung and ZUGFeRD) writes from. Business
 * terms (BT-n, BG-n) are named where a field carries one. Amounts are integer minor units of the
 * document currency; quantities, prices and rates are decimal strings.
 */

/** UNCL 5305 VAT category codes used by EN 16931. */
export type VatCategory = 'S' | 'Z' | 'E' | 'AE' | 'K' | 'G' | 'O';

/** An electronic address (BT-34, BT-49) or an identifier with its ISO 6523 / EAS scheme. */
export interface SchemeId {
  scheme: string;
  id: string;
}

export interface EParty {
  /** BT-27 / BT-44 */
  name: string;
  /** BT-34 / BT-49 */
  electronicAddress: SchemeId | null;
  /** BT-35, BT-36 */
  streetLines: string[];
  /** BT-37 / BT-52 */
  city: string | null;
  /** BT-38 / BT-53 */
  postcode: string | null;
  /** BT-40 / BT-55 */
  country: string;
  /** BT-31 / BT-48 */
  vatId: string | null;
  /** BT-32: a tax registration other than VAT */
  taxRegistrationId: string | null;
  /** BT-30 / BT-47 (scheme optional) */
  legalId: { id: string; scheme: string | null } | null;
  /** BT-29 / BT-46 */
  partyId: SchemeId | null;
  /** BG-6 / BG-9: contact point */
  contact: { name: string | null; phone: string | null; email: string | null } | null;
}

/** BG-5 / BG-8 / BG-15: a postal address */
export type EAddress = Pick<EParty, 'streetLines' | 'city' | 'postcode' | 'country'>;

export interface EVat {
  category: VatCategory;
  /** Percent, "25" or "0"; none for O. */
  rate: string;
}

export interface ELine {
  /** BT-126 */
  id: string;
  /** BT-153 item name; BT-154 description when the name had to be cut */
  name: string;
  /** BT-129, negative for a credit line of an invoice */
  quantity: string;
  /** BT-130, UN/ECE Rec 20 */
  unitCode: string;
  /** BT-146, in major units, never negative */
  netPrice: string;
  /** BT-149: the quantity the net price is for (omitted when 1) */
  baseQuantity: string | null;
  /** BG-27: the contract tier's discount on this line */
  allowance: { amountMinor: number; reason: string; reasonCode: string } | null;
  /** BT-131 */
  netAmountMinor: number;
  /** BG-26: first and last day (inclusive) */
  period: { start: string; end: string } | null;
  vat: EVat;
}

export interface EVatBreakdown extends EVat {
  /** BT-116 */
  baseMinor: number;
  /** BT-117 */
  vatMinor: number;
  /** BT-120 */
  exemptionReason: string | null;
  /** BT-121, VATEX code list */
  exemptionCode: string | null;
}

export interface EPayment {
  /** BT-81, UNCL 4461: 30 credit transfer, 58 SEPA credit transfer, 93 reference giro (FIK) */
  meansCode: string;
  /** BT-83, the payment reference (OCR, FIK, KID, RF, Finnish reference) */
  remittance: string | null;
  /** BT-84, with the branch (BT-86) where a national scheme needs one, e.g. SE:BANKGIRO */
  account: { id: string; branch: string | null } | null;
}

export interface EInvoice {
  kind: 'invoice' | 'credit_note';
  /** BT-1 */
  number: string;
  /** BT-2 */
  issueDate: string;
  /** BT-9 */
  dueDate: string | null;
  /** BT-3: 380 commercial invoice, 381 credit note */
  typeCode: '380' | '381';
  /** BT-5 */
  currency: string;
  /** BT-10, as the account or the sending gave it */
  buyerReference: string | null;
  /** The buyer's customer number at the seller: stands in for BT-10 where a format allows it */
  buyerAccountCode: string;
  /** BT-13 */
  orderReference: string | null;
  /** BG-3: the credited invoice */
  precedingInvoice: { number: string; issueDate: string | null } | null;
  /** BT-22 */
  notes: string[];
  /** BT-20 */
  paymentTerms: string | null;
  /** BG-14: from the first line's start to the last line's end */
  period: { start: string; end: string } | null;
  seller: EParty;
  buyer: EParty;
  /** BG-13: where and when goods were delivered (an intra-community supply must say: BR-IC-11, -12) */
  delivery: { date: string | null; address: EAddress } | null;
  payment: EPayment | null;
  lines: ELine[];
  vatBreakdown: EVatBreakdown[];
  totals: {
    /** BT-106 */
    lineTotalMinor: number;
    /** BT-109 */
    taxExclusiveMinor: number;
    /** BT-110 */
    vatMinor: number;
    /** BT-112 */
    taxInclusiveMinor: number;
    /** BT-113 */
    prepaidMinor: number;
    /** BT-115 */
    payableMinor: number;
  };
}
