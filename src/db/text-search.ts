import type { ExpressionBuilder } from 'kysely';

/** The text itself, not a pattern: `%`, `_` and `\` match only themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * A list's search box: rows where any of the columns contains the text, in any case. The accounts'
 * columns have trigram indexes (migration 0040, docs/architecture.md); elsewhere it reads the
 * organization's rows, fine for the short lists it serves (the catalog).
 */
export function containsText<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  columns: readonly string[],
  text: string,
) {
  const pattern = `%${escapeLike(text)}%`;
  // biome-ignore lint/suspicious/noExplicitAny: the columns are named by the caller for its own table.
  return eb.or(columns.map((column) => eb(column as any, 'ilike', pattern)));
}
