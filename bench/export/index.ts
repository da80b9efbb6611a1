import { readFileSync } from 'node:fs';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DEFAULT_ADMIN_URL, postgresDatabase } from '../api/databases.ts';
import { kassaHeaders, provisionToken, startKassa } from '../api/kassa.ts';
import { onInterrupt } from '../cleanup.ts';

interface Figure {
  invoices: number;
  lines: number;
  exportMs: number;
  /** invoice lines a second through GET /api/v1/exports/invoices/ (NDJSON, one invoice a row) */
  exportLinesPerSecond: number;
  exportMegabytes: number;
  copyMs: number;
  copyLinesPerSecond: number;
  exportToCopy: number;
  /** the server process: resident memory before the export, the highest seen during it, and its peak ever */
  serverRssBeforeMb: number;
  serverRssMaxDuringMb: number;
  serverPeakRssMb: number;
}

const mb = (kb: number) => Math.round(kb / 1024);

/** VmRSS and VmHWM (peak) of a process, in kB, from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/**
 * INVOICES invoices of LINES_EACH lines, set-based, on the organization `kassa org create` made; the
 * export_changes triggers log each invoice once, and an invoice's lines are written together, as a
 * billing run's inserts do (unordered, PostgreSQL wrote line 1 of every invoice, then line 2…: each
 * invoice's lines on ten pages).
 */
async function seed(client: pg.Client, invoices: number, linesEach: number): Promise<string> {
  const { rows } = await client.query<{ id: string }>(`select id from organizations where slug = 'bench'`);
  const org = rows[0]!.id;
  await client.query(
    `insert into accounts (organization_id, id, code, name, email, type, legal_country, language, currency, created_at, updated_at)
     select $1, md5('xa' || g)::uuid, 'X' || g, 'Kunde ' || g, 'x' || g || '@example.dk', 'company', 'DK', 'da', 'DKK', now(), now()
     from generate_series(1, 1000) g`,
    [org],
  );
  await client.query(
    `insert into invoices (organization_id, id, kind, number, account_id, currency, language, issue_date, net_amount,
       vat_amount, total_amount, status, collection_method, reverse_charge, seller, buyer, vat_summary, created_at, updated_at)
     select $1, md5('xi' || g)::uuid, 'invoice', 'X-' || g, md5('xa' || (g % 1000 + 1))::uuid, 'DKK', 'da',
       '2024-01-01'::date + g % 365, 100000, 25000, 125000, 'open', 'invoice', false,
       '{"name": "Bench ApS", "country": "DK"}', '{"name": "Kunde", "country": "DK"}',
       '[{"rate": "25", "net": 100000, "vat": 25000}]', now(), now()
     from generate_series(1, $2::int) g`,
    [org, invoices],
  );
  await client.query(
    `insert into invoice_lines (organization_id, id, invoice_id, position, description, quantity, unit_price, discount, amount, vat_rate)
     select $1, md5('xl' || g || '.' || p)::uuid, md5('xi' || g)::uuid, p, 'Abonnement, plads ' || p, 1, 100, 0, 10000, 25
     from generate_series(1, $2::int) g, generate_series(1, $3::int) p
     order by g, p`,
    [org, invoices, linesEach],
  );
  // At rest, as autovacuum leaves tables between billing runs: hint bits set, visibility map current.
  await client.query('vacuum analyze');
  return org;
}

/** The baseline: `COPY … TO STDOUT` of the same invoice lines through the same driver, bytes counted. */
async function copyLines(client: pg.Client, org: string): Promise<number> {
  const started = performance.now();
  const stream = client.query(
    copyTo(`copy (select * from invoice_lines where organization_id = '${org}') to stdout`),
  );
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  if (bytes === 0) throw new Error('COPY gave nothing');
  return performance.now() - started;
}

/**
 * GET /api/v1/exports/invoices/ read to its end: rows (line breaks), invoice lines (each line object has
 * one `"position":`), bytes, and whether the cursor closes it. Counted on the bytes as they come, never
 * decoded: the reader shares the two cores with the server it measures.
 */
async function exportInvoices(url: string, token: string) {
  const res = await fetch(`${url}/api/v1/exports/invoices/`, { headers: kassaHeaders(token) });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  const needle = Buffer.from('"position":');
  let rows = 0;
  let lines = 0;
  let bytes = 0;
  let tail = Buffer.alloc(0);
  let end = Buffer.alloc(0);
  for await (const piece of res.body) {
    const chunk = Buffer.from(piece);
    bytes += chunk.length;
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) rows++;
    // a needle cut between two chunks is found in the joint
    const joint = Buffer.concat([tail, chunk.subarray(0, needle.length - 1)]);
    for (let at = joint.indexOf(needle); at >= 0; at = joint.indexOf(needle, at + 1)) lines++;
    for (let at = chunk.indexOf(needle); at >= 0; at = chunk.indexOf(needle, at + 1)) lines++;
    tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - (needle.length - 1))));
    end = Buffer.from(Buffer.concat([end, chunk.subarray(-64)]).subarray(-64));
  }
  if (!end.toString().includes('{"_cursor":')) throw new Error('the export ended without its cursor');
  return { rows: rows - 1, lines, bytes };
}

async function measure(invoices: number, linesEach: number): Promise<Figure> {
  const db = await postgresDatabase(process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL);
  const undo = onInterrupt(() => db.dispose());
  try {
    const token = await provisionToken(db.env);
    const client = new pg.Client({ connectionString: db.env.DATABASE_URL });
    await client.connect();
    try {
      const org = await seed(client, invoices, linesEach);
      const kassa = await startKassa(db.env);
      const stopServer = onInterrupt(kassa.stop);
      try {
        await exportInvoices(kassa.url, token); // warm up: the same export once
        await copyLines(client, org);
        const before = memoryOf(kassa.pid);
        let maxDuring = before.rss;
        const sampler = setInterval(() => {
          maxDuring = Math.max(maxDuring, memoryOf(kassa.pid).rss);
        }, 50);
        const started = performance.now();
        const exported = await exportInvoices(kassa.url, token);
        const exportMs = performance.now() - started;
        clearInterval(sampler);
        const peak = memoryOf(kassa.pid).peak;
        const copyMs = await copyLines(client, org);
        if (exported.rows !== invoices || exported.lines !== invoices * linesEach)
          throw new Error(`exported ${exported.rows} invoices, ${exported.lines} lines`);
        const lines = exported.lines;
        return {
          invoices,
          lines,
          exportMs: Math.round(exportMs),
          exportLinesPerSecond: Math.round(lines / (exportMs / 1000)),
          exportMegabytes: Math.round(exported.bytes / 1_048_576),
          copyMs: Math.round(copyMs),
          copyLinesPerSecond: Math.round(lines / (copyMs / 1000)),
          exportToCopy: Number((exportMs / copyMs).toFixed(2)),
          serverRssBeforeMb: mb(before.rss),
          serverRssMaxDuringMb: mb(maxDuring),
          serverPeakRssMb: mb(peak),
        };
      } finally {
        stopServer();
        await kassa.stop();
      }
    } finally {
      await client.end();
    }
  } finally {
    undo();
    await db.dispose();
  }
}

/**
 * Export for BI on PostgreSQL: 1,000,000 invoice lines (100,000 invoices of 10) through
 * `GET /api/v1/exports/invoices/` of a `kassa serve` child, NDJSON read to its end over HTTP, beside
 * `COPY … TO STDOUT` of the same lines in the same run; the server's memory sampled during the export.
 */
export async function runExportBench(): Promise<Figure> {
  const invoices = Number(process.env.BENCH_EXPORT_INVOICES ?? 100_000);
  const figure = await measure(invoices, 10);
  console.log(
    `postgres ${figure.lines} invoice lines (${figure.invoices} invoices, ${figure.exportMegabytes} MB NDJSON) | export ${figure.exportMs} ms = ${figure.exportLinesPerSecond} lines/s | baseline COPY TO STDOUT ${figure.copyMs} ms = ${figure.copyLinesPerSecond} lines/s (export ÷ COPY ${figure.exportToCopy}) | server RSS ${figure.serverRssBeforeMb} MB before, at most ${figure.serverRssMaxDuringMb} MB during, peak ${figure.serverPeakRssMb} MB | target: ≥ 100000 lines/s`,
  );
  return figure;
}
