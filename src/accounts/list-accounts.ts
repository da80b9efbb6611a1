import type { UseCaseContext } from '../context.ts';
import { decodeCursor, keysetPage } from '../db/keyset-page.ts';
import { fieldFailure, ok, type Result } from '../errors.ts';
import type { DateRange } from '../http/list-query.ts';
import { type AccountView, accountView } from './account-view.ts';

export interface AccountFilters {
  limit: number;
  cursor?: string | undefined;
  created: DateRange;
  updated: DateRange;
  code?: string | undefined;
  email?: string | undefined;
  type?: 'company' | 'person' | undefined;
  legal_country?: string | undefined;
  /** false (default): live accounts; true: archived ones only. */
  archived: boolean;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export async function listAccounts(
  ctx: UseCaseContext,
  filters: AccountFilters,
): Promise<Result<Page<AccountView>>> {
  const cursor = filters.cursor === undefined ? null : decodeCursor(filters.cursor);
  if (filters.cursor !== undefined && cursor === null)
    return fieldFailure('query.cursor', 'invalid', 'cursor: not a cursor from this API');
  let query = ctx.db.selectFrom('accounts').where('organization_id', '=', ctx.actor.organizationId);
  query = filters.archived
    ? query.where('archived_at', 'is not', null)
    : query.where('archived_at', 'is', null);
  if (filters.code !== undefined) query = query.where('code', '=', filters.code);
  if (filters.email !== undefined) query = query.where('email', '=', filters.email);
  if (filters.type !== undefined) query = query.where('type', '=', filters.type);
  if (filters.legal_country !== undefined) query = query.where('legal_country', '=', filters.legal_country);
  if (filters.created.from) query = query.where('created_at', '>=', filters.created.from);
  if (filters.created.before) query = query.where('created_at', '<', filters.created.before);
  if (filters.updated.from) query = query.where('updated_at', '>=', filters.updated.from);
  if (filters.updated.before) query = query.where('updated_at', '<', filters.updated.before);

  const [{ count }] = (await query.select((eb) => eb.fn.countAll<number>().as('count')).execute()) as [
    { count: number },
  ];
  const page = await keysetPage(query.selectAll(), {
    limit: filters.limit,
    cursor,
    createdAt: 'created_at',
    id: 'id',
  });
  return ok({
    count: Number(count),
    next: page.next,
    previous: page.previous,
    results: page.rows.map(accountView),
  });
}
