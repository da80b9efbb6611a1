import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVatNumber } from '../../src/domain/vat-number.ts';

/** Valid by each country's check digits (public examples and numbers computed by the rules). */
const VALID = [
  'DK13585628',
  'DK10000009',
  'DK12345674',
  'SE556036079301',
  'SE556677889901',
  'SE556703170201',
  'NO923609016MVA',
  'NO123456785MVA',
  'FI12345671',
  'FI20774740',
  'DE123456788',
  'DE136695976',
  'ATU12345675',
  'BE0123456749',
  'NL123456782B01',
  'FR40303265045',
  'EL123456783',
  'IE1234567FA',
  'IE6433435F',
  'IE8+23456N',
  'IT00743110157',
  'ES54362315K',
  'PL5260250274',
  'GB123456782',
  'CHE116281710',
];

describe('checkVatNumber', () => {
  it.each(VALID)('accepts %s', (vat) => {
    expect(checkVatNumber(vat)).toEqual({ ok: true, normalized: vat });
  });

  it.each([
    ['dk 13 58 56 28', 'DK13585628'],
    ['dk-13.58.56.28', 'DK13585628'],
    ['SE 5560 3607 9301', 'SE556036079301'],
    ['no 923 609 016 mva', 'NO923609016MVA'],
    ['el 123 456 783', 'EL123456783'],
    ['CHE-116.281.710 MWST', 'CHE116281710MWST'],
  ])('reads %j as %s', (input, normalized) => {
    expect(checkVatNumber(input)).toEqual({ ok: true, normalized });
  });

  it.each([
    ['DK12345678', 'DK12345678 is not a valid Danish VAT number (check digits)'],
    ['SE556036079401', 'SE556036079401 is not a valid Swedish VAT number (check digits)'],
    ['DE123456789', 'DE123456789 is not a valid German VAT number (check digits)'],
    ['NO123456789MVA', 'NO123456789MVA is not a valid Norwegian VAT number (check digits)'],
    ['FI12345678', 'FI12345678 is not a valid Finnish VAT number (check digits)'],
    ['FI20754740', 'FI20754740 is not a valid Finnish VAT number (check digits)'], // remainder 1
    ['EL123456789', 'EL123456789 is not a valid Greek VAT number (check digits)'],
    ['GB123456789', 'GB123456789 is not a valid British VAT number (check digits)'],
    ['CHE123456789', 'CHE123456789 is not a valid Swiss VAT number (check digits)'],
  ])('refuses %s by its check digits', (vat, message) => {
    expect(checkVatNumber(vat)).toEqual({ ok: false, reason: 'check_digit', message });
  });

  it.each([
    ['DK1358562', 'Danish'], // seven digits
    ['SE5560360793', 'Swedish'], // an organisationsnummer without 01
    ['GR123456783', 'Greek'], // Greek VAT numbers are written EL
    ['ATX12345675', 'Austrian'],
    ['NL123456782C01', 'Dutch'],
  ])('refuses %s by its format', (vat, adjective) => {
    expect(checkVatNumber(vat)).toEqual({
      ok: false,
      reason: 'format',
      message: `${vat} is not a valid ${adjective} VAT number (format)`,
    });
  });

  it.each(['', 'SE', 'XX1', '556677889901', 'DK_13585628', 'XX12345678901234'])(
    'refuses %j by its shape',
    (input) => {
      const checked = checkVatNumber(input);
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.reason).toBe('shape');
    },
  );

  it('keeps the shape check for countries without check-digit rules', () => {
    expect(checkVatNumber('XI 123456789')).toEqual({ ok: true, normalized: 'XI123456789' });
    expect(checkVatNumber('US12')).toEqual({ ok: true, normalized: 'US12' });
  });

  const nordicAndGerman = VALID.filter((vat) => /^(DK|SE|DE|FI|NO)/.test(vat));

  it('refuses a Danish, Swedish, German, Finnish or Norwegian number with one digit changed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...nordicAndGerman),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (vat, at, step) => {
          const digits = [...vat.matchAll(/\d/g)].map((m) => m.index);
          // The Swedish 01 suffix carries no check: change one of the ten digits before it.
          const positions = vat.startsWith('SE') ? digits.slice(0, 10) : digits;
          const index = positions[at % positions.length]!;
          const changed = (Number(vat[index]) + step) % 10;
          const altered = `${vat.slice(0, index)}${changed}${vat.slice(index + 1)}`;
          const checked = checkVatNumber(altered);
          expect(checked.ok, altered).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers a normalized number that checks again as itself', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.boolean(), (vat, lower) => {
        const spaced = vat.replace(/(\d{3})/g, '$1 ');
        const checked = checkVatNumber(lower ? spaced.toLowerCase() : spaced);
        expect(checked).toEqual({ ok: true, normalized: vat });
      }),
    );
  });
});
