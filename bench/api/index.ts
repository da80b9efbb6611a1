import { onInterrupt } from '../cleanup.ts';
import { type ServerProcess, startServer } from './children.ts';
import { type BenchDatabase, DEFAULT_ADMIN_URL, embeddedDatabase, postgresDatabase } from './databases.ts';
import { apiFigures } from './figures.ts';
import { createAccount, provisionToken, startKassa } from './kassa.ts';
import { type LoadFigure, type LoadSettings, measureLoad } from './load.ts';
import { ceilingLine, type FigureResult, figureLine, figureResult } from './report.ts';

export interface ApiBenchSettings extends LoadSettings {
  /** PostgreSQL server to create the scratch database on (through its `postgres` database). */
  adminUrl: string;
}

export function apiBenchSettings(env: NodeJS.ProcessEnv = process.env): ApiBenchSettings {
  return {
    seconds: Number(env.BENCH_SECONDS ?? 10),
    warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 2),
    adminUrl: env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL,
  };
}

export interface DatabaseRun {
  database: string;
  ceiling?: LoadFigure;
  figures: FigureResult[];
  skipped?: string;
}

/** Starts a child server and makes sure an interrupted run stops it too. */
async function started(start: () => Promise<ServerProcess>, servers: ServerProcess[]) {
  const server = await start();
  servers.push(server);
  onInterrupt(server.stop);
  return server;
}

async function benchDatabase(db: BenchDatabase, settings: ApiBenchSettings): Promise<DatabaseRun> {
  // Before the server: on PGlite the server holds the data folder alone.
  const token = await provisionToken(db.env);
  const servers: ServerProcess[] = [];
  try {
    const kassa = await started(() => startKassa(db.env), servers);
    const baseline = await started(
      () => startServer(['bench/api/baseline-server.ts'], db.baselineEnv),
      servers,
    );
    const accountId = await createAccount(kassa.url, token);
    const specs = apiFigures(token, accountId);

    const connections = specs[0]?.connections ?? 50;
    const ceiling = await measureLoad(baseline, connections, [{ path: '/constant' }], settings);
    console.log(ceilingLine(db.name, ceiling, connections));
    const figures: FigureResult[] = [];
    for (const spec of specs) {
      const ours = await measureLoad(kassa, spec.connections, spec.ours, settings);
      const base = await measureLoad(baseline, spec.connections, spec.baseline, settings);
      const result = figureResult(db.name, spec, ours, base);
      console.log(figureLine(result));
      figures.push(result);
    }
    return { database: db.name, ceiling, figures };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

async function withDatabase(open: () => Promise<BenchDatabase>, settings: ApiBenchSettings) {
  const db = await open();
  const forget = onInterrupt(db.dispose);
  try {
    return await benchDatabase(db, settings);
  } finally {
    forget();
    await db.dispose();
  }
}

/** GET and POST of accounts on PGlite and on PostgreSQL, each beside the baseline server. */
export async function runApiBench(settings = apiBenchSettings()): Promise<DatabaseRun[]> {
  const runs: DatabaseRun[] = [await withDatabase(embeddedDatabase, settings)];
  try {
    runs.push(await withDatabase(() => postgresDatabase(settings.adminUrl), settings));
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ECONNREFUSED' ? 'PostgreSQL not reachable' : null;
    if (!reason) throw error;
    console.log(`postgres skipped: ${reason} at ${settings.adminUrl} (set BENCH_DATABASE_URL)`);
    runs.push({ database: 'postgres', figures: [], skipped: reason });
  }
  return runs;
}
