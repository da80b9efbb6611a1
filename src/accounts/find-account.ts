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
