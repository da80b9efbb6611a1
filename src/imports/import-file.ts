import type { UseCaseContext } from '../context.ts';
import { importOrder, importOrderSchema, logRefusedImport } from './import-order.ts';

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

/** The columns a CSV may have: the fields of an import request. */
const FIELDS = Object.keys(importOrderSchema.shape);

/** RFC 4180 fields of one CSV record: commas, quotes doubled inside quoted fields. */
export function csvFields(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else value += line[i++];
      }
      fields.push(value);
      if (i < line.length && line[i] !== ',') return null;
    } else {
      const end = line.indexOf(',', i);
      fields.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length : end;
    }
    if (i >= line.length) return fields;
    i++;
  }
}

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
        rows.push({ line: index + 1, value: JSON.parse(text), error: null });
      } catch {
        rows.push({ line: index + 1, value: text.slice(0, 500), error: 'not a JSON object' });
      }
    });
    return rows;
  }
  const header = csvFields(lines[0] ?? '')?.map((h) => h.trim()) ?? [];
  const unknown = header.filter((h) => !FIELDS.includes(h));
  if (header.length === 0 || unknown.length > 0)
    return [
      {
        line: 1,
        value: lines[0] ?? '',
        error: `header: expected field names of ${FIELDS.join(', ')}; unknown: ${unknown.join(', ') || '(empty)'}`,
      },
    ];
  lines.slice(1).forEach((text, index) => {
    if (text.trim() === '') return;
    const fields = csvFields(text);
    if (!fields || fields.length !== header.length) {
      rows.push({ line: index + 2, value: text.slice(0, 500), error: `expected ${header.length} fields` });
      return;
    }
    const value: Record<string, unknown> = {};
    header.forEach((name, i) => {
      const field = fields[i]!.trim();
      if (field === '') return;
      value[name] = name === 'quantity' && /^\d+$/.test(field) ? Number(field) : field;
    });
    rows.push({ line: index + 2, value, error: null });
  });
  return rows;
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
    const externalSystemId =
      typeof (row.value as { externalSystemId?: unknown })?.externalSystemId === 'string'
        ? (row.value as { externalSystemId: string }).externalSystemId
        : null;
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
  let error = row.error;
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
