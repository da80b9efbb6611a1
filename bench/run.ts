/**
 * `npm run bench`: runs every benchmark in bench/ (or those named: `npm run bench -- api`), prints one
 * line per figure beside its baseline, and writes bench/results.json.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { apiBenchSettings, runApiBench } from './api/index.ts';
import { runBillingBench } from './billing-run/index.ts';
import { undoAll } from './cleanup.ts';
import { runEInvoiceBench } from './einvoice/index.ts';
import { runExportBench } from './export/index.ts';
import { runMetricsBench } from './metrics/index.ts';
import { runUsageIngestBench } from './usage-ingest/index.ts';
import { runWebBench } from './web/index.ts';
import { runWebhooksBench } from './webhooks/index.ts';

const BENCHMARKS: Record<string, () => Promise<unknown>> = {
  api: () => runApiBench(apiBenchSettings()),
  'billing-run': () => runBillingBench(),
  einvoice: () => runEInvoiceBench(),
  export: () => runExportBench(),
  metrics: () => runMetricsBench(),
  'usage-ingest': () => runUsageIngestBench(),
  web: () => runWebBench(),
  webhooks: () => runWebhooksBench(),
};

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    console.error(`\n${signal}: stopping servers and dropping scratch databases`);
    void undoAll().finally(() => process.exit(130));
  });

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}

const startedAt = new Date();
const results: Record<string, unknown> = {};
for (const name of chosen.length > 0 ? chosen : Object.keys(BENCHMARKS)) {
  console.log(`== ${name}`);
  results[name] = await BENCHMARKS[name]?.();
}

const file = new URL('./results.json', import.meta.url);
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version };
writeFileSync(
  file,
  `${JSON.stringify({ startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine, results }, null, 2)}\n`,
);
console.log(`\nwrote ${file.pathname}`);
