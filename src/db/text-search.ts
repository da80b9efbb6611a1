import type { ExpressionBuilder } from 'kysely';

/** The text itself, not a pattern: `%`, `_` and `\` match only themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * A list's search box: rows where any of the columns contains the text, in any case. A scan of the
 * organization's rows (its index range), fine for the lists people page through.
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
