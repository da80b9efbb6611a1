/**
 * Values no part of kassa can store or answer: a NUL character (PostgreSQL text and jsonb cannot hold
 * U+0000), a lone UTF-16 surrogate (not a character; it cannot be written as UTF-8), and structures
 * nested deeper than MAX_INPUT_DEPTH (walking them costs a stack frame a level everywhere they go:
 * validation, jsonb, the audit log). Found here, refused at the edge (HTTP, files, the command line)
 * with the field named, so they never reach the database as a 500.
 */

export const MAX_INPUT_DEPTH = 32;

export type UnsafeInputCode = 'nul_character' | 'lone_surrogate' | 'too_deep';

export interface UnsafeInput {
  /** Where: `a.b.0.c` below the given prefix, or the prefix itself for a top-level string. */
  field: string;
  code: UnsafeInputCode;
  message: string;
}

/** What is wrong with one string, if anything. */
export function unsafeText(text: string): Exclude<UnsafeInputCode, 'too_deep'> | null {
  if (text.includes('\u0000')) return 'nul_character';
  if (!text.isWellFormed()) return 'lone_surrogate';
  return null;
}

const MESSAGES: Record<UnsafeInputCode, string> = {
  nul_character: 'holds a NUL character (U+0000), which cannot be stored',
  lone_surrogate: 'holds a lone UTF-16 surrogate, which is not a character',
  too_deep: `is nested deeper than ${MAX_INPUT_DEPTH} levels`,
};

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

function found(field: string, code: UnsafeInputCode): UnsafeInput {
  const name = field || '(body)';
  return { field: name, code, message: `${name} ${MESSAGES[code]}` };
}

/**
 * The first unsafe string (value or key) or too-deep nesting in a parsed value (JSON, a query, a CSV
 * row), walked without recursion so that hostile depth costs no stack. Buffers are bytes, not text:
 * they are skipped (whoever reads them decides their encoding).
 */
export function findUnsafeInput(value: unknown, prefix = ''): UnsafeInput | null {
  const stack: { value: unknown; field: string; depth: number }[] = [{ value, field: prefix, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const current = item.value;
    if (typeof current === 'string') {
      const code = unsafeText(current);
      if (code) return found(item.field, code);
      continue;
    }
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) continue;
    if (item.depth >= MAX_INPUT_DEPTH) return found(item.field, 'too_deep');
    for (const [key, child] of Object.entries(current)) {
      const field = join(item.field, key);
      const keyCode = unsafeText(key);
      if (keyCode) return found(item.field ? `${item.field}.(key)` : '(key)', keyCode);
      stack.push({ value: child, field, depth: item.depth + 1 });
    }
  }
  return null;
}

/** The 1-based line of the first NUL or lone surrogate in a text (a file), with what it is. */
export function unsafeLine(
  text: string,
): { line: number; code: Exclude<UnsafeInputCode, 'too_deep'> } | null {
  const code = unsafeText(text);
  if (!code) return null;
  const at =
    code === 'nul_character'
      ? text.indexOf('\u0000')
      : text.search(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  return { line: text.slice(0, at).split('\n').length, code };
}

export function unsafeTextMessage(code: UnsafeInputCode): string {
  return MESSAGES[code];
}
