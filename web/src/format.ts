/**
 * Numbers, money and dates as a person of the chosen language reads them, by Intl. Amounts from the
 * API are decimal strings in the document's currency; Intl formats the string itself, so nothing is
 * rounded through a float.
 */

export type Language = 'da' | 'sv' | 'de' | 'en';

/** The BCP 47 locale of each language: Danish in Denmark, Swedish in Sweden, German in Germany. */
export const LOCALES: Record<Language, string> = { da: 'da-DK', sv: 'sv-SE', de: 'de-DE', en: 'en-GB' };

type NumericString = `${number}`;

function numeric(amount: string | number): number {
  // Intl.NumberFormat takes a decimal string exactly (ES2023); the cast only satisfies older lib types.
  return (typeof amount === 'number' ? amount : (amount.trim() as NumericString)) as unknown as number;
}

export function formatMoney(amount: string | number, currency: string, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency }).format(numeric(amount));
}

export function formatNumber(value: string | number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 6 }).format(numeric(value));
}

/** An exact decimal of the API ("7.461200000001", an exchange rate) in the reader's locale, every digit kept. */
export function formatDecimal(value: string, language: Language): string {
  // A decimal string is formatted as written (Intl.NumberFormat v3), not through a float.
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 20 }).format(
    value as unknown as number,
  );
}

/** A calendar date (YYYY-MM-DD) as that day, whatever the browser's time zone. */
export function formatDate(date: string, language: Language): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!day) return date;
  const utc = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'medium', timeZone: 'UTC' }).format(utc);
}

/** An instant in the organization's time zone, date and minutes. */
export function formatDateTime(instant: string, language: Language, timeZone?: string): string {
  const value = new Date(instant);
  if (Number.isNaN(value.getTime())) return instant;
  return new Intl.DateTimeFormat(LOCALES[language], {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(value);
}

/** The ISO 8601 duration of the API (P1M, P12M, P14D, P1Y) in words. */
export function formatDuration(duration: string | null, language: Language): string {
  if (!duration) return '';
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(duration);
  if (!match) return duration;
  const units = ['year', 'month', 'week', 'day'] as const;
  const parts: string[] = [];
  units.forEach((unit, index) => {
    const count = Number(match[index + 1] ?? 0);
    if (count > 0)
      parts.push(
        new Intl.NumberFormat(LOCALES[language], { style: 'unit', unit, unitDisplay: 'long' }).format(count),
      );
  });
  return new Intl.ListFormat(LOCALES[language], { type: 'conjunction' }).format(parts);
}
