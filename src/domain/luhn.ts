/**
 * The Luhn (mod 10) check digit, as used by Swedish personnummer and organisationsnummer and by
 * Swedish OCR payment references. Input: digits only.
 */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  // Double every second digit counted from the right of the payload (the check digit's left neighbour first).
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `digits` is the Luhn check digit of the rest. */
export function hasValidLuhnDigit(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}
