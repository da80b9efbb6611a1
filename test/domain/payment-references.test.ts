import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  creditorReference,
  danishFik71,
  finnishReference,
  isCreditorReference,
  isDanishFik71,
  isFinnishReference,
  isNorwegianKid,
  isSwedishOcr,
  norwegianKid,
  swedishOcr,
} from '../../src/domain/payment-references.ts';

describe('worked examples', () => {
  it('Swedish OCR with length and Luhn digits: the seed’s invoice 14 has OCR 1446', () => {
    expect(swedishOcr('14')).toBe('1446');
    expect(isSwedishOcr('1446')).toBe(true);
    expect(isSwedishOcr('1456')).toBe(false); // wrong length digit
    expect(isSwedishOcr('1447')).toBe(false); // wrong check digit
  });

  it('Finnish reference: 123456 → 1234561 (weights 7, 3, 1)', () => {
    expect(finnishReference('123456')).toBe('1234561');
    expect(isFinnishReference('1234561')).toBe(true);
    expect(isFinnishReference('1234562')).toBe(false);
    expect(finnishReference('12')).toBeNull();
  });

  it('ISO 11649: RF18 5390 0754 7034, the standard’s example', () => {
    expect(isCreditorReference('RF18 5390 0754 7034')).toBe(true);
    expect(creditorReference('539007547034')).toBe('RF18539007547034');
    expect(isCreditorReference('RF19539007547034')).toBe(false);
    expect(creditorReference('not valid!')).toBeNull();
  });

  it('Danish FIK 71: 15 digits with a Luhn digit', () => {
    const fik = danishFik71('2026000123')!;
    expect(fik).toHaveLength(15);
    expect(isDanishFik71(fik)).toBe(true);
    expect(danishFik71('123456789012345')).toBeNull();
  });

  it('Norwegian KID, MOD10 and MOD11', () => {
    expect(norwegianKid('1234567890', 'mod10')).toBe('12345678903');
    expect(isNorwegianKid('12345678903', 'mod10')).toBe(true);
    // MOD11 of 123456789: 9×2+8×3+7×4+6×5+5×6+4×7+3×2+2×3+1×4 = 174; 174 mod 11 = 9; 11 − 9 = 2
    expect(norwegianKid('123456789', 'mod11')).toBe('1234567892');
    expect(isNorwegianKid('1234567892', 'mod11')).toBe(true);
  });
});

describe('properties', () => {
  const payload = fc.stringMatching(/^[1-9]\d{2,14}$/);
  const makers: [string, (p: string) => string | null, (r: string) => boolean][] = [
    ['se_ocr', swedishOcr, isSwedishOcr],
    ['dk_fik71', danishFik71, isDanishFik71],
    ['no_kid_mod10', (p) => norwegianKid(p, 'mod10'), (r) => isNorwegianKid(r, 'mod10')],
    ['no_kid_mod11', (p) => norwegianKid(p, 'mod11'), (r) => isNorwegianKid(r, 'mod11')],
    ['fi_reference', finnishReference, isFinnishReference],
    ['rf', creditorReference, isCreditorReference],
  ];

  it.each(makers)(
    '%s: every reference made validates, and changing one digit breaks it',
    (_name, make, valid) => {
      fc.assert(
        fc.property(payload, fc.nat(), fc.integer({ min: 1, max: 9 }), (p, at, delta) => {
          const reference = make(p);
          if (reference === null) return;
          expect(valid(reference)).toBe(true);
          const digits = [...reference].map((c, i) => ({ c, i })).filter(({ c }) => /\d/.test(c));
          const target = digits[at % digits.length]!;
          const changed =
            reference.slice(0, target.i) +
            String((Number(target.c) + delta) % 10) +
            reference.slice(target.i + 1);
          expect(valid(changed)).toBe(false);
        }),
      );
    },
  );
});
