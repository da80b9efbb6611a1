import { availableParallelism } from 'node:os';
import autocannon, { type Request } from 'autocannon';
import { type CpuUse, cpuSnapshot, cpuUse } from './cpu.ts';

export interface LoadSettings {
  /** Seconds measured. */
  seconds: number;
  /** Seconds of load before measuring, thrown away (JIT, pools, caches). */
  warmupSeconds: number;
}

/** The server under load: where to send requests, and its process (for its CPU use). */
export interface Target {
  url: string;
  pid: number;
}

export interface LoadFigure {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  cpu: CpuUse;
}

/** Loads the target with `requests` on `connections` connections: a warm-up, then the measured run. */
export async function measureLoad(
  target: Target,
  connections: number,
  requests: Request[],
  settings: LoadSettings,
): Promise<LoadFigure> {
  const { url } = target;
  if (settings.warmupSeconds > 0)
    await autocannon({ url, connections, duration: settings.warmupSeconds, requests });
  const before = cpuSnapshot(target.pid);
  const result = await autocannon({ url, connections, duration: settings.seconds, requests });
  const cpu = cpuUse(
    before,
    cpuSnapshot(target.pid),
    result.requests.total,
    result.duration,
    availableParallelism(),
  );
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    cpu,
  };
}
