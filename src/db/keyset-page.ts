import { type Expression, type SelectQueryBuilder, sql } from 'kysely';

/** Where a page starts: after or before the row with this creation instant and id. */
interface CursorKey {
  direction: 'after' | 'before';
  at: string;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.direction === 'after' ? 'a' : 'b', key.at, key.id])).toString(
    'base64url',
  );
}

/** Answers null for a cursor we did not write. */
export function decodeCursor(cursor: string): CursorKey | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [direction, at, id] = value as [unknown, unknown, unknown];
    if ((direction !== 'a' && direction !== 'b') || typeof at !== 'string' || typeof id !== 'string')
      return null;
    // Only what encodeCursor writes: anything else would reach the ::timestamptz and ::uuid casts and fail there.
    if (!isIsoInstant(at) || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
      return null;
    return { direction: direction === 'a' ? 'after' : 'before', at, id };
  } catch {
    return null;
  }
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
 * One page of `query`, ordered by (created_at, id), oldest first or (`descending`) newest first, from
 * an opaque cursor. `createdAt` and `id` name the ordering columns as the query sees them; the rows
 * must carry `created_at` and `id`. Keyset, not offset: a page costs the same however deep it is.
 */
export async function keysetPage<R extends { created_at: Date; id: string }>(
  // biome-ignore lint/suspicious/noExplicitAny: the helper serves any table's select query.
  query: SelectQueryBuilder<any, any, R>,
  options: { limit: number; cursor: CursorKey | null; createdAt: string; id: string; descending?: boolean },
): Promise<KeysetPage<R>> {
  const { limit, cursor } = options;
  const key = sql`(${sql.ref(options.createdAt)}, ${sql.ref(options.id)})`;
  const backwards = cursor?.direction === 'before';
  // Going back in an ascending list, or forward in a descending one, reads keys below the cursor.
  const below = backwards !== Boolean(options.descending);
  let q = query;
  if (cursor) {
    const bound = sql`(${new Date(cursor.at)}::timestamptz, ${cursor.id}::uuid)`;
    q = q.where(
      below ? sql<boolean>`${key} < ${bound}` : (sql<boolean>`${key} > ${bound}` as Expression<boolean>),
    );
  }
  const order = below ? 'desc' : 'asc';
  const fetched = await q
    .orderBy(sql.ref(options.createdAt), order)
    .orderBy(sql.ref(options.id), order)
    .limit(limit + 1)
    .execute();
  const more = fetched.length > limit;
  const rows = fetched.slice(0, limit);
  if (backwards) rows.reverse();
  const first = rows[0];
  const last = rows.at(-1);
  const keyOf = (direction: 'after' | 'before', row: R) =>
    encodeCursor({ direction, at: new Date(row.created_at).toISOString(), id: row.id });
  const hasNext = backwards ? cursor !== null : more;
  const hasPrevious = backwards ? more : cursor !== null;
  return {
    rows,
    next:
      hasNext && last
        ? keyOf('after', last)
        : hasNext && cursor
          ? encodeCursor({ ...cursor, direction: 'after' })
          : null,
    previous:
      hasPrevious && first
        ? keyOf('before', first)
        : hasPrevious && cursor
          ? encodeCursor({ ...cursor, direction: 'before' })
          : null,
  };
}
