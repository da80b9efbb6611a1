import { hasValidLuhnDigit, luhnCheckDigit } from './luhn.ts';

/**
 * Payment references a bank transfer carries back to us, one scheme per country. Each is made from an
 * invoice number (or another payload of digits) and checked wherever one is entered. Issue 5 prints
 * them on invoices and matches bank files by them.
 */
export type ReferenceScheme = 'se_ocr' | 'dk_fik71' | 'no_kid_mod10' | 'no_kid_mod11' | 'fi_reference' | 'rf';

const digitsOnly = (value: string) => /^\d+$/.test(value);

/**
 * Swedish OCR with length digit and Luhn check digit (Bankgirot): payload, then the length of the whole
 * reference modulo 10, then the Luhn digit over everything before it. Seed 001: invoice 14 → 1446.
 */
export function swedishOcr(payload: string): string {
  const withLength = `${payload}${(payload.length + 2) % 10}`;
  return `${withLength}${luhnCheckDigit(withLength)}`;
}

export function isSwedishOcr(reference: string): boolean {
  if (!digitsOnly(reference) || reference.length < 3 || reference.length > 25) return false;
  return hasValidLuhnDigit(reference) && Number(reference.at(-2)) === reference.length % 10;
}

/** Danish FIK card type 71: a 15-digit payment id, the payload padded with zeros, Luhn check digit last. */
export function danishFik71(payload: string): string | null {
  if (payload.length > 14) return null;
  const padded = payload.padStart(14, '0');
  return `${padded}${luhnCheckDigit(padded)}`;
}

export function isDanishFik71(reference: string): boolean {
  return digitsOnly(reference) && reference.length === 15 && hasValidLuhnDigit(reference);
}

/** The MOD11 check digit (weights 2 to 7 from the right), or null where it would be 10. */
export function mod11CheckDigit(payload: string): number | null {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) sum += Number(payload[payload.length - 1 - i]) * (2 + (i % 6));
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? null : check;
}

/**
 * Norwegian KID with a MOD10 (Luhn) or MOD11 check digit. Where MOD11 gives 10, the check digit is
 * written `-`, as the published convention has it (NAV, the banks' KID specification).
 */
export function norwegianKid(payload: string, method: 'mod10' | 'mod11'): string {
  if (method === 'mod10') return `${payload}${luhnCheckDigit(payload)}`;
  const check = mod11CheckDigit(payload);
  return `${payload}${check === null ? '-' : check}`;
}

export function isNorwegianKid(reference: string, method: 'mod10' | 'mod11'): boolean {
  if (reference.length < 2 || reference.length > 25) return false;
  const payload = reference.slice(0, -1);
  if (!digitsOnly(payload)) return false;
  if (method === 'mod10') return digitsOnly(reference) && hasValidLuhnDigit(reference);
  const check = mod11CheckDigit(payload);
  return reference.at(-1) === (check === null ? '-' : String(check));
}

/** The Finnish reference's check digit: weights 7, 3, 1 repeating from the right. */
function finnishCheckDigit(payload: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < payload.length; i++)
    sum += Number(payload[payload.length - 1 - i]) * (weights[i % 3] as number);
  return (10 - (sum % 10)) % 10;
}

/** Finnish national reference (viitenumero): 3 to 19 payload digits and the 7-3-1 check digit. */
export function finnishReference(payload: string): string | null {
  const trimmed = payload.replace(/^0+/, '');
  if (trimmed.length < 3 || trimmed.length > 19) return null;
  return `${trimmed}${finnishCheckDigit(trimmed)}`;
}

export function isFinnishReference(reference: string): boolean {
  if (!digitsOnly(reference) || reference.length < 4 || reference.length > 20) return false;
  return finnishCheckDigit(reference.slice(0, -1)) === Number(reference.at(-1));
}

/** The ISO 7064 MOD 97-10 remainder of letters-and-digits text (A = 10 … Z = 35). */
function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const value = char >= 'A' && char <= 'Z' ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/** ISO 11649 creditor reference: RF, two check digits, and up to 21 letters or digits. */
export function creditorReference(payload: string): string | null {
  const body = payload.toUpperCase();
  if (!/^[0-9A-Z]{1,21}$/.test(body)) return null;
  const check = 98 - mod97(`${body}RF00`);
  return `RF${String(check).padStart(2, '0')}${body}`;
}

export function isCreditorReference(reference: string): boolean {
  const compact = reference.replace(/\s/g, '').toUpperCase();
  if (!/^RF\d{2}[0-9A-Z]{1,21}$/.test(compact)) return false;
  return mod97(`${compact.slice(4)}${compact.slice(0, 4)}`) === 1;
}

/**
 * The reference of a scheme for a payload of digits (an invoice number's digits). Where a scheme has
 * no reference for a payload (MOD11 KID with check 10), a zero is appended and the next one taken.
 */
export function paymentReference(scheme: ReferenceScheme, payload: string): string | null {
  if (!digitsOnly(payload)) return null;
  switch (scheme) {
    case 'se_ocr':
      return payload.length <= 23 ? swedishOcr(payload) : null;
    case 'dk_fik71':
      return danishFik71(payload);
    case 'no_kid_mod10':
      return payload.length <= 24 ? norwegianKid(payload, 'mod10') : null;
    case 'no_kid_mod11':
      return payload.length <= 24 ? norwegianKid(payload, 'mod11') : null;
    case 'fi_reference':
      // A leading 1 keeps an invoice number's leading zeros, which a Finnish reference would drop.
      return finnishReference(`1${payload}`);
    case 'rf':
      return creditorReference(payload);
  }
}

/** Whether text is a valid reference of the scheme (spaces ignored, as people write them in groups). */
export function isPaymentReference(scheme: ReferenceScheme, text: string): boolean {
  const compact = compactReference(text);
  switch (scheme) {
    case 'se_ocr':
      return isSwedishOcr(compact);
    case 'dk_fik71':
      return isDanishFik71(compact);
    case 'no_kid_mod10':
      return isNorwegianKid(compact, 'mod10');
    case 'no_kid_mod11':
      return isNorwegianKid(compact, 'mod11');
    case 'fi_reference':
      return isFinnishReference(compact);
    case 'rf':
      return isCreditorReference(compact);
  }
}

/** A reference as we store and match it: no spaces, upper case (a KID's `-` check digit stays). */
export function compactReference(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

export const REFERENCE_SCHEMES = [
  'se_ocr',
  'dk_fik71',
  'no_kid_mod10',
  'no_kid_mod11',
  'fi_reference',
  'rf',
] as const satisfies readonly ReferenceScheme[];
