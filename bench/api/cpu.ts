import { readdirSync, readFileSync } from 'node:fs';

/** Seconds of CPU (user + system) used so far, from /proc (Linux; elsewhere everything stays 0). */
export interface CpuSnapshot {
  server: number;
  /** Per PostgreSQL process: backends come and go (a pool closes idle ones), so they are compared one by one. */
  postgres: Map<string, number>;
  bench: number;
  /** The whole machine, all cores. */
  busy: number;
}

const TICKS_PER_SECOND = 100;

export function processSeconds(pid: string): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function postgresSeconds(): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres')
        seconds.set(pid, processSeconds(pid));
    } catch {
      // The process ended meanwhile.
    }
  }
  return seconds;
}

function machineBusySeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = (
    readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  )
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (
    ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) /
    TICKS_PER_SECOND
  );
}

export function cpuSnapshot(serverPid: number): CpuSnapshot {
  try {
    const usage = process.cpuUsage();
    return {
      server: processSeconds(String(serverPid)),
      postgres: postgresSeconds(),
      bench: (usage.user + usage.system) / 1e6,
      busy: machineBusySeconds(),
    };
  } catch {
    return { server: 0, postgres: new Map(), bench: 0, busy: 0 };
  }
}

/** Where the CPU went during a run, per request; `elsewhere` is the share of the machine others used. */
export interface CpuUse {
  serverUsPerRequest: number;
  postgresUsPerRequest: number;
  benchUsPerRequest: number;
  /** 0..1 of all cores: CPU used by processes other than the server, PostgreSQL and the bench. */
  elsewhere: number;
}

export function cpuUse(
  before: CpuSnapshot,
  after: CpuSnapshot,
  requests: number,
  seconds: number,
  cores: number,
): CpuUse {
  let postgres = 0;
  for (const [pid, total] of after.postgres) postgres += total - (before.postgres.get(pid) ?? 0);
  const server = after.server - before.server;
  const bench = after.bench - before.bench;
  const elsewhere = Math.max(0, after.busy - before.busy - server - postgres - bench) / (seconds * cores);
  const perRequest = (used: number) => (requests > 0 ? Math.round((used * 1e6) / requests) : 0);
  return {
    serverUsPerRequest: perRequest(server),
    postgresUsPerRequest: perRequest(postgres),
    benchUsPerRequest: perRequest(bench),
    elsewhere: Math.round(elsewhere * 100) / 100,
  };
}
