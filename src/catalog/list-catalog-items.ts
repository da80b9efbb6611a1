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
import type { CatalogResource, CatalogRow } from './catalog-resource.ts';
import { untyped } from './catalog-store.ts';

/** The sorts of a catalog list whose resource names none: its code and name. */
export const CODE_AND_NAME_SORTS = {
  code: { column: 'code', type: 'text' },
  name: { column: 'name', type: 'text' },
} as const satisfies SortColumns;

export interface CatalogListFilters extends PageRequest {
  archived: ArchivedFilter;
  code?: string | undefined;
  /** A part of the code or name, any case. */
  search?: string | undefined;
  /** The resource's own filters, as validated by its listFilters schema. */
  extra: Record<string, unknown>;
}

export async function listCatalogItems<I extends object>(
  resource: CatalogResource<I>,
  ctx: UseCaseContext,
  filters: CatalogListFilters,
): Promise<Result<Page<unknown>>> {
  const db = untyped(ctx.db);
  let query = db.selectFrom(resource.table).where('organization_id', '=', ctx.actor.organizationId);
  query = whereArchived(query, filters.archived);
  if (filters.code !== undefined) query = query.where('code', '=', filters.code);
  const text = filters.search;
  if (text !== undefined) query = query.where((eb) => containsText(eb, ['code', 'name'], text));
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
  const page = await listPage<CatalogRow>(query, filters, {
    created: 'created_at',
    updated: 'updated_at',
    sorts: resource.sorts ?? CODE_AND_NAME_SORTS,
  });
  return mapPage(page, (rows) => rows.map((row) => resource.view(row)));
}
