import { Decimal } from 'decimal.js';
import { minorUnitExponent } from './money.ts';

/**
 * Currency conversion of metrics (docs/metrics.md, "Currency conversion"). A rate is the price of one
 * unit of a currency in the organization's currency, in force from its `validFrom` through the day
 * before the next rate of the same currency; before a currency's first rate there is none. The
 * organization's own currency converts at 1.
 */
export interface ExchangeRate {
  currency: string;
  /** YYYY-MM-DD */
  validFrom: string;
  rate: Decimal;
}

/** The rates of each currency, latest first: a lookup reads the first one not after the day. */
export type RateBook = ReadonlyMap<string, readonly ExchangeRate[]>;

export function rateBook(rates: readonly ExchangeRate[]): RateBook {
  const book = new Map<string, ExchangeRate[]>();
  for (const rate of rates) {
    const list = book.get(rate.currency);
    if (list) list.push(rate);
    else book.set(rate.currency, [rate]);
  }
  for (const list of book.values()) list.sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1));
  return book;
}

/** The rate of `currency` in force on `day` (its latest `validFrom` not after the day), or null. */
export function rateOn(book: RateBook, currency: string, target: string, day: string): ExchangeRate | null {
  if (currency === target) return { currency, validFrom: '0000-01-01', rate: new Decimal(1) };
  return book.get(currency)?.find((r) => r.validFrom <= day) ?? null;
}

/**
 * Minor units of one currency in minor units of another at a rate, rounded once, half away from zero
 * (1,234 øre at 0.134 → 165 cents): the exponents of both currencies are respected.
 */
export function convertMinor(minor: number, from: string, to: string, rate: Decimal): number {
  const major = new Decimal(minor).div(new Decimal(10).pow(minorUnitExponent(from)));
  const converted = major.times(rate).times(new Decimal(10).pow(minorUnitExponent(to)));
  const rounded = converted.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  if (!Number.isSafeInteger(rounded)) throw new Error(`${minor} ${from} in ${to} is too large`);
  return rounded === 0 ? 0 : rounded; // never -0
}

export interface Conversion {
  /** the rates used, one per converted currency */
  rates: ExchangeRate[];
  /** currencies with an amount but no rate on the day: left out of every total */
  missing: string[];
  /** converts one currency's minor units, or null for a currency without a rate */
  convert(currency: string, minor: number): number | null;
}

/** Everything a converted figure needs on one day: which rates apply, and which currencies have none. */
export function conversionOn(
  book: RateBook,
  target: string,
  day: string,
  currencies: readonly string[],
): Conversion {
  const found = new Map<string, ExchangeRate>();
  const missing: string[] = [];
  for (const currency of currencies) {
    const rate = rateOn(book, currency, target, day);
    if (rate) found.set(currency, rate);
    else missing.push(currency);
  }
  return {
    rates: [...found.values()].filter((r) => r.currency !== target),
    missing,
    convert(currency, minor) {
      const rate = found.get(currency);
      return rate ? convertMinor(minor, currency, target, rate.rate) : null;
    },
  };
}

/** The sum of every currency's amount converted (each rounded once, then added). */
export function convertedSum(conversion: Conversion, amounts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const [currency, minor] of amounts) total += conversion.convert(currency, minor) ?? 0;
  return total;
}
