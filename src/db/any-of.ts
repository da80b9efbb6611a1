import { type RawBuilder, sql } from 'kysely';
import { plainArray } from './pg-array.ts';

/**
 * `column = any(array(select unnest($1::uuid[])))`: one parameter for any number of ids. Kysely's
 * `in` makes a parameter per id, slow to send and plan at thousands. The array goes through a
 * subquery so that the planner does not weigh each of its elements: seeing thousands of constants it
 * expects thousands of rows and scans the whole table, where an index scan per id costs a few
 * milliseconds whatever the table's size.
 */
export function anyOf(column: string, ids: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} = any(array(select unnest(${plainArray(ids)}::uuid[])))`;
}
