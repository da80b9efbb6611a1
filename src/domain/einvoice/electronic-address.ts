import { hasValidLuhnDigit } from '../luhn.ts';
import { mod11CheckDigit } from '../payment-references.ts';
import type { SchemeId } from './model.ts';

/**
 * Electronic addresses (Peppol participant ids): an EAS scheme code and an id. The schemes kassa
 * accepts, each with the check its registry (and the Peppol rules) applies to the id.
 */
const VAT_SCHEMES: Readonly<Record<string, string>> = {
  AT: '9914',
  BE: '9925',
  BG: '9926',
  CY: '9928',
  CZ: '9929',
  DE: '9930',
  EE: '9931',
  GB: '9932',
  GR: '9933',
  HR: '9934',
  IE: '9935',
  LT: '9937',
  LU: '9938',
  LV: '9939',
  MT: '9943',
  NL: '9944',
  PL: '9945',
  PT: '9946',
  RO: '9947',
  SI: '9949',
  SK: '9950',
  ES: '9920',
  FR: '9957',
  HU: '9910',
  IT: '0211',
  FI: '0213',
};

const gln = (id: string) => /^\d{13}$/.test(id) && gs1CheckDigitValid(id);
const LEITWEG_ID = /^[0-9]{2,12}(-[0-9A-Z]{1,30})?-[0-9]{2}$/;

/** What each accepted scheme means and how its id is checked. */
export const ELECTRONIC_ADDRESS_SCHEMES: Readonly<
  Record<string, { name: string; valid: (id: string) => boolean; format: string }>
> = {
  '0088': { name: 'GS1 GLN', valid: gln, format: '13 digits with a valid GS1 check digit' },
  '0184': {
    name: 'Danish CVR number',
    valid: (id) => /^(DK)?\d{8}$/.test(id),
    format: '8 digits, optionally after DK',
  },
  '0007': {
    name: 'Swedish organization number',
    valid: (id) => /^\d{10}$/.test(id) && hasValidLuhnDigit(id),
    format: '10 digits with a valid Luhn check digit',
  },
  '0192': {
    name: 'Norwegian organization number',
    valid: (id) => /^\d{9}$/.test(id) && mod11CheckDigit(id.slice(0, 8)) === Number(id[8]),
    format: '9 digits with a valid mod 11 check digit',
  },
  '0216': {
    name: 'Finnish OVT code',
    valid: (id) => /^0037\d{8}[0-9A-Z]{0,5}$/.test(id),
    format: '0037, the 8-digit business id, up to 5 more characters',
  },
  '0208': {
    name: 'Belgian enterprise number',
    valid: (id) => /^\d{10}$/.test(id) && 97 - (Number(id.slice(0, 8)) % 97) === Number(id.slice(8)),
    format: '10 digits with a valid mod 97 check',
  },
  '0204': {
    name: 'German Leitweg-ID',
    valid: (id) => LEITWEG_ID.test(id),
    format: 'a Leitweg-ID such as 04011000-1234512345-06',
  },
  EM: {
    name: 'e-mail address (XRechnung only; not a Peppol scheme)',
    valid: (id) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(id),
    format: 'an e-mail address',
  },
  ...Object.fromEntries(
    Object.entries(VAT_SCHEMES).map(([country, scheme]) => [
      scheme,
      {
        name: `${country} VAT number`,
        valid: (id: string) => new RegExp(`^${country === 'GR' ? 'EL' : country}[0-9A-Z]{2,13}$`).test(id),
        format: `a ${country} VAT number with its ${country === 'GR' ? 'EL' : country} prefix`,
      },
    ]),
  ),
};

export const ELECTRONIC_ADDRESS_SCHEME_CODES = Object.keys(ELECTRONIC_ADDRESS_SCHEMES);

/** Why an electronic address is not valid, or null when it is. */
export function electronicAddressProblem(address: SchemeId): string | null {
  const scheme = ELECTRONIC_ADDRESS_SCHEMES[address.scheme];
  if (!scheme)
    return `unknown scheme ${address.scheme}; use one of ${ELECTRONIC_ADDRESS_SCHEME_CODES.join(', ')}`;
  if (!scheme.valid(address.id)) return `a ${scheme.name} (${address.scheme}) is ${scheme.format}`;
  return null;
}

/**
 * The electronic address a party most likely has in the Peppol network when none was given: the
 * national registry number where one is derived from the VAT number (CVR, Swedish and Norwegian
 * organization numbers), else the VAT number's own scheme. Null when there is nothing to derive from.
 */
export function derivedElectronicAddress(vatId: string | null): SchemeId | null {
  if (!vatId) return null;
  const country = vatId.slice(0, 2) === 'EL' ? 'GR' : vatId.slice(0, 2);
  const rest = vatId.slice(2);
  let candidate: SchemeId | null = null;
  if (country === 'DK') candidate = { scheme: '0184', id: rest };
  else if (country === 'SE') candidate = { scheme: '0007', id: rest.slice(0, 10) };
  else if (country === 'NO') candidate = { scheme: '0192', id: rest.replace(/MVA$/, '') };
  else if (country === 'FI') candidate = { scheme: '0213', id: vatId };
  else if (VAT_SCHEMES[country]) candidate = { scheme: VAT_SCHEMES[country], id: vatId };
  return candidate && electronicAddressProblem(candidate) === null ? candidate : null;
}

/** GS1 mod 10: weights 3 and 1 from the right of the payload. */
function gs1CheckDigitValid(digits: string): boolean {
  let sum = 0;
  const payload = digits.slice(0, -1);
  for (let i = 0; i < payload.length; i++)
    sum += Number(payload[payload.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(digits.at(-1));
}

/** "scheme:id" as its parts (spaces dropped around them), or null when there is no colon. */
export function parseElectronicAddress(text: string): SchemeId | null {
  const at = text.indexOf(':');
  if (at <= 0) return null;
  return { scheme: text.slice(0, at).trim().toUpperCase(), id: text.slice(at + 1).trim() };
}
