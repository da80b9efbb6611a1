import { type Country, checkVAT, countries } from 'jsvat';

/**
 * The shape of a VAT identification number: a two-letter prefix (EU: the member state, EL for
 * Greece; elsewhere the country) and 2 to 13 letters or digits. Spaces, dots and dashes are dropped.
 * Answers the normalized form, or null when it cannot be one. Only the shape: `checkVatNumber` is
 * the rule the rest of kassa uses.
 */
export function normalizeVatNumber(input: string): string | null {
  return shaped(compactVatNumber(input), 13);
}

function shaped(compact: string, longest: number): string | null {
  return new RegExp(`^[A-Z]{2}[0-9A-Z+*]{2,${longest}}$`).test(compact) ? compact : null;
}

function compactVatNumber(input: string): string {
  return input.replace(/[\s.-]/g, '').toUpperCase();
}

/** The country a VAT number belongs to (EL is Greece). */
export function vatNumberCountry(normalized: string): string {
  const prefix = normalized.slice(0, 2);
  return prefix === 'EL' ? 'GR' : prefix;
}

export type VatNumberCheck =
  | { ok: true; normalized: string }
  | { ok: false; reason: 'shape' | 'format' | 'check_digit'; message: string };

/** The adjective of each country jsvat knows, for messages ("not a valid Danish VAT number"). */
const ADJECTIVES: Record<string, string> = {
  AD: 'Andorran',
  AT: 'Austrian',
  BE: 'Belgian',
  BR: 'Brazilian',
  BG: 'Bulgarian',
  HR: 'Croatian',
  CY: 'Cypriot',
  CZ: 'Czech',
  DK: 'Danish',
  EE: 'Estonian',
  EU: 'EU (non-Union OSS)',
  FI: 'Finnish',
  FR: 'French',
  DE: 'German',
  GR: 'Greek',
  HU: 'Hungarian',
  IE: 'Irish',
  IT: 'Italian',
  LV: 'Latvian',
  LT: 'Lithuanian',
  LU: 'Luxembourgish',
  MT: 'Maltese',
  NL: 'Dutch',
  NO: 'Norwegian',
  PL: 'Polish',
  PT: 'Portuguese',
  RO: 'Romanian',
  RU: 'Russian',
  RS: 'Serbian',
  SK: 'Slovak',
  SI: 'Slovenian',
  ES: 'Spanish',
  SE: 'Swedish',
  CH: 'Swiss',
  GB: 'British',
};

function isoCode(country: Country): string {
  return country.codes[0] ?? country.name;
}

/**
 * The jsvat rules by the prefix a VAT number starts with: the ISO code, and EL (and GR, which is
 * refused as a format error: Greek numbers are written EL) for Greece. Chosen by the exact prefix,
 * not by jsvat's own search, which would take "EST…" for Estonia.
 */
const RULES_BY_PREFIX = new Map<string, Country>(
  countries.flatMap((country): [string, Country][] => {
    const iso = isoCode(country);
    return iso === 'GR'
      ? [
          ['EL', country],
          ['GR', country],
        ]
      : [[iso, country]];
  }),
);

/**
 * The VAT number rule of kassa: the shape above, and, for the countries jsvat knows (every EU
 * member state, Norway, Switzerland, the United Kingdom and a few more), that country's format and
 * check digits. Swiss numbers (CHE-123.456.789 MWST) are read by their own format. Answers the
 * normalized number, or why it is refused in a message that starts with the number.
 */
export function checkVatNumber(input: string): VatNumberCheck {
  const compact = compactVatNumber(input);
  const rules = RULES_BY_PREFIX.get(compact.slice(0, 2));
  // CHE123456789MWST has 14 characters after its prefix: a known country's format decides.
  if (shaped(compact, rules === undefined ? 13 : 14) === null)
    return {
      ok: false,
      reason: 'shape',
      message: 'a country prefix and 2 to 13 letters or digits, e.g. DK13585628',
    };
  if (rules === undefined) return { ok: true, normalized: compact };
  const result = checkVAT(compact, [rules]);
  if (result.isValid && !finnishUnissued(compact)) return { ok: true, normalized: compact };
  const adjective = ADJECTIVES[isoCode(rules)] ?? rules.name;
  const why = result.isValidFormat ? 'check digits' : 'format';
  return {
    ok: false,
    reason: result.isValidFormat ? 'check_digit' : 'format',
    message: `${compact} is not a valid ${adjective} VAT number (${why})`,
  };
}

/**
 * jsvat takes a Finnish weighted sum with remainder 1 for check digit 0; the Finnish business ID
 * rule says no such number is issued. Without this, FI20774740 and FI20754740 would both pass.
 */
function finnishUnissued(compact: string): boolean {
  if (!compact.startsWith('FI')) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(compact[2 + i]), 0);
  return sum % 11 === 1;
}
