import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COUNTRIES,
  CURRENCY_EXPONENTS,
  defaultLanguageFor,
  EU_COUNTRIES,
  isCountry,
  isCurrency,
  isTimeZone,
} from '../../src/domain/iso.ts';

const upperPair = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
  minLength: 2,
  maxLength: 2,
});

describe('COUNTRIES and isCountry', () => {
  it('holds the 249 officially assigned ISO 3166-1 alpha-2 codes', () => {
    expect(COUNTRIES.size).toBe(249);
    for (const code of COUNTRIES) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('knows every code by name (ICU region data)', () => {
    const names = new Intl.DisplayNames('en', { type: 'region', fallback: 'code' });
    const unnamed = [...COUNTRIES].filter((code) => names.of(code) === code);
    expect(unnamed).toEqual([]);
  });

  it.each(['SE', 'DK', 'NO', 'FI', 'DE', 'GB', 'US', 'GR', 'AX', 'FO', 'GL', 'CW', 'SX', 'BQ', 'SS', 'PS'])(
    'knows %s',
    (code) => {
      expect(isCountry(code)).toBe(true);
    },
  );

  it.each([
    ['EL', "Greece's VAT prefix, not a country code"],
    ['UK', 'reserved, not assigned'],
    ['EU', 'exceptionally reserved'],
    ['XK', 'Kosovo: user-assigned, not ISO'],
    ['XI', 'Northern Ireland VAT prefix'],
    ['AN', 'Netherlands Antilles, withdrawn'],
    ['CS', 'Serbia and Montenegro, withdrawn'],
    ['YU', 'Yugoslavia, withdrawn'],
    ['ZZ', 'unknown region'],
    ['se', 'lower case'],
    ['Se', 'mixed case'],
    ['SWE', 'alpha-3'],
    ['S', 'one letter'],
    ['', 'empty'],
    [' SE', 'padded'],
  ])('rejects %j (%s)', (code) => {
    expect(isCountry(code)).toBe(false);
  });

  it('agrees with the set for any two letters', () => {
    fc.assert(
      fc.property(upperPair, (code) => {
        expect(isCountry(code)).toBe(COUNTRIES.has(code));
        expect(isCountry(code.toLowerCase())).toBe(false);
      }),
    );
  });
});

describe('EU_COUNTRIES', () => {
  it('holds the 27 member states', () => {
    expect([...EU_COUNTRIES].sort()).toEqual(
      'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' '),
    );
  });

  it('is a subset of COUNTRIES', () => {
    for (const code of EU_COUNTRIES) expect(COUNTRIES.has(code), code).toBe(true);
  });

  it.each(['GB', 'NO', 'CH', 'IS', 'LI', 'FO', 'GL', 'AX', 'EL'])('does not hold %s', (code) => {
    expect(EU_COUNTRIES.has(code)).toBe(false);
  });
});

describe('CURRENCY_EXPONENTS and isCurrency', () => {
  it('uses three upper-case letters and an exponent of 0, 2 or 3', () => {
    for (const [code, exponent] of Object.entries(CURRENCY_EXPONENTS)) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3], code).toContain(exponent);
    }
  });

  it.each([
    ['SEK', 2],
    ['DKK', 2],
    ['NOK', 2],
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['CHF', 2],
    ['HUF', 2], // ISO 4217 says 2, although cash has no fractions
    ['IDR', 2],
    ['TWD', 2],
    ['ISK', 0],
    ['JPY', 0],
    ['KRW', 0],
    ['CLP', 0],
    ['VND', 0],
    ['XAF', 0],
    ['XOF', 0],
    ['XPF', 0],
    ['BHD', 3],
    ['IQD', 3],
    ['JOD', 3],
    ['KWD', 3],
    ['LYD', 3],
    ['OMR', 3],
    ['TND', 3],
  ])('gives %s exponent %i', (code, exponent) => {
    expect(isCurrency(code)).toBe(true);
    expect(CURRENCY_EXPONENTS[code]).toBe(exponent);
  });

  it('lists exactly the ISO 4217 zero- and three-decimal currencies it knows', () => {
    const byExponent = (exponent: number) =>
      Object.entries(CURRENCY_EXPONENTS)
        .filter(([, e]) => e === exponent)
        .map(([code]) => code)
        .sort();
    expect(byExponent(0)).toEqual(
      'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF'.split(' '),
    );
    expect(byExponent(3)).toEqual('BHD IQD JOD KWD LYD OMR TND'.split(' '));
  });

  it('covers the currency of every Nordic and euro-area country in use', () => {
    for (const code of ['SEK', 'DKK', 'NOK', 'ISK', 'EUR']) expect(isCurrency(code), code).toBe(true);
  });

  it('knows the Caribbean guilder (XCG), which replaced ANG in 2025', () => {
    expect(isCurrency('XCG')).toBe(true);
    expect(CURRENCY_EXPONENTS.XCG).toBe(2);
  });

  it('knows only codes that ICU knows as currencies', () => {
    const known = new Set(Intl.supportedValuesOf('currency'));
    expect(Object.keys(CURRENCY_EXPONENTS).filter((code) => !known.has(code))).toEqual([]);
  });

  it.each([
    ['sek', 'lower case'],
    ['XAU', 'gold, not money'],
    ['XDR', 'special drawing right'],
    ['XTS', 'testing code'],
    ['XXX', 'no currency'],
    ['DEM', 'withdrawn'],
    ['HRK', 'replaced by EUR in 2023'],
    ['SE', 'country code'],
    ['SEKK', 'four letters'],
    ['', 'empty'],
    ['toString', 'inherited property'],
    ['constructor', 'inherited property'],
    ['__proto__', 'prototype'],
    ['hasOwnProperty', 'inherited property'],
  ])('rejects %j (%s)', (code) => {
    expect(isCurrency(code)).toBe(false);
  });

  it('answers for any string exactly when the table has an own entry', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom(...Object.keys(CURRENCY_EXPONENTS))),
        (code) => {
          expect(isCurrency(code)).toBe(Object.keys(CURRENCY_EXPONENTS).includes(code));
        },
      ),
    );
  });
});

describe('defaultLanguageFor', () => {
  it.each([
    ['DK', 'da'],
    ['FO', 'da'],
    ['GL', 'da'],
    ['SE', 'sv'],
    ['AX', 'sv'],
    ['DE', 'de'],
    ['AT', 'de'],
    ['CH', 'de'],
    ['LI', 'de'],
    ['FI', 'en'],
    ['NO', 'en'],
    ['GB', 'en'],
    ['US', 'en'],
    ['LU', 'en'],
    ['dk', 'en'],
    ['', 'en'],
  ] as const)('gives %j %s', (country, language) => {
    expect(defaultLanguageFor(country)).toBe(language);
  });

  it('gives every country one of the supported languages, English unless translated', () => {
    const translated = new Set(['DK', 'FO', 'GL', 'SE', 'AX', 'DE', 'AT', 'CH', 'LI']);
    for (const country of COUNTRIES) {
      const language = defaultLanguageFor(country);
      expect(['da', 'sv', 'de', 'en']).toContain(language);
      if (!translated.has(country)) expect(language, country).toBe('en');
    }
  });
});

describe('isTimeZone', () => {
  it.each([
    'UTC',
    'Europe/Stockholm',
    'Europe/Copenhagen',
    'Europe/Oslo',
    'Europe/Helsinki',
    'Atlantic/Faroe',
    'America/Nuuk',
    'America/New_York',
    'America/Argentina/Buenos_Aires',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Etc/GMT+1',
  ])('accepts %s', (name) => {
    expect(isTimeZone(name)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['Europe/Gothenburg', 'not a zone'],
    ['Mars/Olympus_Mons', 'not a zone'],
    ['CET', 'no region'],
    ['EST', 'no region'],
    ['GMT', 'no region'],
    ['+01:00', 'an offset, not a zone'],
    ['Europe/', 'incomplete'],
    ['/', 'a bare slash'],
    [' Europe/Stockholm', 'padded'],
  ])('rejects %j (%s)', (name) => {
    expect(isTimeZone(name)).toBe(false);
  });

  it('accepts every zone the runtime lists (except bare abbreviations)', () => {
    const zones = Intl.supportedValuesOf('timeZone').filter((zone) => zone.includes('/'));
    expect(zones.length).toBeGreaterThan(300);
    expect(zones.filter((zone) => !isTimeZone(zone))).toEqual([]);
  });

  it('never throws, and accepts only names with a region or UTC', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (name) => {
        const accepted = isTimeZone(name);
        if (accepted) expect(name === 'UTC' || name.includes('/')).toBe(true);
      }),
    );
  });
});
