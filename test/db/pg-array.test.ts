import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { plainArray, textArray } from '../../src/db/pg-array.ts';
import { openTestDatabase } from '../support/test-db.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

describe('array literals built by hand', () => {
  it('carry any text through PostgreSQL unchanged: quotes, backslashes, commas, braces, NULL, blanks', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\0'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { maxLength: 8 }), async (values) => {
        const row = await sql<{
          values: (string | null)[];
        }>`select ${textArray(values)}::text[] as values`.execute(handle.db);
        expect(row.rows[0]!.values).toEqual(values);
      }),
      { numRuns: 200 },
    );
    const tricky = ['', 'NULL', 'a,b', '{x}', '"q"', 'back\\slash', ' padded ', 'ø × 12'];
    const row = await sql<{ values: string[] }>`select ${textArray(tricky)}::text[] as values`.execute(
      handle.db,
    );
    expect(row.rows[0]!.values).toEqual(tricky);
  });

  it('carry uuids, dates, decimals, integers, booleans and nulls', async () => {
    const row = await sql<{ ids: string[]; days: string; amounts: string; counts: string; flags: boolean[] }>`
      select ${plainArray(['00000000-0000-4000-8000-000000000001', null])}::uuid[] as ids,
        ${plainArray(['2025-01-31', null])}::date[]::text as days,
        ${plainArray(['12.345678', '-0.5', '1e-7'])}::numeric[]::text as amounts,
        ${plainArray([1, -2, 9007199254740991])}::bigint[]::text as counts,
        ${plainArray([true, false, null])}::boolean[] as flags`.execute(handle.db);
    expect(row.rows[0]).toEqual({
      ids: ['00000000-0000-4000-8000-000000000001', null],
      days: '{2025-01-31,NULL}',
      amounts: '{12.345678,-0.5,0.0000001}',
      counts: '{1,-2,9007199254740991}',
      flags: [true, false, null],
    });
  });
});
