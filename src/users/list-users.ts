import type { UseCaseContext } from '../context.ts';
import { listPage, mapPage, type Page, type PageRequest } from '../db/list-page.ts';
import type { Role } from '../db/tables-people.ts';
import type { Result } from '../errors.ts';
import { MEMBER_COLUMNS, membersQuery, type UserRow, type UserView, userViewOf } from './user-view.ts';

export interface UserFilters extends PageRequest {
  role?: Role | undefined;
  /** Part of the e-mail or the name, any case. */
  search?: string | undefined;
}

/** The people of the actor's organization, in the order they joined. */
export async function listUsers(ctx: UseCaseContext, filters: UserFilters): Promise<Result<Page<UserView>>> {
  let query = membersQuery(ctx.db, ctx.actor.organizationId);
  if (filters.role !== undefined) query = query.where('m.role', '=', filters.role);
  if (filters.search !== undefined) {
    const pattern = `%${filters.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('u.email', 'ilike', pattern), eb('u.name', 'ilike', pattern)]));
  }
  const page = await listPage<UserRow & { created_at: Date }>(
    query,
    filters,
    { created: 'm.created_at' },
    (q) => q.select(MEMBER_COLUMNS),
  );
  return mapPage(page, (rows) => rows.map(userViewOf));
}
