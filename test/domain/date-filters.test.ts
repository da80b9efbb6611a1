import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateRanges, filterBound } from '../../src/http/list-query.ts';

const HOUR_MS = 3_600_000;
const iso = (date: Date) => date.toISOString();

/** The calendar date and wall-clock time of `ms` in `timeZone`, read with Intl rather than Temporal. */
function wallClock(ms: number, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(ms))
      .map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}`,
  };
}

function nextDay(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + 24 * HOUR_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

describe('filterBound with a date', () => {
  it.each([
    ['2025-01-01', 'gte', 'Europe/Copenhagen', '2024-12-31T23:00:00.000Z'],
    ['2025-01-01', 'lte', 'Europe/Copenhagen', '2025-01-01T23:00:00.000Z'],
    ['2025-07-01', 'gte', 'Europe/Copenhagen', '2025-06-30T22:00:00.000Z'],
    ['2025-07-01', 'lte', 'Europe/Copenhagen', '2025-07-01T22:00:00.000Z'],
    ['2025-01-01', 'gte', 'Europe/Stockholm', '2024-12-31T23:00:00.000Z'],
    ['2025-01-01', 'gte', 'UTC', '2025-01-01T00:00:00.000Z'],
    ['2025-01-01', 'lte', 'UTC', '2025-01-02T00:00:00.000Z'],
    ['2025-01-31', 'lte', 'UTC', '2025-02-01T00:00:00.000Z'],
    ['2024-02-28', 'lte', 'UTC', '2024-02-29T00:00:00.000Z'],
    ['2024-12-31', 'lte', 'UTC', '2025-01-01T00:00:00.000Z'],
    ['2025-01-01', 'gte', 'America/New_York', '2025-01-01T05:00:00.000Z'],
    ['2025-01-01', 'gte', 'Asia/Kolkata', '2024-12-31T18:30:00.000Z'],
    ['2025-01-01', 'gte', 'Asia/Kathmandu', '2024-12-31T18:15:00.000Z'],
    ['2025-01-01', 'gte', 'Pacific/Kiritimati', '2024-12-31T10:00:00.000Z'],
    ['2025-01-01', 'gte', 'Pacific/Pago_Pago', '2025-01-01T11:00:00.000Z'],
  ] as const)('%s %s in %s is %s', (value, bound, timeZone, expected) => {
    expect(iso(filterBound(value, bound, timeZone))).toBe(expected);
  });

  it('spans 23 hours on the spring-forward day (Copenhagen, 30 March 2025)', () => {
    const from = filterBound('2025-03-30', 'gte', 'Europe/Copenhagen');
    const before = filterBound('2025-03-30', 'lte', 'Europe/Copenhagen');
    expect(iso(from)).toBe('2025-03-29T23:00:00.000Z');
    expect(iso(before)).toBe('2025-03-30T22:00:00.000Z');
    expect(before.getTime() - from.getTime()).toBe(23 * HOUR_MS);
  });

  it('spans 25 hours on the fall-back day (Copenhagen, 26 October 2025)', () => {
    const from = filterBound('2025-10-26', 'gte', 'Europe/Copenhagen');
    const before = filterBound('2025-10-26', 'lte', 'Europe/Copenhagen');
    expect(iso(from)).toBe('2025-10-25T22:00:00.000Z');
    expect(iso(before)).toBe('2025-10-26T23:00:00.000Z');
    expect(before.getTime() - from.getTime()).toBe(25 * HOUR_MS);
  });

  it('spans 24 hours around, not on, a DST change', () => {
    for (const date of ['2025-03-29', '2025-03-31', '2025-10-25', '2025-10-27']) {
      const span =
        filterBound(date, 'lte', 'Europe/Copenhagen').getTime() -
        filterBound(date, 'gte', 'Europe/Copenhagen').getTime();
      expect(span, date).toBe(24 * HOUR_MS);
    }
  });

  it('starts a day without a midnight at its first real instant (Santiago, 8 September 2024)', () => {
    // Clocks went from 00:00 (UTC-4) straight to 01:00 (UTC-3): the day starts at 01:00 local.
    expect(iso(filterBound('2024-09-08', 'gte', 'America/Santiago'))).toBe('2024-09-08T04:00:00.000Z');
    expect(iso(filterBound('2024-09-07', 'lte', 'America/Santiago'))).toBe('2024-09-08T04:00:00.000Z');
    expect(iso(filterBound('2024-09-07', 'gte', 'America/Santiago'))).toBe('2024-09-07T04:00:00.000Z');
  });

  it('gives a skipped date an empty range (Samoa skipped 30 December 2011)', () => {
    const from = filterBound('2011-12-30', 'gte', 'Pacific/Apia');
    expect(iso(from)).toBe('2011-12-30T10:00:00.000Z');
    expect(filterBound('2011-12-30', 'lte', 'Pacific/Apia').getTime()).toBe(from.getTime());
    expect(filterBound('2011-12-29', 'lte', 'Pacific/Apia').getTime()).toBe(from.getTime());
    expect(filterBound('2011-12-31', 'gte', 'Pacific/Apia').getTime()).toBe(from.getTime());
  });

  it('handles half-hour DST (Lord Howe Island, 6 April 2025 is 24.5 hours)', () => {
    const span =
      filterBound('2025-04-06', 'lte', 'Australia/Lord_Howe').getTime() -
      filterBound('2025-04-06', 'gte', 'Australia/Lord_Howe').getTime();
    expect(span).toBe(24.5 * HOUR_MS);
  });

  it('ends a whole day: the lte bound of a date is the gte bound of the next', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1971-01-01T00:00:00Z'),
          max: new Date('2099-12-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(
          'UTC',
          'Europe/Copenhagen',
          'Europe/Stockholm',
          'America/Santiago',
          'Asia/Kolkata',
          'Australia/Lord_Howe',
          'Pacific/Apia',
        ),
        (date, timeZone) => {
          const day = date.toISOString().slice(0, 10);
          fc.pre(!(timeZone === 'Pacific/Apia' && day === '2011-12-30'));
          const from = filterBound(day, 'gte', timeZone);
          const before = filterBound(day, 'lte', timeZone);
          expect(before.getTime()).toBe(filterBound(nextDay(day), 'gte', timeZone).getTime());
          expect(before.getTime()).toBeGreaterThan(from.getTime());
          expect(before.getTime() - from.getTime()).toBeLessThanOrEqual(26 * HOUR_MS);
        },
      ),
    );
  });

  it('starts at the first instant that is on that date in the zone (checked with Intl)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1971-01-01T00:00:00Z'),
          max: new Date('2099-12-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...Intl.supportedValuesOf('timeZone')),
        (date, timeZone) => {
          const day = date.toISOString().slice(0, 10);
          const from = filterBound(day, 'gte', timeZone).getTime();
          const before = filterBound(day, 'lte', timeZone).getTime();
          expect(wallClock(from - 1, timeZone).date < day).toBe(true);
          if (before === from) {
            // A date the zone skipped (Samoa skipped 30 December 2011): an empty range.
            expect(wallClock(from, timeZone).date > day).toBe(true);
            return;
          }
          expect(wallClock(from, timeZone).date).toBe(day);
          expect(wallClock(before - 1, timeZone).date).toBe(day);
          expect(wallClock(before, timeZone).date > day).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts an ordinary day at local midnight', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1980-01-01T00:00:00Z'),
          max: new Date('2090-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(
          'Europe/Copenhagen',
          'Europe/Stockholm',
          'Europe/Helsinki',
          'America/New_York',
          'Asia/Tokyo',
        ),
        (date, timeZone) => {
          const day = date.toISOString().slice(0, 10);
          expect(wallClock(filterBound(day, 'gte', timeZone).getTime(), timeZone)).toEqual({
            date: day,
            time: '00:00:00',
          });
        },
      ),
    );
  });
});

describe('filterBound with an instant', () => {
  it.each([
    ['2025-01-01T10:00:00Z', 'gte', '2025-01-01T10:00:00.000Z'],
    ['2025-01-01T10:00:00Z', 'lte', '2025-01-01T10:00:00.001Z'],
    ['2025-01-01T10:00Z', 'gte', '2025-01-01T10:00:00.000Z'],
    ['2025-01-01T10:00:00.123Z', 'gte', '2025-01-01T10:00:00.123Z'],
    ['2025-01-01T10:00:00.123Z', 'lte', '2025-01-01T10:00:00.124Z'],
    ['2025-01-01T10:00:00+01:00', 'gte', '2025-01-01T09:00:00.000Z'],
    ['2025-01-01T00:30:00-05:30', 'lte', '2025-01-01T06:00:00.001Z'],
    ['2024-12-31T23:59:59.999Z', 'lte', '2025-01-01T00:00:00.000Z'],
  ] as const)('%s %s is %s in any zone', (value, bound, expected) => {
    for (const timeZone of ['UTC', 'Europe/Copenhagen', 'Pacific/Kiritimati']) {
      expect(iso(filterBound(value, bound, timeZone)), timeZone).toBe(expected);
    }
  });

  it('includes the instant itself at both ends', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2200-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom('UTC', 'Europe/Copenhagen', 'America/Santiago'),
        (date, timeZone) => {
          const value = date.toISOString();
          const from = filterBound(value, 'gte', timeZone);
          const before = filterBound(value, 'lte', timeZone);
          expect(from.getTime()).toBe(date.getTime());
          expect(before.getTime()).toBe(date.getTime() + 1);
        },
      ),
    );
  });

  it('throws for a value the schema would not have let through', () => {
    for (const value of ['2025-02-30', '2025-13-01', 'yesterday', '']) {
      expect(() => filterBound(value, 'gte', 'UTC'), value).toThrow();
    }
  });
});

describe('dateRanges', () => {
  it('turns the four filters into inclusive starts and exclusive ends', () => {
    expect(
      dateRanges(
        {
          created_date__gte: '2025-01-01',
          created_date__lte: '2025-01-31',
          updated_date__gte: '2025-02-01T12:00:00Z',
          updated_date__lte: '2025-02-01T13:00:00Z',
        },
        'Europe/Copenhagen',
      ),
    ).toEqual({
      created: { from: new Date('2024-12-31T23:00:00Z'), before: new Date('2025-01-31T23:00:00Z') },
      updated: { from: new Date('2025-02-01T12:00:00Z'), before: new Date('2025-02-01T13:00:00.001Z') },
    });
  });

  it('leaves out what was not asked for', () => {
    const ranges = dateRanges({ created_date__lte: '2025-01-01' }, 'UTC');
    expect(ranges).toEqual({ created: { before: new Date('2025-01-02T00:00:00Z') }, updated: {} });
    expect('from' in ranges.created).toBe(false);
    expect(dateRanges({}, 'UTC')).toEqual({ created: {}, updated: {} });
  });
});
