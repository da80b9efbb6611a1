import { type Expression, type SelectQueryBuilder, sql } from 'kysely';

/** How a sort column's values are compared and carried in a cursor. */
export type SortType = 'instant' | 'date' | 'text' | 'integer' | 'decimal';

/** What a list is ordered by, besides the id that breaks ties. */
export interface SortKey {
  /** The name in `ordering` (`name` for `ordering=-name`); `created_date` is the creation time. */
  name: string;
  /** The column as the query sees it (`p.name` in a join). */
  column: string;
  /** The row's property holding the value (default: the column without its table). */
  field?: string;
  type: SortType;
}

export const CREATED_SORT: SortKey = {
  name: 'created_date',
  column: 'created_at',
  field: 'created_at',
  type: 'instant',
};

/** Where a page starts: after or before the row with this sort value (`at`, as text) and id. */
interface CursorKey {
  direction: 'after' | 'before';
  at: string;
  id: string;
}

/** A creation-time cursor is `[direction, at, id]`; any other sort adds its name, so cursors do not cross sorts. */
export function encodeCursor(key: CursorKey, sort: SortKey = CREATED_SORT): string {
  const tuple = [key.direction === 'after' ? 'a' : 'b', key.at, key.id];
  if (sort.name !== CREATED_SORT.name) tuple.push(sort.name);
  return Buffer.from(JSON.stringify(tuple)).toString('base64url');
}

/** Answers null for a cursor we did not write, or wrote for another sort. */
export function decodeCursor(cursor: string, sort: SortKey = CREATED_SORT): CursorKey | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const created = sort.name === CREATED_SORT.name;
    if (!Array.isArray(value) || value.length !== (created ? 3 : 4)) return null;
    const [direction, at, id, name] = value as [unknown, unknown, unknown, unknown];
    if ((direction !== 'a' && direction !== 'b') || typeof at !== 'string' || typeof id !== 'string')
      return null;
    if (!created && name !== sort.name) return null;
    // Only what encodeCursor writes: anything else would reach the casts of the bound and fail there.
    if (!VALID[sort.type](at) || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
      return null;
    return { direction: direction === 'a' ? 'after' : 'before', at, id };
  } catch {
    return null;
  }
}

const VALID: Record<SortType, (at: string) => boolean> = {
  instant: isIsoInstant,
  date: (at) =>
    /^\d{4}-\d{2}-\d{2}$/.test(at) && new Date(`${at}T00:00:00Z`).toISOString().slice(0, 10) === at,
  text: (at) => at.length <= 1000,
  integer: (at) => /^-?\d{1,18}$/.test(at),
  decimal: (at) => /^-?\d{1,20}(\.\d{1,12})?$/.test(at),
};

const CAST: Record<SortType, string> = {
  instant: 'timestamptz',
  date: 'date',
  text: 'text',
  integer: 'bigint',
  decimal: 'numeric',
};

/** A row's sort value as a cursor carries it. */
function sortValue(row: object, sort: SortKey): string {
  const value = (row as Record<string, unknown>)[sort.field ?? sort.column.split('.').at(-1) ?? sort.column];
  if (sort.type === 'instant' && (value instanceof Date || typeof value === 'string'))
    return new Date(value).toISOString();
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new Error(`list sorted by ${sort.name}: the row has no ${sort.column}`);
}

/** `Date.prototype.toISOString` output with a four-digit year, the only form a cursor carries. */
function isIsoInstant(at: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at) && new Date(at).toISOString() === at;
}

export interface KeysetPage<R> {
  rows: R[];
  next: string | null;
  previous: string | null;
}

/**
 * One page of `query`, ordered by (sort column, id), ascending or (`descending`) descending, from an
 * opaque cursor. `sort.column` and `id` name the ordering columns as the query sees them; the rows
 * must carry the sort value and `id`. Keyset, not offset: a page costs the same however deep it is.
 */
export async function keysetPage<R extends { id: string }>(
  // biome-ignore lint/suspicious/noExplicitAny: the helper serves any table's select query.
  query: SelectQueryBuilder<any, any, R>,
  options: { limit: number; cursor: CursorKey | null; sort: SortKey; id: string; descending?: boolean },
): Promise<KeysetPage<R>> {
  const { limit, cursor, sort } = options;
  const key = sql`(${sql.ref(sort.column)}, ${sql.ref(options.id)})`;
  const backwards = cursor?.direction === 'before';
  // Going back in an ascending list, or forward in a descending one, reads keys below the cursor.
  const below = backwards !== Boolean(options.descending);
  let q = query;
  if (cursor) {
    const at = sort.type === 'instant' ? new Date(cursor.at) : cursor.at;
    const bound = sql`(cast(${at} as ${sql.raw(CAST[sort.type])}), ${cursor.id}::uuid)`;
    q = q.where(
      below ? sql<boolean>`${key} < ${bound}` : (sql<boolean>`${key} > ${bound}` as Expression<boolean>),
    );
  }
  const order = below ? 'desc' : 'asc';
  const fetched = await q
    .orderBy(sql.ref(sort.column), order)
    .orderBy(sql.ref(options.id), order)
    .limit(limit + 1)
    .execute();
  const more = fetched.length > limit;
  const rows = fetched.slice(0, limit);
  if (backwards) rows.reverse();
  const first = rows[0];
  const last = rows.at(-1);
  const keyOf = (direction: 'after' | 'before', row: R) =>
    encodeCursor({ direction, at: sortValue(row, sort), id: row.id }, sort);
  const hasNext = backwards ? cursor !== null : more;
  const hasPrevious = backwards ? more : cursor !== null;
  return {
    rows,
    next:
      hasNext && last
        ? keyOf('after', last)
        : hasNext && cursor
          ? encodeCursor({ ...cursor, direction: 'after' }, sort)
          : null,
    previous:
      hasPrevious && first
        ? keyOf('before', first)
        : hasPrevious && cursor
          ? encodeCursor({ ...cursor, direction: 'before' }, sort)
          : null,
  };
}
