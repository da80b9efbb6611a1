import type { ReferenceScheme } from '../payment-references.ts';
import type { EPayment } from './model.ts';

/** The seller's account as the organization wrote it in `pay_to`, recognized by its kind. */
export type PayeeAccount =
  | { kind: 'iban'; id: string }
  | { kind: 'bankgiro' | 'plusgiro'; id: string }
  | { kind: 'fik_creditor'; id: string };

/**
 * Reads `pay_to` ("IBAN DK50 0040 0440 1162 43", "Bankgiro 5050-1055", "Plusgiro 12 34 56-7",
 * "FI creditor 85123456"); null when it names none of these.
 */
export function payeeAccount(payTo: string | null): PayeeAccount | null {
  if (!payTo) return null;
  const iban = /\bIBAN[:\s]*([A-Z]{2}\d{2}[A-Z0-9 ]{10,40})/i.exec(payTo);
  if (iban) return { kind: 'iban', id: iban[1]!.replace(/\s/g, '').toUpperCase() };
  const giro = /\b(bankgiro|plusgiro|bg|pg)[:.\s]*([\d\s-]{2,12}\d)/i.exec(payTo);
  if (giro) {
    const kind = /^(bankgiro|bg)$/i.test(giro[1]!) ? 'bankgiro' : 'plusgiro';
    return { kind, id: giro[2]!.replace(/\D/g, '') };
  }
  const fik = /\b(?:FI|FIK)[\s-]*(?:creditor|kreditor|kreditornummer)?[:\s]*(\d{8})\b/i.exec(payTo);
  if (fik) return { kind: 'fik_creditor', id: fik[1]! };
  return null;
}

/**
 * Payment instructions (BG-16) for an invoice: the means code by the account and reference scheme,
 * the payment reference as remittance information, the seller's account.
 *  - FIK (Danish payment slip 71) with the creditor number: 93, PaymentID `71#<reference>`.
 *  - Bankgiro / Plusgiro: 30 with the branch SE:BANKGIRO / SE:PLUSGIRO (Peppol SE guidance).
 *  - IBAN: 58 (SEPA credit transfer) in euro, and for Danish sellers (Peppol DK allows no 30); else 30.
 *  - No known account: 1 (instrument not defined): a credit transfer code would need the account.
 */
export function paymentMeans(input: {
  account: PayeeAccount | null;
  reference: { scheme: ReferenceScheme; value: string } | null;
  currency: string;
  sellerCountry: string;
}): EPayment {
  const { account, reference } = input;
  const remittance = reference?.value ?? null;
  if (account?.kind === 'fik_creditor' && reference?.scheme === 'dk_fik71')
    return {
      meansCode: '93',
      remittance: `71#${reference.value}`,
      account: { id: account.id, branch: null },
    };
  if (account?.kind === 'bankgiro' || account?.kind === 'plusgiro')
    return {
      meansCode: '30',
      remittance,
      account: { id: account.id, branch: account.kind === 'bankgiro' ? 'SE:BANKGIRO' : 'SE:PLUSGIRO' },
    };
  if (account?.kind === 'iban') {
    const sepa = input.currency === 'EUR' || input.sellerCountry === 'DK';
    return { meansCode: sepa ? '58' : '30', remittance, account: { id: account.id, branch: null } };
  }
  return { meansCode: '1', remittance, account: null };
}
