import type { Selectable } from 'kysely';
import { UUID_PATTERN } from '../http/common-schemas.ts';
import type { Database } from './schema.ts';
import type { Db, Tx } from './transaction.ts';

type TableWithId = {
  [T in keyof Database]: Database[T] extends { organization_id: string; id: string } ? T : never;
}[keyof Database];

/**
 * The row with this uuid in this organization's table, or undefined: another organization's id, and
 * anything that is not a uuid, are simply not found. `lock` takes the row for an update in the same
 * transaction.
 */
export async function findOwnRow<T extends TableWithId>(
  db: Db | Tx,
  table: T,
  organizationId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Selectable<Database[T]> | undefined> {
  if (!UUID_PATTERN.test(id)) return undefined;
  // biome-ignore lint/suspicious/noExplicitAny: the table is one of ours with organization_id and id, checked above.
  let query = (db as any)
    .selectFrom(table)
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id.toLowerCase());
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}
