import { type RawBuilder, sql } from 'kysely';
import { plainArray } from './pg-array.ts';

/**
 * `column = any($1::uuid[])`: one parameter for any number of ids. Kysely's `in` makes a parameter
 * per id, and a statement with thousands of them costs more to send and plan than to run.
 */
export function anyOf(column: string, ids: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} = any(${plainArray(ids)}::uuid[])`;
}
