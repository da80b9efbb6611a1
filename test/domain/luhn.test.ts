import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasValidLuhnDigit, luhnCheckDigit } from '../../src/domain/luhn.ts';

/** An independent Luhn check: sum over the whole number, doubling every second digit from the right. */
function referenceLuhnValid(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((char, index) => {
    const digit = Number(char);
    const doubled = index % 2 === 1 ? digit * 2 : digit;
    sum += Math.floor(doubled / 10) + (doubled % 10);
  });
  return sum % 10 === 0;
}

const digitString = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });

describe('luhnCheckDigit', () => {
  it.each([
    ['7992739871', 3],
    ['811218987', 6], // personnummer 811218-9876
    ['121212121', 2], // Skatteverket's test person 121212-1212
    ['202100625', 5], // Skatteverket's organisationsnummer 202100-6255
    ['144', 6], // OCR reference: invoice 14, length digit 4 (three digits + check), gives 1446
    ['0', 0],
    ['1', 8],
    ['5', 9],
    ['9', 1],
    ['00000', 0],
    ['4992739871', 6], // differs from the first vector only in the leading digit
  ])('of %s is %i', (payload, expected) => {
    expect(luhnCheckDigit(payload)).toBe(expected);
  });

  it('answers 0 for the empty payload', () => {
    expect(luhnCheckDigit('')).toBe(0);
  });

  it('is always a single digit', () => {
    fc.assert(
      fc.property(digitString(0, 40), (payload) => {
        const digit = luhnCheckDigit(payload);
        expect(Number.isInteger(digit)).toBe(true);
        expect(digit).toBeGreaterThanOrEqual(0);
        expect(digit).toBeLessThanOrEqual(9);
      }),
    );
  });

  it('agrees with an independent implementation', () => {
    fc.assert(
      fc.property(digitString(1, 40), fc.integer({ min: 0, max: 9 }), (payload, candidate) => {
        expect(luhnCheckDigit(payload) === candidate).toBe(referenceLuhnValid(`${payload}${candidate}`));
      }),
    );
  });

  it('is not changed by leading zeros', () => {
    fc.assert(
      fc.property(digitString(0, 30), fc.integer({ min: 1, max: 10 }), (payload, zeros) => {
        expect(luhnCheckDigit('0'.repeat(zeros) + payload)).toBe(luhnCheckDigit(payload));
      }),
    );
  });
});

describe('hasValidLuhnDigit', () => {
  it.each([
    '79927398713',
    '8112189876',
    '1212121212',
    '2021006255',
    '5566778899',
    '1446',
    '00',
    '18',
    '4111111111111111', // the well-known Visa test card
    '5555555555554444', // the well-known Mastercard test card
    '378282246310005', // the well-known American Express test card
  ])('accepts %s', (digits) => {
    expect(hasValidLuhnDigit(digits)).toBe(true);
  });

  it.each([
    ['79927398710', 'wrong check digit'],
    ['79927398719', 'wrong check digit'],
    ['8112189875', 'wrong check digit'],
    ['1445', 'wrong check digit'],
    ['4111111111111112', 'wrong check digit'],
    ['0', 'a single digit has no payload'],
    ['', 'empty'],
    ['811218-9876', 'separator'],
    [' 8112189876', 'leading space'],
    ['8112189876 ', 'trailing space'],
    ['79927398713a', 'letter'],
    ['7992739871.3', 'dot'],
    ['-18', 'sign'],
    ['１８', 'full-width digits'],
    ['١٨', 'Arabic-Indic digits'],
  ])('rejects %j (%s)', (digits) => {
    expect(hasValidLuhnDigit(digits)).toBe(false);
  });

  it('accepts any payload followed by its computed check digit', () => {
    fc.assert(
      fc.property(digitString(1, 40), (payload) => {
        expect(hasValidLuhnDigit(`${payload}${luhnCheckDigit(payload)}`)).toBe(true);
      }),
    );
  });

  it('accepts exactly one of the ten possible check digits', () => {
    fc.assert(
      fc.property(digitString(1, 40), (payload) => {
        const accepted = [...'0123456789'].filter((digit) => hasValidLuhnDigit(`${payload}${digit}`));
        expect(accepted).toEqual([String(luhnCheckDigit(payload))]);
      }),
    );
  });

  it('agrees with an independent implementation on arbitrary digit strings', () => {
    fc.assert(
      fc.property(digitString(2, 40), (digits) => {
        expect(hasValidLuhnDigit(digits)).toBe(referenceLuhnValid(digits));
      }),
    );
  });

  it('detects any change of a single digit, the check digit included', () => {
    fc.assert(
      fc.property(
        digitString(1, 30),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (payload, positionSeed, delta) => {
          const valid = `${payload}${luhnCheckDigit(payload)}`;
          const position = positionSeed % valid.length;
          const changed = (Number(valid[position]) + delta) % 10;
          const corrupted = `${valid.slice(0, position)}${changed}${valid.slice(position + 1)}`;
          expect(corrupted).not.toBe(valid);
          expect(hasValidLuhnDigit(corrupted)).toBe(false);
        },
      ),
    );
  });

  it('detects a transposition of adjacent distinct digits other than 09 and 90', () => {
    fc.assert(
      fc.property(digitString(1, 30), fc.nat(), (payload, positionSeed) => {
        const valid = `${payload}${luhnCheckDigit(payload)}`;
        const position = positionSeed % (valid.length - 1);
        const a = valid[position]!;
        const b = valid[position + 1]!;
        fc.pre(a !== b && `${a}${b}` !== '09' && `${a}${b}` !== '90');
        const swapped = `${valid.slice(0, position)}${b}${a}${valid.slice(position + 2)}`;
        expect(hasValidLuhnDigit(swapped)).toBe(false);
      }),
    );
  });

  it('does not detect the transposition 09 <-> 90 (a known Luhn blind spot)', () => {
    // 0 and 9 contribute the same whether doubled or not (0 -> 0, 9 -> 18 -> 9).
    const payload = '1090';
    const valid = `${payload}${luhnCheckDigit(payload)}`;
    expect(hasValidLuhnDigit(valid)).toBe(true);
    expect(hasValidLuhnDigit(`1900${luhnCheckDigit(payload)}`)).toBe(true);
  });

  it('never accepts a string containing a non-digit', () => {
    fc.assert(
      fc.property(
        digitString(0, 20),
        fc.string({ minLength: 1, maxLength: 3 }).filter((s) => /\D/.test(s)),
        digitString(0, 20),
        (before, noise, after) => {
          expect(hasValidLuhnDigit(`${before}${noise}${after}`)).toBe(false);
        },
      ),
    );
  });
});
