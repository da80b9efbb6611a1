import { sql } from 'kysely';
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
  /** SQL: the JSON text of a record (alias r) that is there, `_op` first */
  row: string;
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
    row: rowJson(definition, columnsOf),
  });
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The SQL of a record's JSON text: its own columns and nested lists as named columns of one row, made
 * JSON by row_to_json (json, not jsonb: the text is built as it goes, without a binary value to take
 * apart again, several times faster for a million lines). Lists are joined with commas, not json_agg,
 * which puts a line break between elements: an NDJSON row must stay on one line.
 */
function rowJson(definition: ExportResource, columnsOf: (table: string) => string[]): string {
  const op = definition.archivable
    ? `case when r.archived_at is not null then 'archive' else 'upsert' end`
    : `'upsert'`;
  const own = columnsOf(definition.table).map((c) => `r.${quoted(c)}`);
  const record = `(select row_to_json(t)::text from (select ${[`${op} as _op`, ...own].join(', ')}) t)`;
  if (definition.nested.length === 0) return record;
  // Each list is spliced in as text before the record's closing brace: never parsed again as JSON.
  const lists = definition.nested.map((n) => {
    const order = n.order.map((c) => `n.${quoted(c)}`).join(', ');
    const columns = columnsOf(n.table)
      .map((c) => `x.${quoted(c)}`)
      .join(', ');
    return `',"${n.name}":' || coalesce((select '[' || string_agg(row_to_json(n)::text, ',' order by ${order}) || ']'
      from (select ${columns} from ${n.table} x where x.organization_id = r.organization_id and x.${n.key} = r.id) n), '[]')`;
  });
  return `(left(${record}, -1) || ${lists.join(' || ')} || '}')`;
}

interface ChangeRow {
  xid: string;
  entity_id: string;
  line: string;
}

/**
 * The export's rows in the order of change (transaction, then id), a batch at a time, as JSON text with `_op`:
 * `upsert` and `archive` carry the record, `delete` only its id. Reads a batch at a time by an index
 * range from the last row, so memory stays flat however many rows there are.
 */
export async function* exportBatches(db: Db, plan: ExportPlan): AsyncGenerator<string[]> {
  const definition: ExportResource = EXPORT_RESOURCES[plan.resource];
  const row = sql.raw(plan.row);
  const table = sql.raw(definition.table);
  const kind = definition.where === null ? sql.raw('true') : sql.raw(`(r.id is null or ${definition.where})`);
  const batch = async (after: { xid: string; id: string } | null) => {
    const position =
      after === null
        ? sql`c.change_xid >= ${plan.since}::xid8`
        : sql`(c.change_xid, c.entity_id) > (${after.xid}::xid8, ${after.id}::uuid)`;
    const { rows } = await sql<ChangeRow>`
      select c.change_xid::text as xid, c.entity_id,
        case when r.id is null then (select row_to_json(d)::text from (select 'delete' as _op, c.entity_id as id) d) else ${row} end as line
      from export_changes c
      left join ${table} r on r.organization_id = c.organization_id and r.id = c.entity_id
      where c.organization_id = ${plan.organizationId} and c.resource = ${definition.family}
        and ${position} and c.change_xid < ${plan.horizon}::xid8 and ${kind}
      order by c.change_xid, c.entity_id
      limit ${EXPORT_BATCH}`.execute(db);
    return rows;
  };
  // The next batch is asked for before this one is handed on, so the database builds it while this
  // one is written: two batches in memory at most.
  let next: Promise<ChangeRow[]> | null = batch(null);
  try {
    while (next !== null) {
      const rows: ChangeRow[] = await next;
      const last = rows[rows.length - 1];
      next = rows.length < EXPORT_BATCH || !last ? null : batch({ xid: last.xid, id: last.entity_id });
      if (rows.length > 0) yield rows.map((r) => r.line);
    }
  } finally {
    // A reader that stops early leaves a batch asked for: its answer (or failure) is dropped.
    next?.catch(() => undefined);
  }
}

/** One CSV field (RFC 4180): quoted when it holds a separator, quote or line break; objects as JSON. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The text of an export, a batch of lines at a time, each line ending in a newline: NDJSON ending with `{"_cursor": …}`, or CSV with a header. */
export async function* exportLines(db: Db, plan: ExportPlan, format: ExportFormat): AsyncGenerator<string> {
  if (format === 'csv') {
    const header = ['_op', ...plan.columns];
    yield `${header.map(csvField).join(',')}\r\n`;
    for await (const batch of exportBatches(db, plan))
      yield batch
        .map((line) => {
          const row = JSON.parse(line) as Record<string, unknown>;
          return `${header.map((column) => csvField(row[column])).join(',')}\r\n`;
        })
        .join('');
    return;
  }
  for await (const batch of exportBatches(db, plan)) yield `${batch.join('\n')}\n`;
  yield `${JSON.stringify({ _cursor: plan.cursor })}\n`;
}
