import type { Language } from '../format.ts';
import { LOCALES } from '../format.ts';

/** Countries a Nordic or German seller mostly invoices, named in the reader's language. */
const COUNTRIES = [
  'DK',
  'SE',
  'NO',
  'FI',
  'IS',
  'DE',
  'AT',
  'CH',
  'NL',
  'BE',
  'LU',
  'FR',
  'ES',
  'PT',
  'IT',
  'IE',
  'GB',
  'PL',
  'CZ',
  'SK',
  'HU',
  'SI',
  'HR',
  'RO',
  'BG',
  'GR',
  'CY',
  'MT',
  'EE',
  'LV',
  'LT',
  'US',
  'CA',
  'AU',
];

export const CURRENCIES = ['DKK', 'SEK', 'NOK', 'EUR', 'ISK', 'GBP', 'CHF', 'PLN', 'USD'];

export function countryOptions(language: Language) {
  const names = new Intl.DisplayNames([LOCALES[language]], { type: 'region' });
  return COUNTRIES.map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` })).sort(
    (a, b) => a.label.localeCompare(b.label, LOCALES[language]),
  );
}

export function currencyOptions(language: Language, extra?: string) {
  const names = new Intl.DisplayNames([LOCALES[language]], { type: 'currency' });
  const codes = extra && !CURRENCIES.includes(extra) ? [...CURRENCIES, extra] : CURRENCIES;
  return codes.map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }));
}
