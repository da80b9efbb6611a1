/**
 * The shape of a VAT identification number: a two-letter prefix (EU: the member state, EL for
 * Greece; elsewhere the country) and 2 to 13 letters or digits. Spaces, dots and dashes are dropped.
 * Answers the normalized form, or null when it cannot be one.
 */
export function normalizeVatNumber(input: string): string | null {
  const compact = input.replace(/[\s.-]/g, '').toUpperCase();
  return /^[A-Z]{2}[0-9A-Z+*]{2,13}$/.test(compact) ? compact : null;
}

/** The country a VAT number belongs to (EL is Greece). */
export function vatNumberCountry(normalized: string): string {
  const prefix = normalized.slice(0, 2);
  return prefix === 'EL' ? 'GR' : prefix;
}
