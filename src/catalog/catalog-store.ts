import type { Kysely } from 'kysely';
import type { Db, Tx } from '../db/transaction.ts';
import { type FieldError, fail, ok, type Result } from '../errors.ts';
import { UUID_PATTERN } from '../http/common-schemas.ts';
import type { CatalogRow, CatalogTable } from './catalog-resource.ts';

// The catalog tables share their key, code and archive columns; one untyped handle serves them all.
// biome-ignore lint/suspicious/noExplicitAny: the table is chosen at run time from a closed set.
export const untyped = (db: Db | Tx) => db as unknown as Kysely<any>;

/** The row with this uuid or code in this organization's table, or undefined. */
export async function findCatalogRow(
  db: Db | Tx,
  table: CatalogTable,
  organizationId: string,
  idOrCode: string,
  options: { lock?: boolean } = {},
): Promise<CatalogRow | undefined> {
  let query = untyped(db).selectFrom(table).selectAll().where('organization_id', '=', organizationId);
  query = UUID_PATTERN.test(idOrCode)
    ? query.where('id', '=', idOrCode.toLowerCase())
    : query.where('code', '=', idOrCode);
  if (options.lock) query = query.forUpdate();
  return (await query.executeTakeFirst()) as CatalogRow | undefined;
}

/**
 * Resolves a reference given by uuid or code to the id of a live row, or a field error naming
 * `field`: unknown (including another organization's) and archived rows are both refused.
 */
export async function resolveReference(
  tx: Db | Tx,
  table: CatalogTable,
  organizationId: string,
  idOrCode: string,
  field: string,
  label: string,
): Promise<Result<CatalogRow>> {
  const row = await findCatalogRow(tx, table, organizationId, idOrCode);
  if (!row) return referenceFailure(field, 'not_found', `${field}: no ${label} ${idOrCode}`);
  if (row.archived_at !== null)
    return referenceFailure(field, 'archived', `${field}: ${label} ${idOrCode} is archived`);
  return ok(row);
}

function referenceFailure(field: string, code: string, message: string): Result<never> {
  const errors: FieldError[] = [{ field, code, message }];
  return fail('validation_failed', message, errors);
}

/**
 * The id a reference field is to hold: null when not given, the current id when unchanged (even if
 * that row was archived since), else a live row resolved by uuid or code.
 */
export async function referenceId(
  tx: Db | Tx,
  table: CatalogTable,
  organizationId: string,
  given: string | null | undefined,
  current: string | null,
  field: string,
  label: string,
): Promise<Result<string | null>> {
  if (given === undefined || given === null) return ok(null);
  if (current !== null && given.toLowerCase() === current) return ok(current);
  const row = await resolveReference(tx, table, organizationId, given, field, label);
  return row.ok ? ok(row.value.id) : row;
}

/** For list filters: the id of a row named by uuid or code, archived or not, or a field failure. */
export async function filterReferenceId(
  db: Db | Tx,
  table: CatalogTable,
  organizationId: string,
  given: string,
  field: string,
  label: string,
): Promise<Result<string>> {
  const row = await findCatalogRow(db, table, organizationId, given);
  return row ? ok(row.id) : referenceFailure(field, 'not_found', `${field}: no ${label} ${given}`);
}

/** Adds `column = value` to a catalog list query, whatever its table. */
export function filterBy<Q>(query: Q, column: string, value: unknown): Q {
  // biome-ignore lint/suspicious/noExplicitAny: see `untyped`
  return (query as any).where(column, '=', value) as Q;
}

/** The tax category an item is to hold: named by uuid or code, or kept as it was, or none. */
export function taxCategoryId(
  tx: Db | Tx,
  organizationId: string,
  given: string | null | undefined,
  existing: CatalogRow | null,
) {
  const current = (existing?.tax_category_id as string | null | undefined) ?? null;
  return referenceId(tx, 'tax_categories', organizationId, given, current, 'tax_category', 'tax category');
}
