import { readdirSync, readFileSync } from 'node:fs';
import { processSeconds } from '../api/cpu.ts';

/** The children of each process, from /proc (Linux; elsewhere none). */
function childrenByParent(): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '';
      children.set(parent, [...(children.get(parent) ?? []), pid]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return children;
}

/**
 * Seconds of CPU used so far by the Chromium this process started (every process of it) and by the
 * kassa server: what a step costs whatever else the machine's cores are busy with.
 */
export function cpuSeconds(serverPid: number): { browser: number; server: number } {
  try {
    const children = childrenByParent();
    let browser = 0;
    const walk = (pid: string) => {
      for (const child of children.get(pid) ?? []) {
        try {
          if (readFileSync(`/proc/${child}/comm`, 'utf8').startsWith('chrom'))
            browser += processSeconds(child);
        } catch {
          // The process ended meanwhile.
        }
        walk(child);
      }
    };
    walk(String(process.pid));
    return { browser, server: processSeconds(String(serverPid)) };
  } catch {
    return { browser: 0, server: 0 };
  }
}
