import { parse } from 'csv-parse/sync';
import type { UseCaseContext } from '../context.ts';
import { findUnsafeInput, unsafeText } from '../domain/unsafe-input.ts';
import {
  importOrder,
  importOrderSchema,
  logRefusedImport,
  SEED_FIELD_NAMES,
  withOurFieldNames,
} from './import-order.ts';

export interface FileRowReport {
  /** 1-based line in the file (the CSV header is line 1). */
  line: number;
  externalSystemId: string | null;
  outcome: 'created' | 'updated' | 'unchanged' | 'refused';
  error: string | null;
}

export interface FileReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  lines: FileRowReport[];
}

/** How much of a file is looked at to tell text from binary, as `file(1)` and git do. */
const SNIFF_BYTES = 8 * 1024;

/**
 * The text of an import file, or why it is not a CSV or NDJSON file at all (then nothing is imported):
 * a NUL byte near the start (a binary file, or UTF-16: refused at line 1, as the file it is) or bytes
 * that are not UTF-8 (refused at their line). A NUL further into a text file only spoils its row,
 * which is refused on its own.
 */
export function decodeImportFile(
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; line: number; reason: string } {
  const lineAt = (index: number) => bytes.subarray(0, index).filter((byte) => byte === 0x0a).length + 1;
  const nul = bytes.subarray(0, SNIFF_BYTES).indexOf(0);
  if (nul !== -1)
    return {
      ok: false,
      line: 1,
      reason: `not a CSV or NDJSON file: byte ${nul} is NUL (a binary file, or not UTF-8)`,
    };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const lenient = Buffer.from(new TextDecoder('utf-8').decode(bytes), 'utf8');
    let at = 0;
    while (at < bytes.length && bytes[at] === lenient[at]) at++;
    return { ok: false, line: lineAt(at), reason: `not a CSV or NDJSON file: byte ${at} is not UTF-8` };
  }
}

/** The columns a CSV may have: the fields of an import request. */
const FIELDS = Object.keys(importOrderSchema.shape);

/**
 * The separator a CSV file uses, judged by its header line: `;` as Danish, Swedish and German Excel
 * write it (the comma is their decimal mark), a tab, or the comma.
 */
export function csvDelimiter(headerLine: string): ',' | ';' | '\t' {
  const outsideQuotes = headerLine.replace(/"[^"]*"/g, '');
  const count = (ch: string) => outsideQuotes.split(ch).length - 1;
  const [best] = ([';', '\t', ','] as const).map((ch) => ({ ch, n: count(ch) })).sort((a, b) => b.n - a.n);
  return best && best.n > 0 ? best.ch : ',';
}

/** A decimal written with a comma (`8,50`, as Nordic and German Excel do) in a dot's place. */
const DECIMAL_COMMA = /^(\d{1,14}),(\d{1,4})$/;

/** The rows of a CSV (with a header of field names) or NDJSON file, each as an object or a parse error. */
export function fileRows(
  content: string,
  format: 'csv' | 'ndjson',
): { line: number; value: unknown; error: string | null }[] {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: { line: number; value: unknown; error: string | null }[] = [];
  if (format === 'ndjson') {
    lines.forEach((text, index) => {
      if (text.trim() === '') return;
      try {
        rows.push({ line: index + 1, value: withOurFieldNames(JSON.parse(text)), error: null });
      } catch {
        rows.push({ line: index + 1, value: text.slice(0, 500), error: 'not a JSON object' });
      }
    });
    return rows;
  }
  return csvRows(content);
}

type FileRow = { line: number; value: unknown; error: string | null };

/**
 * CSV through csv-parse: a header of field names, then a row per record. Quoted fields may hold the
 * separator, quotes and line breaks; a byte-order mark and Windows line ends are read as they come;
 * `;` and tab separators are found from the header. A record with the wrong number of fields is
 * refused on its own, naming its line.
 */
function csvRows(content: string): FileRow[] {
  // Windows line ends as \n: csv-parse counts a quoted \r\n as two lines, which would misname lines.
  const text = content.replace(/^\uFEFF/, '').replaceAll('\r\n', '\n');
  const delimiter = csvDelimiter(text.slice(0, text.search(/\r?\n|$/)));
  let records: { record: string[]; info: { lines: number; raw?: string } }[];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number; raw?: string } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return [{ line, value: '', error: `not a readable CSV file: ${(error as Error).message}` }];
  }
  const [first, ...rest] = records;
  // Seed 003's own names (plenigoOfferId) stand for ours.
  const header = (first?.record ?? []).map((name) => SEED_FIELD_NAMES[name] ?? name);
  const unknown = header.filter((h) => !FIELDS.includes(h));
  if (header.length === 0 || unknown.length > 0)
    return [
      {
        line: 1,
        value: header.join(delimiter),
        error: `header: expected field names of ${FIELDS.join(', ')}; unknown: ${unknown.join(', ') || '(empty)'}`,
      },
    ];
  return rest.map(({ record, info }) => {
    // info.lines is the line a record ends on; a quoted line break makes a record span several.
    const line = info.lines - ((info.raw ?? '').trim().match(/\n/g)?.length ?? 0);
    if (record.length !== header.length)
      return { line, value: record.join(delimiter).slice(0, 500), error: `expected ${header.length} fields` };
    const value: Record<string, unknown> = {};
    header.forEach((name, i) => {
      const field = record[i] ?? '';
      if (field === '') return;
      if (name === 'quantity' && /^\d+$/.test(field)) value[name] = Number(field);
      else if (name === 'price') value[name] = field.replace(DECIMAL_COMMA, '$1.$2');
      else value[name] = field;
    });
    return { line, value, error: null };
  });
}

/**
 * Imports a file of orders row by row: each row lands whole or not at all (its own transaction), a bad
 * row is reported and logged and never stops the good ones. With `concurrency` above 1 (PostgreSQL),
 * rows run side by side; rows of one external id still run in file order.
 */
export async function importOrdersFile(
  ctx: UseCaseContext,
  content: string,
  format: 'csv' | 'ndjson',
  options: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<FileReport> {
  const rows = fileRows(content, format);
  const lines: FileRowReport[] = new Array(rows.length);
  const previousOfId = new Map<string, Promise<unknown>>();
  let next = 0;
  let done = 0;
  const one = async (index: number) => {
    const row = rows[index]!;
    const given = (row.value as { externalSystemId?: unknown } | null)?.externalSystemId;
    // An id that cannot be stored is not echoed either (the report goes to a terminal).
    const externalSystemId = typeof given === 'string' && unsafeText(given) === null ? given : null;
    const before = externalSystemId ? previousOfId.get(externalSystemId) : undefined;
    const work = (async () => {
      await before;
      lines[index] = { line: row.line, externalSystemId, ...(await importRow(ctx, row)) };
    })();
    if (externalSystemId) previousOfId.set(externalSystemId, work);
    await work;
    options.onProgress?.(++done, rows.length);
  };
  const worker = async () => {
    while (next < rows.length) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
  const count = (outcome: FileRowReport['outcome']) => lines.filter((l) => l.outcome === outcome).length;
  return {
    rows: rows.length,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    refused: count('refused'),
    lines,
  };
}

async function importRow(
  ctx: UseCaseContext,
  row: { value: unknown; error: string | null },
): Promise<{ outcome: FileRowReport['outcome']; error: string | null }> {
  let error = row.error ?? findUnsafeInput(row.value)?.message ?? null;
  if (error === null) {
    const parsed = importOrderSchema.safeParse(row.value);
    if (parsed.success) {
      const result = await importOrder(ctx, parsed.data, 'file');
      return result.ok
        ? { outcome: result.value.outcome, error: null }
        : { outcome: 'refused', error: result.failure.detail };
    }
    error = parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
  }
  await logRefusedImport(ctx, row.value, 'file', { code: 'validation_failed', detail: error });
  return { outcome: 'refused', error };
}
