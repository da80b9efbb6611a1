import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compactReference,
  creditorReference,
  danishFik71,
  finnishReference,
  isCreditorReference,
  isDanishFik71,
  isFinnishReference,
  isNorwegianKid,
  isPaymentReference,
  isSwedishOcr,
  norwegianKid,
  paymentReference,
  REFERENCE_SCHEMES,
  type ReferenceScheme,
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

/**
 * paymentReference / isPaymentReference against examples published by others, each with its check
 * digit(s) as printed there. Where a source only validates (no payload given), the payload is the
 * reference without its check digit(s), and the test makes the reference back from it.
 */
describe('published examples, by scheme', () => {
  it('se_ocr: Bankgirot OCR with length digit and Luhn check digit', () => {
    // barsoom/banktools-se README.markdown: OCR.from_number("123", length_digit: true) → "12351".
    expect(paymentReference('se_ocr', '123')).toBe('12351');
    // zerodep/ocrgenerator test/generatorTest.js (hard control with length digit): 2019121 → 201912193,
    // 2019-12-07200 → 2019120720030 (its digits), 0 → 034.
    expect(paymentReference('se_ocr', '2019121')).toBe('201912193');
    expect(paymentReference('se_ocr', '20191207200')).toBe('2019120720030');
    expect(paymentReference('se_ocr', '0')).toBe('034');
    // zerodep/ocrgenerator test/validatorTest.js: valid under Bankgirot's own "längdsiffra" check
    // (its test/bghelpers.js is a snippet of bankgirot.se's OCR-referenskontroll script).
    for (const valid of [
      '18108401345678778',
      '18196701475307475',
      '1018966492531',
      '1019080881039',
      '03368912618',
      '1202951008',
      '1636976',
    ]) {
      expect(isPaymentReference('se_ocr', valid), valid).toBe(true);
      expect(paymentReference('se_ocr', valid.slice(0, -2)), valid).toBe(valid);
    }
    // Same file: 1636919 has a good Luhn digit but the wrong length digit; 18108401345678779 a wrong check digit.
    expect(isPaymentReference('se_ocr', '1636919')).toBe(false);
    expect(isPaymentReference('se_ocr', '18108401345678779')).toBe(false);
  });

  it('dk_fik71: 15-digit betalings-id with a modulus 10 (Luhn) digit', () => {
    // gitpan/Business-DK-FI lib/Business/DK/FI.pm SYNOPSIS and t/Business/DK/FI/validate.t:
    // 026840149965328 is valid, 026840149965327 is not; generate(1) eq '000000000000018'.
    expect(isPaymentReference('dk_fik71', '026840149965328')).toBe(true);
    expect(isPaymentReference('dk_fik71', '026840149965327')).toBe(false);
    expect(paymentReference('dk_fik71', '1')).toBe('000000000000018');
    expect(paymentReference('dk_fik71', '02684014996532')).toBe('026840149965328');
    // Uniconta, "Setting up FIK code on company information" (support.uniconta.com): +71< 004040400000669+12345678<,
    // betalings-id 00404040 (debtor) 000066 (invoice) and 9, its check digit.
    expect(paymentReference('dk_fik71', '00404040000066')).toBe('004040400000669');
    expect(isPaymentReference('dk_fik71', '004040400000669')).toBe(true);
    expect(isPaymentReference('dk_fik71', '04040400000669')).toBe(false); // 14 digits
  });

  it('no_kid_mod10: KID with a MOD10 (Luhn) control digit', () => {
    // Ondkloss/norwegian-numbers.js README.md and test/norwegian-numbers.ts: 1234 → 12344, 234567 → 2345676.
    expect(paymentReference('no_kid_mod10', '1234')).toBe('12344');
    expect(paymentReference('no_kid_mod10', '234567')).toBe('2345676');
    // Monitor ERP, "Getting started with KID numbers" (help.monitorerp.com): invoice 60224 → KID 602243.
    expect(paymentReference('no_kid_mod10', '60224')).toBe('602243');
    // navikt/mulighetsrommet ModulusTest.kt, "mod 10 alg".
    expect(isPaymentReference('no_kid_mod10', '23456767')).toBe(true);
    expect(isPaymentReference('no_kid_mod10', '0044555258')).toBe(true);
    expect(isPaymentReference('no_kid_mod10', '2345674')).toBe(false);
    expect(isPaymentReference('no_kid_mod10', '0044555251')).toBe(false);
  });

  it('no_kid_mod11: KID with a MOD11 control digit (weights 2 to 7 from the right)', () => {
    // Ondkloss/norwegian-numbers.js README.md and test/norwegian-numbers.ts:
    // 1234 → 12343, 1234567890 → 12345678903, 31 → 310 (remainder 0 gives 0).
    expect(paymentReference('no_kid_mod11', '1234')).toBe('12343');
    expect(paymentReference('no_kid_mod11', '1234567890')).toBe('12345678903');
    expect(paymentReference('no_kid_mod11', '31')).toBe('310');
    // navikt/mulighetsrommet ModulusTest.kt, "mod 11 alg".
    expect(isPaymentReference('no_kid_mod11', '0365327')).toBe(true);
    expect(isPaymentReference('no_kid_mod11', '12345678903')).toBe(true);
    expect(isPaymentReference('no_kid_mod11', '1677036255')).toBe(false);
    // Where the check would be 10 the sources write "-" (norwegian-numbers.js: 40 → "40-"; ModulusTest.kt
    // accepts "036536-"), and so do we: every payload has its KID, and no two payloads share one.
    expect(paymentReference('no_kid_mod11', '40')).toBe('40-');
    expect(paymentReference('no_kid_mod11', '036536')).toBe('036536-');
    expect(isPaymentReference('no_kid_mod11', '40-')).toBe(true);
    expect(isPaymentReference('no_kid_mod11', '400')).toBe(false);
    expect(paymentReference('no_kid_mod11', '999999')).toBe('999999-');
    // Invoice 6 and invoice 60 once shared a KID (6 → 60 + check): no longer.
    expect(paymentReference('no_kid_mod11', '6')).not.toBe(paymentReference('no_kid_mod11', '60'));
  });

  it('fi_reference: Finnish reference (viitenumero), weights 7, 3, 1 from the right', () => {
    // XMLdation, "Finnish reference number" (wiki.xmldation.com/support/fk/finnish_reference_number):
    // "12 34561" on paper, 00000000000001234561 machine-readable.
    expect(finnishReference('123456')).toBe('1234561');
    expect(isPaymentReference('fi_reference', '12 34561')).toBe(true);
    expect(isPaymentReference('fi_reference', '00000000000001234561')).toBe(true);
    // johannwalder.com, "How to generate a reference number for the Finnish banking system": 12345 → 123453.
    expect(finnishReference('12345')).toBe('123453');
    // willcommit/checkSum Finnish_checksum_explained.md: 1234567 → 12345672.
    expect(finnishReference('1234567')).toBe('12345672');
    // tanty/finnish-reference-number README.md: viitenumero.py 23409678 → "2340 96783".
    expect(finnishReference('23409678')).toBe('234096783');
    expect(isPaymentReference('fi_reference', '2340 96783')).toBe(true);
    // enberg/viite README.md: 123123 → "1231234"; the shortest, 123 → 1232 (3 digits and a check digit).
    expect(finnishReference('123123')).toBe('1231234');
    expect(finnishReference('123')).toBe('1232');
    // "The leading zeros are not printed" (XMLdation, as above); fewer than 3 digits left: none.
    expect(finnishReference('000123456')).toBe('1234561');
    expect(finnishReference('00012')).toBeNull();
    // An invoice number's reference keeps its leading zeros behind a leading 1.
    expect(paymentReference('fi_reference', '000012')).toBe(finnishReference('1000012'));
    expect(isPaymentReference('fi_reference', paymentReference('fi_reference', '000012')!)).toBe(true);
  });

  it('rf: ISO 11649 creditor reference', () => {
    // The standard's example, as quoted by swissdigin.com/glossary/creditor-reference: RF18 5390 0754 7034.
    expect(paymentReference('rf', '539007547034')).toBe('RF18539007547034');
    expect(isPaymentReference('rf', 'RF18 5390 0754 7034')).toBe(true);
    // XMLdation, "RFCreditorReference" (wiki.xmldation.com/Support/RBS/CT_Rules/Access_Online/RFCreditorReference):
    // <Ref>RF712348231</Ref>.
    expect(paymentReference('rf', '2348231')).toBe('RF712348231');
    expect(isPaymentReference('rf', 'rf71 2348 231')).toBe(true);
    expect(isPaymentReference('rf', 'RF17 2348 231')).toBe(false);
  });

  it('compactReference drops every kind of space and upper-cases', () => {
    expect(compactReference(' rf18 5390\t0754\n7034 ')).toBe('RF18539007547034');
    expect(compactReference('12 34561')).toBe('1234561');
  });
});

describe('paymentReference and isPaymentReference, properties', () => {
  const digitPayload = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 30 });
  const scheme = fc.constantFrom(...REFERENCE_SCHEMES);

  /** Whether a payload of digits has a reference: each scheme's length limits. */
  const fits: Record<Exclude<ReferenceScheme, 'no_kid_mod11'>, (p: string) => boolean> = {
    se_ocr: (p) => p.length <= 23,
    dk_fik71: (p) => p.length <= 14,
    no_kid_mod10: (p) => p.length <= 24,
    fi_reference: (p) => p.length + 1 >= 3 && p.length + 1 <= 19,
    rf: (p) => p.length <= 21,
  };

  it('a payload of digits has a reference exactly when it fits the scheme', () => {
    fc.assert(
      fc.property(scheme, digitPayload, (s, p) => {
        const reference = paymentReference(s, p);
        if (s === 'no_kid_mod11') expect(reference).toBe(p.length <= 24 ? norwegianKid(p, 'mod11') : null);
        else expect(reference !== null).toBe(fits[s](p));
      }),
    );
  });

  it('a reference carries its payload: the reference is payload and check digits around it', () => {
    fc.assert(
      fc.property(scheme, digitPayload, (s, p) => {
        const reference = paymentReference(s, p);
        if (reference === null) return;
        if (s === 'se_ocr') expect(reference.slice(0, -2)).toBe(p);
        if (s === 'dk_fik71') expect(reference.slice(0, -1)).toBe(p.padStart(14, '0'));
        if (s === 'no_kid_mod10') expect(reference.slice(0, -1)).toBe(p);
        if (s === 'no_kid_mod11') expect(reference.slice(0, -1)).toBe(p);
        if (s === 'fi_reference') expect(reference.slice(0, -1)).toBe(`1${p}`);
        if (s === 'rf') expect(reference).toMatch(new RegExp(`^RF\\d{2}${p}$`));
      }),
    );
  });

  it('no reference for what is not digits', () => {
    fc.assert(
      fc.property(scheme, fc.string({ maxLength: 12 }), (s, text) => {
        fc.pre(!/^\d+$/.test(text));
        expect(paymentReference(s, text)).toBeNull();
      }),
    );
  });

  it('every reference made validates, also written in groups of four and in lower case', () => {
    fc.assert(
      fc.property(scheme, digitPayload, (s, p) => {
        const reference = paymentReference(s, p);
        if (reference === null) return;
        expect(isPaymentReference(s, reference)).toBe(true);
        const grouped = (reference.match(/.{1,4}/g) ?? []).join(' ').toLowerCase();
        expect(isPaymentReference(s, ` ${grouped} `)).toBe(true);
      }),
    );
  });

  // Every scheme catches every change of a single digit, the check digits included: Luhn doubles
  // alternate digits (0→0, 1→2, …, 9→9 is a permutation); 7-3-1 and MOD11's weights 2-7 are units
  // modulo 10 and 11; MOD 97-10 changes by delta·10^k, never a multiple of the prime 97. The Swedish
  // length digit is covered by the Luhn digit too. So the test tries all nine other digits everywhere.
  it('changing any one digit of a reference makes it invalid, for every scheme', () => {
    fc.assert(
      fc.property(scheme, digitPayload, (s, p) => {
        const reference = paymentReference(s, p);
        if (reference === null) return;
        for (let i = 0; i < reference.length; i++) {
          const original = reference[i]!;
          if (!/\d/.test(original)) continue;
          for (const digit of '0123456789') {
            if (digit === original) continue;
            const changed = `${reference.slice(0, i)}${digit}${reference.slice(i + 1)}`;
            expect(isPaymentReference(s, changed), `${s}: ${reference} → ${changed}`).toBe(false);
          }
        }
      }),
    );
  });

  it('isPaymentReference checks by the scheme it is given', () => {
    expect(isPaymentReference('rf', '1234561')).toBe(false);
    expect(isPaymentReference('fi_reference', 'RF18539007547034')).toBe(false);
    expect(isPaymentReference('dk_fik71', '12344')).toBe(false);
    expect(isPaymentReference('no_kid_mod10', '12344')).toBe(true);
  });
});
