import type { SelectQueryBuilder } from 'kysely';
import { fieldFailure, ok, type Result } from '../errors.ts';
import { CREATED_SORT, decodeCursor, keysetPage, type SortKey } from './keyset-page.ts';

export interface DateRange {
  /** inclusive */
  from?: Date;
  /** exclusive */
  before?: Date;
}

/** What every list asks: a page size, where to start, and the seed's created/updated date filters. */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
  created?: DateRange;
  updated?: DateRange;
  /** Newest first instead of oldest first, when no `ordering` is asked for. */
  descending?: boolean;
  /** `created_date`, or a name of the list's `sorts`; a leading `-` is descending (`-created_date`). */
  ordering?: string | undefined;
}

/** What a list may be ordered by besides its creation time, by `ordering` name (`name`, `total`). */
export type SortColumns = Readonly<Record<string, Omit<SortKey, 'name'>>>;

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

interface Columns {
  created: string;
  updated?: string;
  /** The id column as the query sees it (`p.id` in a join); default `id`. */
  id?: string;
  /** The sorts `ordering` may name besides `created_date` (the route offers the same, `orderingParam`). */
  sorts?: SortColumns;
}

/** The sort an `ordering` names, and its direction; null for a name the list does not offer. */
function sortOf(request: PageRequest, columns: Columns): { sort: SortKey; descending: boolean } | null {
  const ordering = request.ordering;
  if (ordering === undefined) return { sort: createdSort(columns), descending: request.descending ?? false };
  const descending = ordering.startsWith('-');
  const name = descending ? ordering.slice(1) : ordering;
  if (name === CREATED_SORT.name) return { sort: createdSort(columns), descending };
  const sort = Object.hasOwn(columns.sorts ?? {}, name) ? columns.sorts?.[name] : undefined;
  return sort ? { sort: { ...sort, name }, descending } : null;
}

function createdSort(columns: Columns): SortKey {
  return { ...CREATED_SORT, column: columns.created };
}

// biome-ignore lint/suspicious/noExplicitAny: any table's filtered query.
type AnyQuery = SelectQueryBuilder<any, any, object>;

function withRange(query: AnyQuery, column: string | undefined, range: DateRange | undefined): AnyQuery {
  if (!column || !range) return query;
  let q = query;
  if (range.from) q = q.where(column, '>=', range.from);
  if (range.before) q = q.where(column, '<', range.before);
  return q;
}

export type ArchivedFilter = 'true' | 'false' | 'all';

/** Live rows (`false`), archived ones (`true`) or both (`all`), by `archived_at`. */
export function whereArchived<Q extends AnyQuery>(query: Q, archived: ArchivedFilter): Q {
  if (archived === 'all') return query;
  return (
    archived === 'true' ? query.where('archived_at', 'is not', null) : query.where('archived_at', 'is', null)
  ) as Q;
}

/**
 * One page of a list: the query carries the resource's own filters; this adds the date ranges, counts
 * what matches, and reads one keyset page from the cursor. `select` picks the columns (all by default);
 * the rows must carry `created_at` and `id`.
 */
export async function listPage<R extends { created_at: Date; id: string }>(
  query: AnyQuery,
  request: PageRequest,
  columns: Columns = { created: 'created_at', updated: 'updated_at' },
  select: (q: AnyQuery) => AnyQuery = (q) => q.selectAll(),
): Promise<Result<Page<R>>> {
  const order = sortOf(request, columns);
  if (!order)
    return fieldFailure('query.ordering', 'invalid', `ordering: ${request.ordering} is not offered`);
  const cursor = request.cursor === undefined ? null : decodeCursor(request.cursor, order.sort);
  if (request.cursor !== undefined && cursor === null)
    return fieldFailure('query.cursor', 'invalid', 'cursor: not a cursor from this API');
  const filtered = withRange(
    withRange(query, columns.created, request.created),
    columns.updated,
    request.updated,
  );
  const counted = (await filtered.select((eb) => eb.fn.countAll().as('count')).executeTakeFirst()) as
    | { count: number | string }
    | undefined;
  const page = await keysetPage(select(filtered) as SelectQueryBuilder<never, never, R>, {
    limit: request.limit,
    cursor,
    sort: order.sort,
    id: columns.id ?? 'id',
    descending: order.descending,
  });
  return ok({
    count: Number(counted?.count ?? 0),
    next: page.next,
    previous: page.previous,
    results: page.rows,
  });
}

/** The same page with its rows turned into views. */
export async function mapPage<R, T>(
  page: Result<Page<R>>,
  view: (rows: R[]) => T[] | Promise<T[]>,
): Promise<Result<Page<T>>> {
  if (!page.ok) return page;
  return ok({ ...page.value, results: await view(page.value.results) });
}
