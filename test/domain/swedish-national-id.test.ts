import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSwedishNationalId } from '../../src/domain/swedish-national-id.ts';

type Today = { year: number; month: number; day: number };

const TODAY: Today = { year: 2025, month: 6, day: 15 };
const DAY_MS = 86_400_000;

/** The Luhn check digit, computed independently of src/domain/luhn.ts. */
function checkDigit(nineDigits: string): string {
  let sum = 0;
  [...nineDigits].forEach((char, index) => {
    const product = Number(char) * (index % 2 === 0 ? 2 : 1);
    sum += Math.floor(product / 10) + (product % 10);
  });
  return String((10 - (sum % 10)) % 10);
}

/** A ten-digit number (six date digits, three serial digits) completed with its check digit. */
function complete(first: string, threeDigits: string): string {
  return `${first}${threeDigits}${checkDigit(`${first}${threeDigits}`)}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function utcParts(ms: number): Today {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Whether someone born on `birth` is at least 100 years old on `today`. */
function isCentenarian(birth: Today, today: Today): boolean {
  const hundredth = [birth.year + 100, birth.month, birth.day];
  const now = [today.year, today.month, today.day];
  for (let i = 0; i < 3; i++) {
    if (hundredth[i]! !== now[i]!) return hundredth[i]! < now[i]!;
  }
  return true;
}

describe('parseSwedishNationalId: personnummer', () => {
  it.each([
    ['811218-9876', '19811218-9876'],
    ['8112189876', '19811218-9876'],
    ['19811218-9876', '19811218-9876'],
    ['198112189876', '19811218-9876'],
    ['  811218-9876\t', '19811218-9876'],
    ['811218+9876', '18811218-9876'],
    ['121212-1212', '20121212-1212'],
    ['121212+1212', '19121212-1212'],
    ['19121212-1212', '19121212-1212'],
    ['191212121212', '19121212-1212'],
  ])('reads %j as %s', (input, normalized) => {
    expect(parseSwedishNationalId(input, TODAY)).toEqual({ ok: true, kind: 'personnummer', normalized });
  });

  it('accepts a leap day only in a leap year', () => {
    const leapDay = complete('000229', '123');
    expect(parseSwedishNationalId(leapDay, TODAY)).toMatchObject({
      ok: true,
      normalized: `20000229-${leapDay.slice(6)}`,
    });
    // With '+' the same digits mean 1900, which was not a leap year.
    expect(parseSwedishNationalId(`000229+${leapDay.slice(6)}`, TODAY)).toEqual({
      ok: false,
      reason: 'date',
    });
    expect(parseSwedishNationalId(`19${leapDay}`, TODAY)).toEqual({ ok: false, reason: 'date' });
    expect(parseSwedishNationalId(`20${leapDay}`, TODAY)).toMatchObject({ ok: true });
    const leap1904 = complete('040229', '555');
    expect(parseSwedishNationalId(`040229+${leap1904.slice(6)}`, TODAY)).toMatchObject({
      ok: true,
      normalized: `19040229-${leap1904.slice(6)}`,
    });
  });

  it.each([
    ['19990230', 'February 30th'],
    ['19990229', 'February 29th in a common year'],
    ['19990431', 'April 31st'],
    ['19991301', 'month 13'],
    ['19990001', 'month 0'],
    ['19990100', 'day 0'],
    ['19990132', 'day 32'],
    ['19990160', 'day 60 (neither a day nor a coordination day)'],
    ['19990192', 'coordination day 92 (the 32nd)'],
    ['19990290', 'coordination day 90 in February (the 30th)'],
  ])('rejects the date %s (%s) even with a correct check digit', (yyyymmdd, _why) => {
    const ten = complete(yyyymmdd.slice(2), '234');
    expect(parseSwedishNationalId(`${yyyymmdd.slice(0, 2)}${ten}`, TODAY)).toEqual({
      ok: false,
      reason: 'date',
    });
    expect(parseSwedishNationalId(`${ten.slice(0, 6)}-${ten.slice(6)}`, TODAY)).toEqual({
      ok: false,
      reason: 'date',
    });
  });

  it.each([
    '811218-9875',
    '811218-9870',
    '8112189877',
    '19811218-9871',
    '121212-1213',
    '811281-9876', // day and month swapped in a way that still makes a date
  ])('rejects %s for its check digit', (input) => {
    expect(parseSwedishNationalId(input, TODAY)).toEqual({ ok: false, reason: 'check_digit' });
  });

  it.each([
    '',
    '811218',
    '811218-987',
    '811218-98765',
    '81121-9876',
    '8112-189876',
    '811218_9876',
    '811218 9876',
    '811218--9876',
    '811218/9876',
    'abcdef-ghij',
    '81121a-9876',
    '1981121898765',
    '19811218+9876', // '+' belongs to the ten-digit form only
    '+8112189876',
    '８１１２１８-９８７６', // full-width digits
  ])('rejects %j for its format', (input) => {
    expect(parseSwedishNationalId(input, TODAY)).toEqual({ ok: false, reason: 'format' });
  });
});

describe('parseSwedishNationalId: century of the ten-digit form', () => {
  const today: Today = { year: 2025, month: 3, day: 1 };
  const birthdayToday = complete('250301', '111');
  const birthdayTomorrow = complete('250302', '111');
  const serialToday = birthdayToday.slice(6);
  const serialTomorrow = birthdayTomorrow.slice(6);

  it('puts a date up to today in this century', () => {
    expect(parseSwedishNationalId(`250301-${serialToday}`, today)).toMatchObject({
      ok: true,
      normalized: `20250301-${serialToday}`,
    });
    expect(parseSwedishNationalId(birthdayToday, today)).toMatchObject({
      ok: true,
      normalized: `20250301-${serialToday}`,
    });
  });

  it('puts a date after today in the previous century', () => {
    expect(parseSwedishNationalId(`250302-${serialTomorrow}`, today)).toMatchObject({
      ok: true,
      normalized: `19250302-${serialTomorrow}`,
    });
  });

  it("takes '+' as a hundred years more", () => {
    expect(parseSwedishNationalId(`250301+${serialToday}`, today)).toMatchObject({
      ok: true,
      normalized: `19250301-${serialToday}`,
    });
    expect(parseSwedishNationalId(`250302+${serialTomorrow}`, today)).toMatchObject({
      ok: true,
      normalized: `18250302-${serialTomorrow}`,
    });
  });

  it('compares months before days', () => {
    const lateInYear = complete('241231', '222');
    expect(parseSwedishNationalId(lateInYear, today)).toMatchObject({
      normalized: `20241231-${lateInYear.slice(6)}`,
    });
    const laterMonth = complete('250401', '222');
    expect(parseSwedishNationalId(laterMonth, today)).toMatchObject({
      normalized: `19250401-${laterMonth.slice(6)}`,
    });
    const earlierMonthLaterDay = complete('250228', '222');
    expect(parseSwedishNationalId(earlierMonthLaterDay, today)).toMatchObject({
      normalized: `20250228-${earlierMonthLaterDay.slice(6)}`,
    });
  });

  it('follows `today` across a century boundary', () => {
    const id = complete('991231', '333');
    expect(parseSwedishNationalId(id, { year: 1999, month: 12, day: 31 })).toMatchObject({
      normalized: `19991231-${id.slice(6)}`,
    });
    expect(parseSwedishNationalId(id, { year: 2000, month: 1, day: 1 })).toMatchObject({
      normalized: `19991231-${id.slice(6)}`,
    });
    const newYear = complete('000101', '333');
    expect(parseSwedishNationalId(newYear, { year: 1999, month: 12, day: 31 })).toMatchObject({
      normalized: `19000101-${newYear.slice(6)}`,
    });
    expect(parseSwedishNationalId(newYear, { year: 2000, month: 1, day: 1 })).toMatchObject({
      normalized: `20000101-${newYear.slice(6)}`,
    });
  });

  it('uses the real day, not the coordination day, when comparing with today', () => {
    // Coordination day 62 is the 2nd: after 1 March 2025, so 1925.
    const coordinationTomorrow = complete('250362', '444');
    expect(parseSwedishNationalId(coordinationTomorrow, today)).toEqual({
      ok: true,
      kind: 'samordningsnummer',
      normalized: `19250362-${coordinationTomorrow.slice(6)}`,
    });
    const coordinationToday = complete('250361', '444');
    expect(parseSwedishNationalId(coordinationToday, today)).toMatchObject({
      normalized: `20250361-${coordinationToday.slice(6)}`,
    });
  });

  it('ignores `today` for the twelve-digit form', () => {
    expect(parseSwedishNationalId('19811218-9876', { year: 1950, month: 1, day: 1 })).toMatchObject({
      ok: true,
      normalized: '19811218-9876',
    });
    const future = complete('300101', '555');
    expect(parseSwedishNationalId(`20${future}`, TODAY)).toMatchObject({
      normalized: `20300101-${future.slice(6)}`,
    });
  });
});

describe('parseSwedishNationalId: samordningsnummer', () => {
  it.each([
    ['701063-2391', '19701063-2391'], // Skatteverket's example
    ['7010632391', '19701063-2391'],
    ['19701063-2391', '19701063-2391'],
    ['197010632391', '19701063-2391'],
  ])('reads %j as %s', (input, normalized) => {
    expect(parseSwedishNationalId(input, TODAY)).toEqual({ ok: true, kind: 'samordningsnummer', normalized });
  });

  it('accepts coordination days 61 to 91', () => {
    for (const day of [61, 75, 91]) {
      const ten = complete(`0001${day}`, '987');
      expect(parseSwedishNationalId(`20${ten}`, TODAY)).toMatchObject({
        ok: true,
        kind: 'samordningsnummer',
      });
    }
  });

  it('checks the real date behind a coordination day', () => {
    const leap = complete('000289', '987');
    expect(parseSwedishNationalId(`20${leap}`, TODAY)).toMatchObject({ ok: true, kind: 'samordningsnummer' });
    expect(parseSwedishNationalId(`20${complete('010289', '987')}`, TODAY)).toEqual({
      ok: false,
      reason: 'date',
    });
    expect(parseSwedishNationalId(`20${complete('010491', '987')}`, TODAY)).toEqual({
      ok: false,
      reason: 'date',
    });
  });

  it('rejects a wrong check digit', () => {
    expect(parseSwedishNationalId('701063-2392', TODAY)).toEqual({ ok: false, reason: 'check_digit' });
  });
});

describe('parseSwedishNationalId: organisationsnummer', () => {
  it.each([
    ['556677-8899', '556677-8899'],
    ['5566778899', '556677-8899'],
    ['16556677-8899', '556677-8899'],
    ['165566778899', '556677-8899'],
    ['202100-6255', '202100-6255'], // Skatteverket
    ['2021006255', '202100-6255'],
    ['162021006255', '202100-6255'],
    [' 202100-6255 ', '202100-6255'],
  ])('reads %j as %s', (input, normalized) => {
    expect(parseSwedishNationalId(input, TODAY)).toEqual({
      ok: true,
      kind: 'organisationsnummer',
      normalized,
    });
  });

  it('does not depend on `today`', () => {
    for (const today of [
      { year: 1900, month: 1, day: 1 },
      { year: 2025, month: 6, day: 15 },
      { year: 2199, month: 12, day: 31 },
    ]) {
      expect(parseSwedishNationalId('556677-8899', today)).toMatchObject({ normalized: '556677-8899' });
    }
  });

  it.each(['556677-8898', '5566778890', '16556677-8891', '202100-6256'])(
    'rejects %s for its check digit',
    (input) => {
      expect(parseSwedishNationalId(input, TODAY)).toEqual({ ok: false, reason: 'check_digit' });
    },
  );

  it.each([
    '19556677-8899', // only 16 may prefix an organisationsnummer
    '20556677-8899',
    '555566778899',
    '556677+8899', // '+' is for people over a hundred
  ])('rejects %s for its format', (input) => {
    expect(parseSwedishNationalId(input, TODAY)).toEqual({ ok: false, reason: 'format' });
  });

  it('treats a month field of 20 or more as an organisation and below 20 as a date', () => {
    const org = complete('552000', '123');
    expect(parseSwedishNationalId(org, TODAY)).toMatchObject({ ok: true, kind: 'organisationsnummer' });
    const notOrg = complete('551900', '123');
    expect(parseSwedishNationalId(notOrg, TODAY)).toEqual({ ok: false, reason: 'date' });
  });
});

describe('parseSwedishNationalId: properties', () => {
  const todayArb = fc
    .integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2150, 11, 31) })
    .map((ms) => Math.floor(ms / DAY_MS) * DAY_MS);
  const serialArb = fc.integer({ min: 0, max: 999 }).map((n) => pad(n, 3));

  it('reads any real date with a correct check digit, normalized to YYYYMMDD-NNNN', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2199, 11, 31) }),
        serialArb,
        fc.boolean(),
        fc.constantFrom('-', ''),
        todayArb,
        (ms, serial, coordination, separator, todayMs) => {
          const today = utcParts(todayMs);
          const birth = utcParts(ms);
          const dd = coordination ? birth.day + 60 : birth.day;
          const yymmdd = `${pad(birth.year % 100)}${pad(birth.month)}${pad(dd)}`;
          const ten = complete(yymmdd, serial);
          const expected = `${birth.year}${pad(birth.month)}${pad(dd)}-${ten.slice(6)}`;
          const input = `${pad(Math.floor(birth.year / 100))}${yymmdd}${separator}${ten.slice(6)}`;
          expect(parseSwedishNationalId(input, today)).toEqual({
            ok: true,
            kind: coordination ? 'samordningsnummer' : 'personnummer',
            normalized: expected,
          });
        },
      ),
    );
  });

  it('reads the ten-digit form like the twelve-digit form when age decides the century', () => {
    fc.assert(
      fc.property(
        todayArb,
        fc.integer({ min: 0, max: 199 * 365 }),
        serialArb,
        fc.boolean(),
        fc.boolean(),
        (todayMs, ageInDays, serial, coordination, withSeparator) => {
          const today = utcParts(todayMs);
          const birth = utcParts(todayMs - ageInDays * DAY_MS);
          const dd = coordination ? birth.day + 60 : birth.day;
          const yymmdd = `${pad(birth.year % 100)}${pad(birth.month)}${pad(dd)}`;
          const ten = complete(yymmdd, serial);
          const twelve = `${birth.year}${ten.slice(2, 6)}-${ten.slice(6)}`;
          const centenarian = isCentenarian(birth, today);
          const separator = centenarian ? '+' : withSeparator ? '-' : '';
          const fromTen = parseSwedishNationalId(`${yymmdd}${separator}${ten.slice(6)}`, today);
          const fromTwelve = parseSwedishNationalId(twelve, today);
          expect(fromTwelve).toMatchObject({ ok: true, normalized: twelve });
          expect(fromTen).toEqual(fromTwelve);
        },
      ),
    );
  });

  it('rejects any wrong check digit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2099, 11, 31) }),
        serialArb,
        fc.integer({ min: 1, max: 9 }),
        (ms, serial, delta) => {
          const birth = utcParts(ms);
          const ten = complete(`${pad(birth.year % 100)}${pad(birth.month)}${pad(birth.day)}`, serial);
          const wrong = `${ten.slice(0, 9)}${(Number(ten[9]) + delta) % 10}`;
          expect(parseSwedishNationalId(`${pad(Math.floor(birth.year / 100))}${wrong}`, TODAY)).toEqual({
            ok: false,
            reason: 'check_digit',
          });
        },
      ),
    );
  });

  it('reads any organisationsnummer with a correct check digit, with or without 16', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 20, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        serialArb,
        fc.constantFrom('', '16'),
        fc.constantFrom('', '-'),
        (first, monthField, third, serial, prefix, separator) => {
          const ten = complete(`${pad(first)}${pad(monthField)}${pad(third)}`, serial);
          const result = parseSwedishNationalId(
            `${prefix}${ten.slice(0, 6)}${separator}${ten.slice(6)}`,
            TODAY,
          );
          expect(result).toEqual({
            ok: true,
            kind: 'organisationsnummer',
            normalized: `${ten.slice(0, 6)}-${ten.slice(6)}`,
          });
        },
      ),
    );
  });

  it('never throws, and what it accepts it reads again unchanged', () => {
    const digitsAndSeparators = fc.string({ unit: fc.constantFrom(...'0123456789-+ '), maxLength: 16 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 16 }), digitsAndSeparators), todayArb, (input, todayMs) => {
        const today = utcParts(todayMs);
        const result = parseSwedishNationalId(input, today);
        if (!result.ok) {
          expect(['format', 'date', 'check_digit']).toContain(result.reason);
          return;
        }
        const shape = result.kind === 'organisationsnummer' ? /^\d{6}-\d{4}$/ : /^\d{8}-\d{4}$/;
        expect(result.normalized).toMatch(shape);
        expect(parseSwedishNationalId(result.normalized, today)).toEqual(result);
      }),
    );
  });

  it('accepts exactly one check digit for every real date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2099, 11, 31) }),
        serialArb,
        (ms, serial) => {
          const birth = utcParts(ms);
          const nine = `${pad(birth.year % 100)}${pad(birth.month)}${pad(birth.day)}${serial}`;
          const century = pad(Math.floor(birth.year / 100));
          const accepted = [...'0123456789'].filter(
            (digit) => parseSwedishNationalId(`${century}${nine}${digit}`, TODAY).ok,
          );
          expect(accepted).toEqual([checkDigit(nine)]);
        },
      ),
    );
  });
});
