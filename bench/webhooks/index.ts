import { type ChildProcess, spawn } from 'node:child_process';
import { createAccount } from '../../src/accounts/create-account.ts';
import { loadConfig } from '../../src/config.ts';
import { commandLineActor, type UseCaseContext } from '../../src/context.ts';
import { openRuntime } from '../../src/runtime.ts';
import { createOrganization } from '../../src/tenancy/create-organization.ts';
import { createEndpoint } from '../../src/webhooks/create-endpoint.ts';
import { signatureHeaders } from '../../src/webhooks/deliver-webhooks.ts';
import { ROOT } from '../api/children.ts';
import { DEFAULT_ADMIN_URL, postgresDatabase } from '../api/databases.ts';
import { onInterrupt } from '../cleanup.ts';
import { directClient, startBenchReceiver } from './receiver.ts';

const ENDPOINTS = Number(process.env.BENCH_WEBHOOK_ENDPOINTS ?? 5);
const CHANGES = Number(process.env.BENCH_WEBHOOK_CHANGES ?? 2000);
const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** `kassa worker` as a child process: the dispatcher, the delivery jobs and the sweep. */
function startWorker(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['src/cli.ts', 'worker'], {
    cwd: ROOT,
    env: { ...env, KASSA_WEBHOOKS_ALLOW_PRIVATE: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (c: Buffer) => {
      output = (output + c.toString()).slice(-4000);
    });
    child.stdout?.on('data', (c: Buffer) => {
      output = (output + c.toString()).slice(-4000);
      if (output.includes('worker is running')) resolve({ child, stop });
    });
    child.once('exit', (code) => reject(new Error(`kassa worker exited (${code})\n${output}`)));
  });
}

async function until(check: () => boolean, timeoutMs: number) {
  const end = performance.now() + timeoutMs;
  while (!check() && performance.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  return check();
}

export async function runWebhooksBench() {
  const db = await postgresDatabase(process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL);
  const receiver = await startBenchReceiver();
  const runtime = await openRuntime(loadConfig({ ...db.env, KASSA_WEBHOOKS_ALLOW_PRIVATE: 'true' }));
  let worker: Awaited<ReturnType<typeof startWorker>> | null = null;
  const unregister = onInterrupt(async () => {
    await worker?.stop();
    await runtime.close();
    await receiver.close();
    await db.dispose();
  });
  try {
    const org = await createOrganization(runtime.services, {
      slug: 'bench-hooks',
      name: 'Bench',
      country: 'DK',
      currency: 'DKK',
    });
    if (!org.ok) throw new Error(org.failure.detail);
    const ctx: UseCaseContext = { ...runtime.services, actor: commandLineActor(org.value) };
    const endpointIds: string[] = [];
    for (let i = 0; i < ENDPOINTS; i++) {
      const created = await createEndpoint(ctx, { url: receiver.url, event_types: ['account.created'] });
      if (!created.ok) throw new Error(created.failure.detail);
      receiver.trust(created.value.secret);
      endpointIds.push(created.value.uuid);
    }
    let n = 0;
    const change = async () => {
      const created = await createAccount(ctx, { code: `B${n++}`, name: 'Bench', email: 'b@example.com' });
      if (!created.ok) throw new Error(created.failure.detail);
      return created.value.uuid;
    };

    // Sustained deliveries: a backlog of CHANGES changes × ENDPOINTS endpoints, made with the worker off.
    for (let i = 0; i < CHANGES; i += 20)
      await Promise.all(Array.from({ length: Math.min(20, CHANGES - i) }, change));
    const expected = CHANGES * ENDPOINTS;
    worker = await startWorker(db.env);
    // From the moment the worker is up (its start-up, migrations and queue included, is not delivery).
    const started = performance.now();
    const drained = await until(() => receiver.received >= expected, 300_000);
    const drainSeconds = (performance.now() - started) / 1000;
    const perSecond = receiver.received / drainSeconds;

    // Commit to delivery at a steady rate, to one endpoint.
    for (const id of endpointIds.slice(1))
      await runtime.services.db
        .updateTable('webhook_endpoints')
        .set({ enabled: false })
        .where('id', '=', id)
        .execute();
    receiver.reset();
    const committed = new Map<string, number>();
    const total = RATE * SECONDS;
    const pace = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = pace + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(change().then((uuid) => void committed.set(uuid, performance.now())));
    }
    await Promise.all(inFlight);
    const achievedRate = total / ((performance.now() - pace) / 1000);
    await until(() => receiver.byObject.size >= total, 60_000);
    const latencies = [...committed].flatMap(([uuid, at]) => {
      const arrived = receiver.byObject.get(uuid);
      return arrived === undefined ? [] : [Math.max(0, arrived - at)];
    });
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);

    // Baseline: the same receiver hit directly by one client with a signed body of the same size.
    const body = JSON.stringify({
      type: 'account.created',
      timestamp: new Date().toISOString(),
      data: { uuid: 'x' },
    });
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    receiver.trust(secret);
    const base = await directClient(receiver.url, body, signatureHeaders('msg_bench', body, [secret]), 3000);

    const throughputLine =
      `postgres deliveries, ${ENDPOINTS} endpoints × ${CHANGES} changes  ${Math.round(perSecond).toString().padStart(6)} deliveries/s` +
      ` | baseline one client ${Math.round(base.perSecond)} req/s | ratio ${(perSecond / base.perSecond).toFixed(2)}` +
      ` | target ≥ 1,000/s: ${drained && perSecond >= 1000 ? 'met' : 'MISSED'}${drained ? '' : ` (only ${receiver.received} of ${expected})`}`;
    const latencyLine =
      `postgres commit→delivery at ${Math.round(achievedRate)} changes/s  p50 ${p50.toFixed(0)} ms  p99 ${p99.toFixed(0)} ms` +
      ` | baseline one client p50 ${percentile(base.latencies, 50).toFixed(1)} ms p99 ${percentile(base.latencies, 99).toFixed(1)} ms` +
      ` | delivered ${latencies.length}/${total} | target p99 < 2 s: ${latencies.length === total && p99 < 2000 ? 'met' : 'MISSED'}`;
    console.log(throughputLine);
    console.log(latencyLine);
    return {
      database: 'postgres',
      endpoints: ENDPOINTS,
      changes: CHANGES,
      deliveriesPerSecond: Math.round(perSecond),
      drained,
      refusedSignatures: receiver.refused,
      commitToDelivery: {
        rate: Math.round(achievedRate),
        p50Ms: Math.round(p50),
        p99Ms: Math.round(p99),
        delivered: latencies.length,
        of: total,
      },
      baseline: {
        requestsPerSecond: Math.round(base.perSecond),
        p50Ms: percentile(base.latencies, 50),
        p99Ms: percentile(base.latencies, 99),
      },
    };
  } finally {
    unregister();
    await worker?.stop();
    await runtime.close();
    await receiver.close();
    await db.dispose();
  }
}
