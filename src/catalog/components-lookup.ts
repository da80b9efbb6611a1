import type { Selectable } from 'kysely';
import { anyOf } from '../db/any-of.ts';
import type { ComponentsTable, TaxCategoriesTable } from '../db/schema.ts';
import type { Db, Tx } from '../db/transaction.ts';

export type ComponentRow = Selectable<ComponentsTable>;

/** Components by id: one query for many. */
export async function componentsByIds(
  db: Db | Tx,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, ComponentRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('components')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(anyOf('id', [...new Set(ids)]))
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** Every tax category's rates by id: an organization has a handful. */
export async function taxCategoryRates(
  db: Db | Tx,
  organizationId: string,
): Promise<Map<string, Record<string, string>>> {
  const rows: Pick<Selectable<TaxCategoriesTable>, 'id' | 'rates'>[] = await db
    .selectFrom('tax_categories')
    .select(['id', 'rates'])
    .where('organization_id', '=', organizationId)
    .execute();
  return new Map(rows.map((row) => [row.id, row.rates]));
}
