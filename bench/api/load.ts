import autocannon, { type Request } from 'autocannon';

export interface LoadSettings {
  /** Seconds measured. */
  seconds: number;
  /** Seconds of load before measuring, thrown away (JIT, pools, caches). */
  warmupSeconds: number;
}

export interface LoadFigure {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** Loads `url` with `requests` on `connections` connections: a warm-up, then the measured run. */
export async function measureLoad(
  url: string,
  connections: number,
  requests: Request[],
  settings: LoadSettings,
): Promise<LoadFigure> {
  if (settings.warmupSeconds > 0)
    await autocannon({ url, connections, duration: settings.warmupSeconds, requests });
  const result = await autocannon({ url, connections, duration: settings.seconds, requests });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
