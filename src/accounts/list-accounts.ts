import type { UseCaseContext } from '../context.ts';
import {
  type ArchivedFilter,
  listPage,
  mapPage,
  type Page,
  type PageRequest,
  type SortColumns,
  whereArchived,
} from '../db/list-page.ts';
import { containsText } from '../db/text-search.ts';
import type { Result } from '../errors.ts';
import { type AccountRow, type AccountView, accountView } from './account-view.ts';

/** What `ordering` may name besides `created_date`. */
export const ACCOUNT_SORTS = {
  code: { column: 'code', type: 'text' },
  name: { column: 'name', type: 'text' },
} as const satisfies SortColumns;

export interface AccountFilters extends PageRequest {
  code?: string | undefined;
  email?: string | undefined;
  /** A part of the code, name, e-mail or VAT number, any case. */
  search?: string | undefined;
  type?: 'company' | 'person' | undefined;
  legal_country?: string | undefined;
  archived: ArchivedFilter;
}

export async function listAccounts(
  ctx: UseCaseContext,
  filters: AccountFilters,
): Promise<Result<Page<AccountView>>> {
  let query = ctx.db.selectFrom('accounts').where('organization_id', '=', ctx.actor.organizationId);
  query = whereArchived(query, filters.archived);
  if (filters.code !== undefined) query = query.where('code', '=', filters.code);
  if (filters.email !== undefined) query = query.where('email', '=', filters.email);
  if (filters.search !== undefined) {
    const text = filters.search;
    query = query.where((eb) => containsText(eb, ['code', 'name', 'email', 'vat_number'], text));
  }
  if (filters.type !== undefined) query = query.where('type', '=', filters.type);
  if (filters.legal_country !== undefined) query = query.where('legal_country', '=', filters.legal_country);
  return mapPage(
    await listPage<AccountRow>(query, filters, {
      created: 'created_at',
      updated: 'updated_at',
      sorts: ACCOUNT_SORTS,
    }),
    (rows) => rows.map(accountView),
  );
}
