import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseHandle } from '../../src/db/database.ts';

/** CSV rows shaped like draft lines, generated lazily so the baseline needs no more memory than we do. */
function* csvRows(n: number) {
  for (let i = 0; i < n; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    yield `${id},${id},${id},r:${id}:2025-01-01,recurring,Plan × 1,2025-01-01,2025-02-01,1,99,0,9900,25,false,2025-02-01T12:00:00Z\n`;
  }
}

const COLUMNS =
  '(organization_id, id, draft_id, charge_key, source, description, period_start, period_end, quantity, unit_price, discount, amount, vat_rate, late, created_at)';

/** The baseline: COPY of the same number of draft lines into a table like ours, without its constraints. */
export async function copyBaseline(
  handle: DatabaseHandle,
  url: string | undefined,
  rows: number,
): Promise<number> {
  await sql`drop table if exists bench_lines`.execute(handle.db);
  await sql`create table bench_lines (like invoice_draft_lines including defaults)`.execute(handle.db);
  const started = performance.now();
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await pipeline(
        Readable.from(csvRows(rows)),
        client.query(copyFrom(`copy bench_lines ${COLUMNS} from stdin with (format csv)`)),
      );
    } finally {
      await client.end();
    }
  } else {
    const blob = new Blob([...csvRows(rows)]);
    const pglite = handle.pglite;
    if (!pglite) throw new Error('the embedded handle does not expose PGlite');
    await handle.withScriptConnection(() =>
      pglite.query(`copy bench_lines ${COLUMNS} from '/dev/blob' with (format csv)`, [], { blob }),
    );
  }
  return (performance.now() - started) / 1000;
}
