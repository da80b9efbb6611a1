import pg from 'pg';
import type { ServerProcess } from '../api/children.ts';
import {
  type BenchDatabase,
  DEFAULT_ADMIN_URL,
  embeddedDatabase,
  postgresDatabase,
} from '../api/databases.ts';
import { kassaHeaders, provisionToken, startKassa } from '../api/kassa.ts';

const BATCH = Number(process.env.BENCH_USAGE_BATCH ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PARALLEL = Number(process.env.BENCH_USAGE_PARALLEL ?? 3);
const SUBSCRIPTIONS = 50;

async function call(url: string, token: string, path: string, body: unknown) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { ...kassaHeaders(token), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/** Subscriptions with a metered component, through the API, to post usage to. */
async function prepare(url: string, token: string): Promise<string[]> {
  await call(url, token, '/api/v1/plans/', { code: 'P', name: 'Plan' });
  await call(url, token, '/api/v1/plan-terms/', { plan: 'P', code: 'M', price: '0', interval: 'month' });
  await call(url, token, '/api/v1/components/', {
    code: 'CALLS',
    name: 'Calls',
    kind: 'metered',
    price_model: { model: 'per_unit', unit_price: '0.01' },
  });
  const subscriptions: string[] = [];
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    await call(url, token, '/api/v1/accounts/', { code: `U${i}`, name: `U${i}`, email: `u${i}@example.com` });
    const sub = (await call(url, token, '/api/v1/subscriptions/', { account: `U${i}`, terms: 'M' }))
      .uuid as string;
    await call(url, token, `/api/v1/subscriptions/${sub}/components/`, { component: 'CALLS' });
    subscriptions.push(sub);
  }
  return subscriptions;
}

// The subscriptions start today (the server's own clock): usage happens from then on.
const HAPPENED = new Date().toISOString();

function batch(subscriptions: string[], n: number, tag: string) {
  return Array.from({ length: BATCH }, (_, i) => ({
    subscription: subscriptions[i % subscriptions.length],
    metric: 'CALLS',
    quantity: 1 + (i % 7),
    timestamp: HAPPENED,
    event_id: `${tag}-${n}-${i}`,
  }));
}

/** Batches posted from this process (the server is another) for SECONDS, PARALLEL at a time. */
async function ingest(
  url: string,
  token: string,
  subscriptions: string[],
): Promise<{ records: number; seconds: number }> {
  const tag = Date.now().toString(36);
  let next = 0;
  let records = 0;
  const started = performance.now();
  const worker = async () => {
    while ((performance.now() - started) / 1000 < SECONDS) {
      const result = await call(url, token, '/api/v1/usage/batch/', {
        records: batch(subscriptions, next++, tag),
      });
      records += result.created as number;
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return { records, seconds: (performance.now() - started) / 1000 };
}

/** Baseline: the same records inserted straight into a table like usage_records, unnested, by one client. */
async function baseline(databaseUrl: string, subscriptions: string[], records: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('create table bench_usage (like usage_records including defaults)');
    const started = performance.now();
    for (let done = 0; done < records; done += BATCH) {
      const rows = batch(subscriptions, done, 'base');
      await client.query(
        `insert into bench_usage (organization_id, id, subscription_id, component_id, event_id, quantity, occurred_at, created_at)
         select gen_random_uuid(), gen_random_uuid(), s, gen_random_uuid(), e, q, $4::timestamptz, now()
         from unnest($1::uuid[], $2::text[], $3::numeric[]) as t(s, e, q)`,
        [
          rows.map((r) => r.subscription),
          rows.map((r) => r.event_id),
          rows.map((r) => r.quantity),
          '2026-01-15T10:00:00Z',
        ],
      );
    }
    return records / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}

async function measure(db: BenchDatabase) {
  const token = await provisionToken(db.env);
  let server: ServerProcess | null = null;
  try {
    server = await startKassa(db.env);
    const subscriptions = await prepare(server.url, token);
    const { records, seconds } = await ingest(server.url, token, subscriptions);
    const ours = records / seconds;
    const base = db.env.DATABASE_URL ? await baseline(db.env.DATABASE_URL, subscriptions, records) : null;
    const target =
      db.name === 'postgres' ? ` | target ≥ 50,000 records/s: ${ours >= 50_000 ? 'met' : 'MISSED'}` : '';
    console.log(
      `${db.name.padEnd(8)} usage batches of ${BATCH}, ${PARALLEL} at once  ${Math.round(ours).toString().padStart(7)} records/s` +
        (base
          ? ` | baseline insert ${Math.round(base)} records/s | ratio ${(ours / base).toFixed(2)}`
          : ' | (no baseline on PGlite: one process holds the folder)') +
        target,
    );
    return {
      database: db.name,
      recordsPerSecond: Math.round(ours),
      baselineRecordsPerSecond: base ? Math.round(base) : null,
    };
  } finally {
    await server?.stop();
    await db.dispose();
  }
}

export async function runUsageIngestBench() {
  return [
    await measure(await postgresDatabase(process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL)),
    await measure(await embeddedDatabase()),
  ];
}
