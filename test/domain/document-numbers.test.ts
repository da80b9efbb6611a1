import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatDocumentNumber,
  numberFormatProblem,
  numberPeriod,
} from '../../src/domain/document-numbers.ts';

const SEQ_ONCE = 'must contain {SEQ} or {SEQ:n} exactly once';
const UNKNOWN_TOKEN = 'knows only {YYYY}, {YY} and {SEQ:n}';
const CHARACTERS = 'may hold only letters, digits and - / _ . besides its tokens';
const WIDTH = 'the width of {SEQ:n} must be 1 to 12';
const LENGTH = 'must be 1 to 40 characters';

describe('numberFormatProblem', () => {
  it.each([
    '{YYYY}-{SEQ:6}',
    'CN-{YYYY}-{SEQ:6}',
    '{SEQ}',
    '{SEQ:1}',
    '{SEQ:12}',
    'INV{YY}/{SEQ:4}',
    'A.b_C-9/{SEQ:05}{YYYY}',
    `${'X'.repeat(35)}{SEQ}`, // exactly 40 characters
  ])('accepts %s', (format) => {
    expect(numberFormatProblem(format)).toBeNull();
  });

  it.each([
    ['', LENGTH],
    [`${'X'.repeat(36)}{SEQ}`, LENGTH],
    ['{YYYY}-INV', SEQ_ONCE],
    ['{SEQ}-{SEQ:4}', SEQ_ONCE],
    ['{seq}', SEQ_ONCE],
    ['{SEQ:123}', SEQ_ONCE], // not a token: three digits of width
    ['{SEQ:0}', WIDTH],
    ['{SEQ:00}', WIDTH],
    ['{SEQ:13}', WIDTH],
    ['{SEQ:99}', WIDTH],
    ['INV{-{SEQ}', UNKNOWN_TOKEN],
    ['{SEQ}}', UNKNOWN_TOKEN],
    ['{{SEQ}', UNKNOWN_TOKEN],
    ['{MM}/{SEQ}', UNKNOWN_TOKEN],
    ['{YYY}{SEQ}', UNKNOWN_TOKEN],
    ['{SEQ: 4}-{SEQ}', UNKNOWN_TOKEN],
    ['F {SEQ}', CHARACTERS],
    ['Faktura#{SEQ}', CHARACTERS],
    ['Å{SEQ}', CHARACTERS],
    ['{SEQ}\n', CHARACTERS],
  ])('refuses %j: %s', (format, message) => {
    expect(numberFormatProblem(format)).toEqual({ message });
  });
});

describe('numberPeriod', () => {
  it.each([
    ['{YYYY}-{SEQ:6}', '2025-03-01', '2025'],
    ['{YY}{SEQ}', '2026-12-31', '2026'],
    ['CN-{SEQ}-{YYYY}', '1999-01-01', '1999'],
    ['{SEQ:6}', '2025-03-01', ''],
    ['YY-{SEQ}', '2025-03-01', ''], // letters, not the token
  ])('%s on %s → %j', (format, date, period) => {
    expect(numberPeriod(format, date)).toBe(period);
  });
});

describe('formatDocumentNumber', () => {
  it.each([
    ['{YYYY}-{SEQ:6}', '2025-01-01', 1, '2025-000001'],
    ['{YYYY}-{SEQ:6}', '2025-12-31', 123456, '2025-123456'],
    ['{YYYY}-{SEQ:6}', '2025-12-31', 1234567, '2025-1234567'], // a full width grows, never truncates
    ['CN-{YYYY}-{SEQ:6}', '2026-02-03', 42, 'CN-2026-000042'],
    ['INV{YY}/{SEQ:4}', '2026-01-01', 2, 'INV26/0002'],
    ['{YY}{SEQ:2}', '2007-06-30', 5, '0705'],
    ['{SEQ}', '2025-01-01', 7, '7'],
    ['{SEQ:12}', '2025-01-01', 1, '000000000001'],
    ['{SEQ:05}', '2025-01-01', 3, '00003'],
    ['{SEQ}-{YYYY}-{YY}', '2030-01-01', 10, '10-2030-30'],
  ])('%s on %s, sequence %i → %s', (format, date, sequence, number) => {
    expect(numberFormatProblem(format)).toBeNull();
    expect(formatDocumentNumber(format, date, sequence)).toBe(number);
  });
});

describe('properties', () => {
  const literal = fc.stringMatching(/^[A-Za-z0-9\-/_.]{1,4}$/);
  const yearToken = fc.constantFrom('{YYYY}', '{YY}');
  const part = fc.oneof(literal, yearToken);
  const width = fc.integer({ min: 1, max: 12 });
  const seqToken = fc.option(width).map((w) => (w === null ? '{SEQ}' : `{SEQ:${w}}`));
  /** Usable formats: literal text and year tokens around exactly one {SEQ}, at most 40 characters. */
  const format = fc
    .tuple(fc.array(part, { maxLength: 3 }), seqToken, fc.array(part, { maxLength: 3 }))
    .map(([before, seq, after]) => [...before, seq, ...after].join(''))
    .filter((f) => f.length <= 40);
  const year = fc.integer({ min: 1900, max: 2199 });
  const dateIn = (y: number) => `${y}-06-15`;
  const sequence = fc.integer({ min: 1, max: 10 ** 12 });

  it('every generated format is usable, and its numbers hold only letters, digits and - / _ .', () => {
    fc.assert(
      fc.property(format, year, sequence, (f, y, s) => {
        expect(numberFormatProblem(f)).toBeNull();
        expect(formatDocumentNumber(f, dateIn(y), s)).toMatch(/^[A-Za-z0-9\-/_.]+$/);
      }),
    );
  });

  it('distinct sequences give distinct numbers on the same day', () => {
    fc.assert(
      fc.property(format, year, sequence, sequence, (f, y, a, b) => {
        fc.pre(a !== b);
        expect(formatDocumentNumber(f, dateIn(y), a)).not.toBe(formatDocumentNumber(f, dateIn(y), b));
      }),
    );
  });

  it('with {YYYY}, distinct (year, sequence) pairs give distinct numbers', () => {
    const yearly = format.filter((f) => f.includes('{YYYY}'));
    fc.assert(
      fc.property(yearly, year, year, sequence, sequence, (f, y1, y2, a, b) => {
        fc.pre(y1 !== y2 || a !== b);
        expect(formatDocumentNumber(f, dateIn(y1), a)).not.toBe(formatDocumentNumber(f, dateIn(y2), b));
      }),
    );
  });

  it('{SEQ:n} pads to n digits and never loses one: the number reads back as the sequence', () => {
    fc.assert(
      fc.property(literal, width, literal, fc.integer({ min: 0, max: 10 ** 13 }), (prefix, w, suffix, s) => {
        const number = formatDocumentNumber(`${prefix}{SEQ:${w}}${suffix}`, '2025-01-01', s);
        expect(number.startsWith(prefix)).toBe(true);
        expect(number.endsWith(suffix)).toBe(true);
        const digits = number.slice(prefix.length, number.length - suffix.length);
        expect(digits).toHaveLength(Math.max(w, String(s).length));
        expect(digits).toMatch(/^\d+$/);
        expect(Number(digits)).toBe(s);
      }),
    );
  });

  it('{YY} is the last two digits of the year and {YYYY} all four', () => {
    fc.assert(
      fc.property(year, sequence, (y, s) => {
        expect(formatDocumentNumber('{YY}-{YYYY}-{SEQ}', dateIn(y), s)).toBe(
          `${String(y).slice(2)}-${y}-${s}`,
        );
      }),
    );
  });

  it('the period is the year exactly when the format shows one', () => {
    fc.assert(
      fc.property(format, year, (f, y) => {
        const yearly = f.includes('{YYYY}') || f.includes('{YY}');
        expect(numberPeriod(f, dateIn(y))).toBe(yearly ? String(y) : '');
      }),
    );
  });

  it('one stray brace, or a second {SEQ}, anywhere in a usable format makes it unusable', () => {
    fc.assert(
      fc.property(format, fc.nat(), fc.constantFrom('{', '}', '{SEQ}', '{SEQ:3}'), (f, at, insert) => {
        const i = at % (f.length + 1);
        const broken = `${f.slice(0, i)}${insert}${f.slice(i)}`;
        expect(numberFormatProblem(broken)).not.toBeNull();
      }),
    );
  });
});
