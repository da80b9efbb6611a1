/**
 * Invoice and credit-note numbers from an organization's format: literal text with `{YYYY}` or `{YY}`
 * (the issue year) and one `{SEQ:n}` (the series' next value, zero-padded to n digits). A format with
 * a year restarts its series every year; one without runs on for ever.
 */
const TOKEN = /\{(YYYY|YY|SEQ(?::(\d{1,2}))?)\}/g;

export interface NumberFormatProblem {
  message: string;
}

/** Null when the format is usable, else what is wrong with it. */
export function numberFormatProblem(format: string): NumberFormatProblem | null {
  if (format.length < 1 || format.length > 40) return { message: 'must be 1 to 40 characters' };
  const tokens = [...format.matchAll(TOKEN)];
  const sequences = tokens.filter((t) => t[1]!.startsWith('SEQ'));
  if (sequences.length !== 1) return { message: 'must contain {SEQ} or {SEQ:n} exactly once' };
  const width = Number(sequences[0]![2] ?? 1);
  if (width < 1 || width > 12) return { message: 'the width of {SEQ:n} must be 1 to 12' };
  const literal = format.replace(TOKEN, '');
  if (/[{}]/.test(literal)) return { message: 'knows only {YYYY}, {YY} and {SEQ:n}' };
  if (!/^[A-Za-z0-9\-/_.]*$/.test(literal))
    return { message: 'may hold only letters, digits and - / _ . besides its tokens' };
  return null;
}

/** The series period a number belongs to: the year when the format shows one, else ''. */
export function numberPeriod(format: string, issueDate: string): string {
  return /\{YY(YY)?\}/.test(format) ? issueDate.slice(0, 4) : '';
}

export function formatDocumentNumber(format: string, issueDate: string, sequence: number): string {
  const year = issueDate.slice(0, 4);
  return format.replace(TOKEN, (_token, name: string, width?: string) => {
    if (name === 'YYYY') return year;
    if (name === 'YY') return year.slice(2);
    return String(sequence).padStart(Number(width ?? 1), '0');
  });
}
