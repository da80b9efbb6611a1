import { sql } from 'kysely';
import { anyOf } from '../db/any-of.ts';
import type { Db } from '../db/transaction.ts';
import { fieldFailure, ok, type Result } from '../errors.ts';
import { EXPORT_RESOURCES, type ExportResource, type ExportResourceName } from './export-resources.ts';

export type ExportFormat = 'ndjson' | 'csv';

/** Rows read per query: the memory an export holds, whatever its size. */
export const EXPORT_BATCH = 2000;

/**
 * A cursor is the transaction horizon an export read up to: every change below it was delivered.
 * Opaque to clients (base64url of `x<decimal xid>`).
 */
export function encodeExportCursor(horizon: string): string {
  return Buffer.from(`x${horizon}`).toString('base64url');
}

export function decodeExportCursor(cursor: string): string | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^x\d{1,20}$/.test(text) && encodeExportCursor(text.slice(1)) === cursor ? text.slice(1) : null;
}

export interface ExportPlan {
  resource: ExportResourceName;
  organizationId: string;
  /** changes from this transaction id on (inclusive) … */
  since: string;
  /** … up to this one (exclusive): the oldest transaction running when the export began */
  horizon: string;
  /** the cursor for the next export */
  cursor: string;
  /** CSV columns after `_op`: the table's own, then its nested lists */
  columns: string[];
  /** SQL: the JSON text of a record (alias r) that is there, `_op` first, without its nested lists */
  row: string;
  /** Each nested list, read set-based for a batch of parents */
  nested: NestedPlan[];
}

interface NestedPlan {
  name: string;
  /** the column holding the parent's id */
  key: string;
  table: string;
  /** SQL: the list's columns (alias x) */
  columns: string;
  /** the items' order, by parent first: quoted column names */
  order: string[];
}

/** Fixes what an export will deliver: the horizon, the next cursor and the columns. */
export async function planExport(
  db: Db,
  organizationId: string,
  resource: ExportResourceName,
  since: string | undefined,
): Promise<Result<ExportPlan>> {
  const from = since === undefined ? '0' : decodeExportCursor(since);
  if (from === null)
    return fieldFailure('query.updated_since', 'invalid', 'updated_since: not a cursor of an earlier export');
  const definition: ExportResource = EXPORT_RESOURCES[resource];
  const tables = [definition.table, ...definition.nested.map((n) => n.table)];
  const [{ rows: horizonRows }, { rows: columnRows }] = await Promise.all([
    sql<{ horizon: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as horizon`.execute(db),
    sql<{
      table_name: string;
      column_name: string;
    }>`select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and table_name = any(${tables}) and column_name <> 'organization_id'
      order by ordinal_position`.execute(db),
  ]);
  const columnsOf = (table: string) =>
    columnRows.filter((r) => r.table_name === table).map((r) => r.column_name);
  const horizon = horizonRows[0]!.horizon;
  return ok({
    resource,
    organizationId,
    since: from,
    horizon,
    cursor: encodeExportCursor(horizon),
    columns: [...columnsOf(definition.table), ...definition.nested.map((n) => n.name)],
    row: recordJson(definition, columnsOf(definition.table)),
    nested: definition.nested.map((n) => nestedItems(n, columnsOf(n.table))),
  });
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The SQL of a record's own JSON text: its columns as one row made JSON by row_to_json (json, not jsonb:
 * the text is built as it goes, without a binary value to take apart again, several times faster for a
 * million lines).
 */
function recordJson(definition: ExportResource, columns: string[]): string {
  const op = definition.archivable
    ? `case when r.archived_at is not null then 'archive' else 'upsert' end`
    : `'upsert'`;
  const own = columns.map((c) => `r.${quoted(c)}`);
  return `(select row_to_json(t)::text from (select ${[`${op} as _op`, ...own].join(', ')}) t)`;
}

/** The SQL of a nested list's items (alias n) and their order: parent, then the list's own order. */
function nestedItems(nested: ExportResource['nested'][number], columns: string[]): NestedPlan {
  return {
    name: nested.name,
    key: nested.key,
    table: nested.table,
    columns: columns.map((c) => `x.${quoted(c)}`).join(', '),
    order: [nested.key, ...nested.order].map(quoted),
  };
}

interface ChangeRow {
  xid: string;
  entity_id: string;
  /** null: the record is gone (a tombstone) */
  record_id: string | null;
  line: string;
}

/** A batch read: where it ended, whether more may follow, and its lines once the nested lists are in. */
interface Batch {
  last: { xid: string; id: string } | null;
  full: boolean;
  lines: Promise<string[]>;
}

/**
 * The export's rows in the order of change (transaction, then id), a batch at a time, as JSON text with `_op`:
 * `upsert` and `archive` carry the record, `delete` only its id. Reads a batch at a time by an index
 * range from the last row, so memory stays flat however many rows there are. A batch's nested lists are
 * read by one query each, in the same round as the next batch's records, and spliced into each record's
 * text before its closing brace: never parsed again as JSON. They are separate statements, so a list may be
 * a moment newer than its record; any change after the export's start is also in the next export.
 */
export async function* exportBatches(
  db: Db,
  plan: ExportPlan,
  batchSize = EXPORT_BATCH,
): AsyncGenerator<string[]> {
  const definition: ExportResource = EXPORT_RESOURCES[plan.resource];
  const row = sql.raw(plan.row);
  const table = sql.raw(definition.table);
  const kind = definition.where === null ? sql.raw('true') : sql.raw(`(r.id is null or ${definition.where})`);
  const records = async (after: Batch['last']) => {
    const position =
      after === null
        ? sql`c.change_xid >= ${plan.since}::xid8`
        : sql`(c.change_xid, c.entity_id) > (${after.xid}::xid8, ${after.id}::uuid)`;
    const { rows } = await sql<ChangeRow>`
      select c.change_xid::text as xid, c.entity_id, r.id as record_id,
        case when r.id is null then (select row_to_json(d)::text from (select 'delete' as _op, c.entity_id as id) d) else ${row} end as line
      from export_changes c
      left join ${table} r on r.organization_id = c.organization_id and r.id = c.entity_id
      where c.organization_id = ${plan.organizationId} and c.resource = ${definition.family}
        and ${position} and c.change_xid < ${plan.horizon}::xid8 and ${kind}
      order by c.change_xid, c.entity_id
      limit ${batchSize}`.execute(db);
    return rows;
  };
  const read = async (after: Batch['last']): Promise<Batch> => {
    const rows = await records(after);
    const last = rows.at(-1);
    const lines = withNested(db, plan, rows);
    // Asked for now, awaited later: a failure meanwhile is not unhandled, and still reaches the reader.
    lines.catch(() => undefined);
    return {
      last: last ? { xid: last.xid, id: last.entity_id } : null,
      full: rows.length === batchSize,
      lines,
    };
  };
  // The next batch is asked for before this one's nested lists are awaited and handed on, so the
  // database reads it meanwhile: two batches in memory at most.
  let next: Promise<Batch> | null = read(null);
  try {
    while (next !== null) {
      const batch: Batch = await next;
      next = batch.full ? read(batch.last) : null;
      const lines = await batch.lines;
      if (lines.length > 0) yield lines;
    }
  } finally {
    // A reader that stops early leaves a batch asked for: its answer (or failure) is dropped (its
    // lines' failure is already caught where they are asked for).
    next?.catch(() => undefined);
  }
}

/** The batch's lines, each record's nested lists spliced in before its closing brace. */
async function withNested(db: Db, plan: ExportPlan, rows: ChangeRow[]): Promise<string[]> {
  if (plan.nested.length === 0) return rows.map((r) => r.line);
  const ids = rows.flatMap((r) => (r.record_id === null ? [] : [r.record_id]));
  const lists = await Promise.all(
    plan.nested.map(async (nested) => {
      if (ids.length === 0) return new Map<string, string>();
      // One scan for the whole batch, each parent's items joined there: a subquery per parent cost twice
      // the export's time at a million invoice lines. Sorted by parent before the items are made JSON,
      // the aggregate reads its groups in order and each group's items come sorted.
      const order = (alias: string) => sql.raw(nested.order.map((c) => `${alias}.${c}`).join(', '));
      const key = sql.ref(`n.${nested.key}`);
      const { rows: items } = await sql<{ parent: string; list: string }>`
        select ${key}::text as parent, string_agg(row_to_json(n)::text, ',' order by ${order('n')}) as list
        from (select ${sql.raw(nested.columns)} from ${sql.table(nested.table)} x
          where x.organization_id = ${plan.organizationId} and ${anyOf(`x.${nested.key}`, ids)}
          order by ${order('x')}) n
        group by ${key}`.execute(db);
      return new Map(items.map((i) => [i.parent, i.list]));
    }),
  );
  return rows.map((r) => {
    if (r.record_id === null) return r.line;
    let spliced = r.line.slice(0, -1);
    for (let i = 0; i < lists.length; i++)
      spliced += `,"${plan.nested[i]!.name}":[${lists[i]!.get(r.record_id) ?? ''}]`;
    return `${spliced}}`;
  });
}

/** One CSV field (RFC 4180): quoted when it holds a separator, quote or line break; objects as JSON. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lines as UTF-8, each ending in a newline: encoded straight into one buffer, never joined as a string. */
function linesBuffer(lines: string[]): Buffer {
  let size = lines.length;
  for (const line of lines) size += Buffer.byteLength(line);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const line of lines) {
    at += out.write(line, at);
    out[at++] = 10;
  }
  return out;
}

/** The text of an export, a batch of lines at a time, each line ending in a newline: NDJSON ending with `{"_cursor": …}`, or CSV with a header. */
export async function* exportLines(
  db: Db,
  plan: ExportPlan,
  format: ExportFormat,
  batchSize = EXPORT_BATCH,
): AsyncGenerator<string | Buffer> {
  if (format === 'csv') {
    const header = ['_op', ...plan.columns];
    yield `${header.map(csvField).join(',')}\r\n`;
    for await (const batch of exportBatches(db, plan, batchSize))
      yield batch
        .map((line) => {
          const row = JSON.parse(line) as Record<string, unknown>;
          return `${header.map((column) => csvField(row[column])).join(',')}\r\n`;
        })
        .join('');
    return;
  }
  for await (const batch of exportBatches(db, plan, batchSize)) yield linesBuffer(batch);
  yield `${JSON.stringify({ _cursor: plan.cursor })}\n`;
}
