import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COUNTRIES, EU_COUNTRIES } from '../../src/domain/iso.ts';
import { normalizeVatNumber, vatNumberCountry } from '../../src/domain/vat-number.ts';

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const bodyChar = fc.constantFrom(...`${letters}0123456789+*`);
const prefixArb = fc.string({ unit: fc.constantFrom(...letters), minLength: 2, maxLength: 2 });
const bodyArb = fc.string({ unit: bodyChar, minLength: 2, maxLength: 13 });
const separatorArb = fc.string({ unit: fc.constantFrom(' ', '.', '-', '\t', '\u00a0'), maxLength: 2 });

describe('normalizeVatNumber', () => {
  it.each([
    ['SE556677889901', 'SE556677889901'],
    ['se556677889901', 'SE556677889901'],
    ['SE 5566 7788 9901', 'SE556677889901'],
    ['SE556677-8899-01', 'SE556677889901'],
    ['DK12345674', 'DK12345674'],
    ['DK 12 34 56 74', 'DK12345674'],
    ['dk-12.34.56.74', 'DK12345674'],
    ['DE123456788', 'DE123456788'],
    ['EL123456783', 'EL123456783'],
    ['el 123 456 783', 'EL123456783'],
    ['FR 40 303 265 045', 'FR40303265045'],
    ['FRXX999999999', 'FRXX999999999'],
    ['NL123456782B01', 'NL123456782B01'],
    ['nl123456782b01', 'NL123456782B01'],
    ['ATU12345675', 'ATU12345675'],
    ['BE0123456749', 'BE0123456749'],
    ['IE1234567FA', 'IE1234567FA'],
    ['IE8+23456N', 'IE8+23456N'],
    ['IE8*23456N', 'IE8*23456N'],
    ['GB123456782', 'GB123456782'],
    ['XI123456789', 'XI123456789'],
    ['NO123456785MVA', 'NO123456785MVA'],
    ['CHE123456788', 'CHE123456788'],
    ['  SE556677889901  ', 'SE556677889901'],
    ['\tSE556677889901\n', 'SE556677889901'],
    ['AB12', 'AB12'], // shortest: prefix and two characters
    ['AB1234567890123', 'AB1234567890123'], // longest: prefix and thirteen characters
  ])('reads %j as %s', (input, normalized) => {
    expect(normalizeVatNumber(input)).toBe(normalized);
  });

  it.each([
    ['', 'empty'],
    ['SE', 'prefix only'],
    ['SE1', 'one character after the prefix'],
    ['AB12345678901234', 'fourteen characters after the prefix'],
    ['556677889901', 'no prefix'],
    ['1E556677889901', 'digit in the prefix'],
    ['S1556677889901', 'digit in the prefix'],
    ['ÅÄ123456', 'non-ASCII prefix'],
    ['SE55667788990Ö', 'non-ASCII body'],
    ['SE5566_77889901', 'underscore'],
    ['SE5566/77889901', 'slash'],
    ['SE5566,77889901', 'comma'],
    ['SE(556677889901)', 'parentheses'],
    ['SE556677889901#', 'hash'],
    ['- . -', 'separators only'],
  ])('rejects %j (%s)', (input) => {
    expect(normalizeVatNumber(input)).toBeNull();
  });

  it('reads any prefix and body regardless of case and separators', () => {
    fc.assert(
      fc.property(
        prefixArb,
        fc.array(fc.tuple(bodyChar, separatorArb), { minLength: 2, maxLength: 13 }),
        fc.boolean(),
        separatorArb,
        (prefix, body, lower, leading) => {
          const plain = `${prefix}${body.map(([char]) => char).join('')}`;
          const dressed = `${leading}${prefix}${body.map(([char, sep]) => `${char}${sep}`).join('')}`;
          expect(normalizeVatNumber(lower ? dressed.toLowerCase() : dressed)).toBe(plain);
        },
      ),
    );
  });

  it('answers null or an upper-case string of the right shape, and is idempotent', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.tuple(prefixArb, bodyArb).map(([p, b]) => p + b),
        ),
        (input) => {
          const normalized = normalizeVatNumber(input);
          if (normalized === null) return;
          expect(normalized).toMatch(/^[A-Z]{2}[0-9A-Z+*]{2,13}$/);
          expect(normalizeVatNumber(normalized)).toBe(normalized);
        },
      ),
    );
  });

  it('rejects a body outside 2 to 13 characters', () => {
    fc.assert(
      fc.property(
        prefixArb,
        fc.oneof(
          fc.string({ unit: bodyChar, maxLength: 1 }),
          fc.string({ unit: bodyChar, minLength: 14, maxLength: 30 }),
        ),
        (prefix, body) => {
          expect(normalizeVatNumber(`${prefix}${body}`)).toBeNull();
        },
      ),
    );
  });
});

describe('vatNumberCountry', () => {
  it.each([
    ['SE556677889901', 'SE'],
    ['DK12345674', 'DK'],
    ['EL123456783', 'GR'],
    ['ATU12345675', 'AT'],
    ['NL123456782B01', 'NL'],
    ['GB123456782', 'GB'],
  ])('of %s is %s', (vat, country) => {
    expect(vatNumberCountry(vat)).toBe(country);
  });

  it('maps every EU member state prefix back to a member state', () => {
    for (const country of EU_COUNTRIES) {
      const prefix = country === 'GR' ? 'EL' : country;
      const normalized = normalizeVatNumber(`${prefix}123456789`);
      expect(normalized, country).not.toBeNull();
      expect(vatNumberCountry(normalized!)).toBe(country);
    }
  });

  it('is the prefix for any other normalized number', () => {
    fc.assert(
      fc.property(
        prefixArb.filter((prefix) => prefix !== 'EL'),
        bodyArb,
        (prefix, body) => {
          const normalized = normalizeVatNumber(`${prefix}${body}`)!;
          expect(vatNumberCountry(normalized)).toBe(prefix);
        },
      ),
    );
  });

  it('answers a real country for every country-code prefix and for EL', () => {
    for (const prefix of [...COUNTRIES, 'EL']) {
      expect(COUNTRIES.has(vatNumberCountry(`${prefix}12345678`)), prefix).toBe(true);
    }
  });
});
