/** What a list page keeps in its address: the search, the page's cursor, archived or live. */
export interface ListSearch {
  q?: string;
  cursor?: string;
  archived?: boolean;
}

export function pageSearch(search: Record<string, unknown>): ListSearch {
  return {
    ...(typeof search.q === 'string' && search.q.trim() ? { q: search.q } : {}),
    ...(typeof search.cursor === 'string' && search.cursor ? { cursor: search.cursor } : {}),
    ...(search.archived === true || search.archived === 'true' ? { archived: true } : {}),
  };
}
