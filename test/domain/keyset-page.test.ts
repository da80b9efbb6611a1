import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/db/keyset-page.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Creation instants as the database hands them out, written as `toISOString()` does. */
const atArb = fc
  .date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('9999-12-31T23:59:59.999Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());
const keyArb = fc.record({
  direction: fc.constantFrom('after' as const, 'before' as const),
  at: atArb,
  id: fc.uuid(),
});

/** A cursor with arbitrary JSON inside, made the way encodeCursor makes one. */
const wrap = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const ID = '0194d3c2-7b1e-7c3a-9f00-1234567890ab';
const AT = '2025-01-01T12:34:56.789Z';

describe('encodeCursor and decodeCursor', () => {
  it('round-trip a key', () => {
    expect(decodeCursor(encodeCursor({ direction: 'after', at: AT, id: ID }))).toEqual({
      direction: 'after',
      at: AT,
      id: ID,
    });
    expect(decodeCursor(encodeCursor({ direction: 'before', at: AT, id: ID }))).toEqual({
      direction: 'before',
      at: AT,
      id: ID,
    });
  });

  it('round-trip any key (property)', () => {
    fc.assert(
      fc.property(keyArb, (key) => {
        expect(decodeCursor(encodeCursor(key))).toEqual(key);
      }),
    );
  });

  it('write URL-safe, unpadded cursors that fit the 512-character query limit', () => {
    fc.assert(
      fc.property(keyArb, (key) => {
        const cursor = encodeCursor(key);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(encodeURIComponent(cursor)).toBe(cursor);
        expect(cursor.length).toBeLessThanOrEqual(512);
      }),
    );
  });

  it('write different cursors for different keys', () => {
    fc.assert(
      fc.property(keyArb, keyArb, (a, b) => {
        fc.pre(a.direction !== b.direction || a.at !== b.at || a.id !== b.id);
        expect(encodeCursor(a)).not.toBe(encodeCursor(b));
      }),
    );
  });

  it('keep the key and change only the direction', () => {
    const after = encodeCursor({ direction: 'after', at: AT, id: ID });
    const before = encodeCursor({ direction: 'before', at: AT, id: ID });
    expect(after).not.toBe(before);
    expect(decodeCursor(after)?.direction).toBe('after');
    expect(decodeCursor(before)?.direction).toBe('before');
  });
});

describe('decodeCursor rejects what we did not write', () => {
  it.each([
    ['empty', ''],
    ['garbage', 'garbage'],
    ['not base64 JSON', 'not-a-cursor!!'],
    ['JSON null', wrap(null)],
    ['a number', wrap(42)],
    ['a string', wrap('a')],
    ['an object', wrap({ direction: 'a', at: AT, id: ID })],
    ['too few elements', wrap(['a', AT])],
    ['too many elements', wrap(['a', AT, ID, 'x'])],
    ['an unknown direction', wrap(['c', AT, ID])],
    ['a spelled-out direction', wrap(['after', AT, ID])],
    ['an upper-case direction', wrap(['A', AT, ID])],
    ['a numeric instant', wrap(['a', 1735734896789, ID])],
    ['an unparsable instant', wrap(['a', 'yesterday', ID])],
    ['an empty instant', wrap(['a', '', ID])],
    ['a numeric id', wrap(['a', AT, 42])],
    ['an upper-case id', wrap(['a', AT, ID.toUpperCase()])],
    ['a short id', wrap(['a', AT, ID.slice(1)])],
    ['an id of 36 dashes', wrap(['a', AT, '-'.repeat(36)])],
    ['an id of 36 hex digits', wrap(['a', AT, 'a'.repeat(36)])],
    ['an id with misplaced dashes', wrap(['a', AT, '0194d3c27-b1e-7c3a-9f00-1234567890ab'])],
    ['an SQL fragment as id', wrap(['a', AT, "'); drop table accounts; --"])],
    ['a year before the database can store it', wrap(['a', '-271821-04-20T00:00:00.000Z', ID])],
    ['an expanded six-digit year', wrap(['a', '+275760-09-13T00:00:00.000Z', ID])],
    ['an instant that is not in our ISO form', wrap(['a', 'Wed, 01 Jan 2025 12:34:56 GMT', ID])],
    ['a bare number as instant', wrap(['a', '1', ID])],
    ['an instant with an offset', wrap(['a', '2025-01-01T13:34:56.789+01:00', ID])],
    ['an impossible date that Date.parse rolls over', wrap(['a', '2025-02-30T00:00:00.000Z', ID])],
  ])('%s', (_what, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });

  it('never throws on any string, and what it accepts is a well-formed key', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 100 }),
          fc.base64String({ maxLength: 200 }),
          fc.jsonValue().map(wrap),
          fc.tuple(fc.jsonValue(), fc.jsonValue(), fc.jsonValue()).map(wrap),
          fc.tuple(fc.constantFrom('a', 'b'), fc.string(), fc.string()).map(wrap),
        ),
        (cursor) => {
          const key = decodeCursor(cursor);
          if (key === null) return;
          expect(['after', 'before']).toContain(key.direction);
          expect(key.id).toMatch(UUID);
          expect(new Date(key.at).toISOString()).toBe(key.at);
          expect(decodeCursor(encodeCursor(key))).toEqual(key);
        },
      ),
    );
  });

  it('answers null or a well-formed key for a cursor with one character changed', () => {
    fc.assert(
      fc.property(
        keyArb,
        fc.nat(),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/.!'),
        (key, positionSeed, replacement) => {
          const cursor = encodeCursor(key);
          const position = positionSeed % cursor.length;
          const tampered = `${cursor.slice(0, position)}${replacement}${cursor.slice(position + 1)}`;
          const decoded = decodeCursor(tampered);
          if (decoded === null) return;
          expect(decoded.id).toMatch(UUID);
          expect(new Date(decoded.at).toISOString()).toBe(decoded.at);
        },
      ),
    );
  });

  it.each([
    '0194d3c-27b1e-7c3a-9f00-1234567890ab',
    '0194d3c2-7b1-e7c3a-9f00-1234567890ab',
    '0194d3c2-7b1e-7c3-a9f00-1234567890ab',
    '0194d3c2-7b1e-7c3a-9f0-01234567890ab',
    '0194d3c2-7b1e-7c3a-9f00-12345678-0ab',
    '0194d3c2-7b1e-7c3a-9f00-1234567890a-',
    '-194d3c2-7b1e-7c3a-9f00-1234567890ab',
    '0194d3c2--b1e-7c3a-9f00-1234567890ab',
    '0194d3c2-7b1e--c3a-9f00-1234567890ab',
    '0194d3c2-7b1e-7c3a--f00-1234567890ab',
    '0194d3c2-7b1e-7c3a-9f00--234567890ab',
    '0194d3c2a7b1ea7c3aa9f00a1234567890ab',
    '{0194d3c2-7b1e-7c3a-9f00-1234567890a}',
    '0194d3c2-7b1e-7c3a-9f00-1234567890ag',
    ` ${ID.slice(1)}`,
  ])('rejects the near-UUID id %s', (id) => {
    expect(decodeCursor(wrap(['a', AT, id]))).toBeNull();
  });

  it('rejects every id that is not a lower-case UUID', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef-'), minLength: 36, maxLength: 36 }),
        (id) => {
          const decoded = decodeCursor(wrap(['a', AT, id]));
          expect(decoded === null).toBe(!UUID.test(id));
        },
      ),
    );
  });
});

describe('cursors of another sort than creation time', () => {
  const byName = { name: 'name', column: 'name', type: 'text' as const };
  const byTotal = { name: 'total', column: 'total_amount', type: 'integer' as const };
  const byDay = { name: 'issue_date', column: 'issue_date', type: 'date' as const };

  it('round-trip their value and carry the sort’s name', () => {
    const key = { direction: 'after' as const, at: 'Ærø "quoted" name', id: ID };
    expect(decodeCursor(encodeCursor(key, byName), byName)).toEqual(key);
    expect(decodeCursor(encodeCursor({ ...key, at: '-1250' }, byTotal), byTotal)?.at).toBe('-1250');
    expect(decodeCursor(encodeCursor({ ...key, at: '2025-02-28' }, byDay), byDay)?.at).toBe('2025-02-28');
  });

  it('are refused by another sort, and a creation cursor by them', () => {
    const name = encodeCursor({ direction: 'after', at: 'Acme', id: ID }, byName);
    expect(decodeCursor(name)).toBeNull();
    expect(decodeCursor(name, byTotal)).toBeNull();
    expect(decodeCursor(encodeCursor({ direction: 'after', at: AT, id: ID }), byName)).toBeNull();
  });

  it.each([
    ['a total that is not an integer', wrap(['a', '12.5', ID, 'total']), byTotal],
    ['a total as SQL', wrap(['a', '1); drop table invoices; --', ID, 'total']), byTotal],
    ['a day that does not exist', wrap(['a', '2025-02-30', ID, 'issue_date']), byDay],
    ['an instant as a day', wrap(['a', AT, ID, 'issue_date']), byDay],
    ['a numeric name', wrap(['a', 42, ID, 'name']), byName],
    ['a name of another sort', wrap(['a', 'Acme', ID, 'code']), byName],
  ])('refuse %s', (_what, cursor, sort) => {
    expect(decodeCursor(cursor, sort)).toBeNull();
  });
});
