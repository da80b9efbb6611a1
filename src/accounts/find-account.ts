import { anyOf } from '../db/any-of.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { UUID_PATTERN } from '../http/common-schemas.ts';
import type { AccountRow } from './account-view.ts';

/**
 * The account with this uuid or code in this organization, or undefined: an id of another
 * organization is simply not found. `lock` takes a row lock for an update in the same transaction.
 */
export async function findAccount(
  db: Db | Tx,
  organizationId: string,
  idOrCode: string,
  options: { lock?: boolean } = {},
): Promise<AccountRow | undefined> {
  let query = db.selectFrom('accounts').selectAll().where('organization_id', '=', organizationId);
  query = UUID_PATTERN.test(idOrCode)
    ? query.where('id', '=', idOrCode.toLowerCase())
    : query.where('code', '=', idOrCode);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Codes of accounts by id, for modules that show which account something belongs to. */
export async function accountCodesByIds(
  db: Db | Tx,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'code'])
    .where('organization_id', '=', organizationId)
    .where(anyOf('id', [...new Set(ids)]))
    .execute();
  return new Map(rows.map((row) => [row.id, row.code]));
}

/** Accounts by id, for modules that work on many at once (the billing run). */
export async function accountsByIds(
  db: Db | Tx,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, AccountRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(anyOf('id', [...new Set(ids)]))
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}
