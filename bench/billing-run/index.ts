import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { RUN_DEFAULTS, runBilling } from '../../src/billing/run-billing.ts';
import { ManualClock } from '../../src/clock.ts';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { DEFAULT_ADMIN_URL } from '../api/databases.ts';
import { copyBaseline } from './baseline.ts';
import { ORG, seedSubscriptions } from './seed.ts';

const DAY = '2025-02-01';

interface Figure {
  database: string;
  subscriptions: number;
  seconds: number;
  drafts: number;
  lines: number;
  draftsPerSecond: number;
  linesPerSecond: number;
  baselineLinesPerSecond: number;
  ratio: number;
  peakRssMb: number;
  secondRunLines: number;
}

export async function scratch(
  database: 'embedded' | 'postgres',
): Promise<{ handle: DatabaseHandle; url?: string; dispose(): Promise<void> }> {
  if (database === 'embedded') {
    const dir = await mkdtemp(join(tmpdir(), 'kassa-bill-'));
    const handle = await openDatabase({ dataDir: dir });
    return {
      handle,
      dispose: async () => {
        await handle.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const name = `kassa_bench_${Date.now()}`;
  const adminQuery = async (text: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  await adminQuery(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  return {
    handle,
    url: url.toString(),
    dispose: async () => {
      await handle.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** Seeds N subscriptions, bills them, and measures against a COPY of as many lines. */
async function measure(database: 'embedded' | 'postgres', n: number): Promise<Figure> {
  const db = await scratch(database);
  try {
    await migrate(db.handle);
    await seedSubscriptions(db.handle.db, n);
    // Both measurements start from a checkpoint: otherwise whichever runs while PostgreSQL writes the
    // other's pages out (a checkpoint every half minute under this load) pays for both.
    const checkpoint = () => (database === 'postgres' ? sql`checkpoint`.execute(db.handle.db) : undefined);
    await checkpoint();
    const organization = { id: ORG, country: 'DK', currency: 'DKK', timezone: 'Europe/Copenhagen' };
    const services = { db: db.handle.db, clock: new ManualClock(`${DAY}T12:00:00Z`) };
    global.gc?.();
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const started = performance.now();
    // As `kassa bill` runs it, unless BENCH_BATCH_SIZE / BENCH_CONCURRENCY say otherwise.
    const result = await runBilling(services, organization, DAY, {
      batchSize: Number(process.env.BENCH_BATCH_SIZE ?? RUN_DEFAULTS.batchSize),
      concurrency: Number(process.env.BENCH_CONCURRENCY ?? RUN_DEFAULTS.concurrency[db.handle.kind]),
    });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const second = await runBilling(services, organization, DAY);
    const [{ drafts }] = (
      await sql<{ drafts: number }>`select count(*)::int as drafts from invoice_drafts`.execute(db.handle.db)
    ).rows as [{ drafts: number }];
    // The baseline is the median of three COPYs, each from a checkpoint: one COPY alone varied twofold
    // from run to run on this machine.
    const copies: number[] = [];
    for (let i = 0; i < 3; i++) {
      await checkpoint();
      copies.push(await copyBaseline(db.handle, db.url, result.lines));
    }
    const baselineSeconds = copies.sort((a, b) => a - b)[1]!;
    const linesPerSecond = result.lines / seconds;
    const baselineLinesPerSecond = result.lines / baselineSeconds;
    return {
      database,
      subscriptions: n,
      seconds: Number(seconds.toFixed(2)),
      drafts,
      lines: result.lines,
      draftsPerSecond: Math.round(drafts / seconds),
      linesPerSecond: Math.round(linesPerSecond),
      baselineLinesPerSecond: Math.round(baselineLinesPerSecond),
      ratio: Number((linesPerSecond / baselineLinesPerSecond).toFixed(3)),
      peakRssMb: Math.round(peak / 1024 / 1024),
      secondRunLines: second.lines,
    };
  } finally {
    await db.dispose();
  }
}

function line(f: Figure): string {
  const target =
    f.database === 'postgres'
      ? f.subscriptions === 100_000
        ? ' | target ≤ 10 s, ≥ 25 % of COPY, ≤ 512 MB'
        : ''
      : f.subscriptions === 100_000
        ? ' | target ≤ 30 s'
        : '';
  return `${f.database.padEnd(8)} ${String(f.subscriptions).padStart(7)} subs  ${f.seconds.toFixed(2).padStart(6)} s  ${String(f.draftsPerSecond).padStart(6)} invoices/s  ${String(f.linesPerSecond).padStart(7)} lines/s | COPY ${String(f.baselineLinesPerSecond).padStart(8)} lines/s | ratio ${f.ratio} | peak ${f.peakRssMb} MB | again: ${f.secondRunLines} lines${target}`;
}

export async function runBillingBench(): Promise<Figure[]> {
  const sizes = (process.env.BENCH_BILLING_SIZES ?? '10000,100000').split(',').map(Number);
  const figures: Figure[] = [];
  const databases = (process.env.BENCH_BILLING_DATABASES ?? 'postgres,embedded').split(',') as (
    | 'postgres'
    | 'embedded'
  )[];
  for (const database of databases) {
    for (const n of sizes) {
      const figure = await measure(database, n);
      console.log(line(figure));
      figures.push(figure);
    }
  }
  return figures;
}
