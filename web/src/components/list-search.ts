/** What a list page keeps in its address: the search, the page's cursor, archived or live. */
export interface ListSearch {
  q?: string;
  cursor?: string;
  archived?: boolean;
  /** Which tab of a page with several lists (the catalog's resources). */
  tab?: string;
  /** The API's `ordering` (`name`, `-total`); none: the list's own order. */
  ordering?: string;
}

export function pageSearch(search: Record<string, unknown>): ListSearch {
  return {
    ...(typeof search.q === 'string' && search.q.trim() ? { q: search.q } : {}),
    ...(typeof search.cursor === 'string' && search.cursor ? { cursor: search.cursor } : {}),
    ...(search.archived === true || search.archived === 'true' ? { archived: true } : {}),
    ...(typeof search.tab === 'string' && /^[a-z-]{1,40}$/.test(search.tab) ? { tab: search.tab } : {}),
    ...(typeof search.ordering === 'string' && /^-?[a-z_]{1,40}$/.test(search.ordering)
      ? { ordering: search.ordering }
      : {}),
  };
}

/** A list page's search with filters of its own (the audit log's action, person, …), each a string. */
export type FilteredSearch<K extends string> = ListSearch & Partial<Record<K, string>>;

export function filteredSearch<K extends string>(...keys: K[]) {
  return (search: Record<string, unknown>): FilteredSearch<K> => {
    const filters: Partial<Record<K, string>> = {};
    for (const key of keys) {
      const value = search[key];
      if (typeof value === 'string' && value.trim()) filters[key] = value.trim().slice(0, 200);
    }
    return { ...pageSearch(search), ...filters };
  };
}

/**
 * The `ordering` to send for a list's search, assignable to any route's ordering type: the column
 * headers offer only the sorts that list's route takes (their `sort` names), and a hand-edited address
 * with another is refused by the API (400 naming `ordering`), which the list shows.
 */
export function orderingOf(search: ListSearch): { ordering?: never } {
  return search.ordering ? { ordering: search.ordering as never } : {};
}

/** The cursor and `ordering` of a list's search, as every list's query takes them. */
export function pageQuery(search: ListSearch): { cursor?: string; ordering?: never } {
  return { ...(search.cursor ? { cursor: search.cursor } : {}), ...orderingOf(search) };
}

/** The next ordering when a column's header is pressed: ascending, then descending, then ascending. */
export function nextOrdering(current: string | undefined, sort: string): string {
  return current === sort ? `-${sort}` : sort;
}
