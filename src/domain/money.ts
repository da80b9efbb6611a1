import { Decimal } from 'decimal.js';
import { CURRENCY_EXPONENTS } from './iso.ts';

/**
 * Money is an integer number of minor units (øre, cent) of an ISO 4217 currency. Prices and factors
 * are exact decimals; an amount is rounded to minor units once, per line, half away from zero.
 */
export function minorUnitExponent(currency: string): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  if (exponent === undefined) throw new Error(`unknown currency ${currency}`);
  return exponent;
}

const scales = new Map<string, Decimal>();

/** 10 to the currency's exponent (100 for DKK), made once per currency: every line needs it. */
function minorUnitScale(currency: string): Decimal {
  let scale = scales.get(currency);
  if (!scale) {
    scale = new Decimal(10).pow(minorUnitExponent(currency));
    scales.set(currency, scale);
  }
  return scale;
}

/** Rounds an exact amount in major units (kroner) to minor units (øre), half away from zero. */
export function toMinorUnits(amount: Decimal, currency: string): number {
  const minor = amount.times(minorUnitScale(currency)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  if (!Number.isSafeInteger(minor)) throw new Error(`amount ${amount} ${currency} is too large`);
  return minor;
}

/** Minor units as a decimal string in major units: 12345 DKK → "123.45", 500 JPY → "500". */
export function formatMinorUnits(minor: number, currency: string): string {
  return new Decimal(minor)
    .div(new Decimal(10).pow(minorUnitExponent(currency)))
    .toFixed(minorUnitExponent(currency));
}

/** A strict decimal string ("123.45", "-1.5"; no exponent) as a Decimal, or null. */
export function parseDecimal(text: string, maxDecimals: number): Decimal | null {
  if (!new RegExp(`^-?\\d{1,15}(\\.\\d{1,${maxDecimals}})?$`).test(text)) return null;
  return new Decimal(text);
}
