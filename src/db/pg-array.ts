/**
 * PostgreSQL array literals built by hand, one string per parameter, for the set-based statements of
 * the billing run and usage ingest. The driver serializes a JS array by escaping every element, which
 * for a batch cost more than running the statement.
 */

/**
 * Values that never need quoting: uuids, ISO dates and instants, decimal strings, numbers, booleans
 * (never free text: a comma or brace in a value would split it).
 */
export function plainArray(values: readonly (string | number | boolean | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const value = values[i];
    out += value === null || value === undefined ? 'NULL' : String(value);
  }
  return `${out}}`;
}

const NEEDS_ESCAPE = /[\\"]/;

/** Free text: each element quoted, backslashes and double quotes escaped. */
export function textArray(values: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const value = values[i];
    if (value === null || value === undefined) out += 'NULL';
    else out += `"${NEEDS_ESCAPE.test(value) ? value.replace(/[\\"]/g, '\\$&') : value}"`;
  }
  return `${out}}`;
}
