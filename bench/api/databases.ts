import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type DatabaseName = 'embedded' | 'postgres';

/** A scratch database for one benchmark: the environments that point kassa and the baseline at it. */
export interface BenchDatabase {
  name: DatabaseName;
  env: NodeJS.ProcessEnv;
  /** The same database, except on PGlite: a folder of its own, as one folder serves one process. */
  baselineEnv: NodeJS.ProcessEnv;
  /** Removes the data folder, or drops the database. */
  dispose(): Promise<void>;
}

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Our environment without kassa's settings, which the bench sets itself. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'KASSA_DATA_DIR', 'KASSA_NOW', 'PORT', 'HOST']) delete env[name];
  return env;
}

/** PGlite in fresh temporary folders. */
export async function embeddedDatabase(): Promise<BenchDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'kassa-bench-'));
  return {
    name: 'embedded',
    env: { ...cleanEnv(), KASSA_DATA_DIR: join(dir, 'kassa') },
    baselineEnv: { ...cleanEnv(), KASSA_DATA_DIR: join(dir, 'baseline') },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A new database `kassa_bench_<ms>` on the server of `adminUrl`, dropped by `dispose`. */
export async function postgresDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `kassa_bench_${Date.now()}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const env = { ...cleanEnv(), DATABASE_URL: url.toString() };
  return {
    name: 'postgres',
    env,
    baselineEnv: env,
    dispose: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
  };
}
