import type { Page } from '../accounts/list-accounts.ts';
import type { UseCaseContext } from '../context.ts';
import { decodeCursor, keysetPage } from '../db/keyset-page.ts';
import { fieldFailure, ok, type Result } from '../errors.ts';
import type { DateRange } from '../http/list-query.ts';
import type { CatalogResource, CatalogRow } from './catalog-resource.ts';
import { untyped } from './catalog-store.ts';

export interface CatalogListFilters {
  limit: number;
  cursor?: string | undefined;
  created: DateRange;
  updated: DateRange;
  archived: boolean;
  code?: string | undefined;
  /** The resource's own filters, as validated by its listFilters schema. */
  extra: Record<string, unknown>;
}

export async function listCatalogItems<I extends object>(
  resource: CatalogResource<I>,
  ctx: UseCaseContext,
  filters: CatalogListFilters,
): Promise<Result<Page<unknown>>> {
  const cursor = filters.cursor === undefined ? null : decodeCursor(filters.cursor);
  if (filters.cursor !== undefined && cursor === null)
    return fieldFailure('query.cursor', 'invalid', 'cursor: not a cursor from this API');
  const db = untyped(ctx.db);
  let query = db.selectFrom(resource.table).where('organization_id', '=', ctx.actor.organizationId);
  query = filters.archived
    ? query.where('archived_at', 'is not', null)
    : query.where('archived_at', 'is', null);
  if (filters.code !== undefined) query = query.where('code', '=', filters.code);
  if (filters.created.from) query = query.where('created_at', '>=', filters.created.from);
  if (filters.created.before) query = query.where('created_at', '<', filters.created.before);
  if (filters.updated.from) query = query.where('updated_at', '>=', filters.updated.from);
  if (filters.updated.before) query = query.where('updated_at', '<', filters.updated.before);
  if (resource.applyListFilters) {
    const applied = await resource.applyListFilters(
      query as never,
      filters.extra,
      ctx.db,
      ctx.actor.organizationId,
    );
    if ('code' in applied && 'detail' in applied) return { ok: false, failure: applied };
    query = applied as typeof query;
  }
  const [{ count }] = (await query.select((eb) => eb.fn.countAll().as('count')).execute()) as [
    { count: number },
  ];
  const page = await keysetPage(query.selectAll() as never, {
    limit: filters.limit,
    cursor,
    createdAt: 'created_at',
    id: 'id',
  });
  return ok({
    count: Number(count),
    next: page.next,
    previous: page.previous,
    results: (page.rows as CatalogRow[]).map((row) => resource.view(row)),
  });
}
