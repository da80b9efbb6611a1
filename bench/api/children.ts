import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: children run `node src/cli.ts ...` from here. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const live = new Set<ChildProcess>();
// Whatever happens to the bench process, no child it started outlives it.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Runs `node <args>` to its end and answers its stdout; fails on a non-zero exit or after `timeoutMs`. */
export function runNode(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    track(
      execFile(process.execPath, args, { cwd: ROOT, env, timeout: timeoutMs }, (error, stdout, stderr) => {
        if (error) reject(new Error(`node ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        else resolve(stdout);
      }),
    );
  });
}

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  pid: number;
  /** SIGTERM, then SIGKILL if it has not exited after 10 s. */
  stop(): Promise<void>;
}

const SERVING = /serving on http:\/\/[^\s:]+:(\d+)/;

/**
 * Starts `node <args>` and waits until it prints `serving on http://<host>:<port>`. Its output is
 * drained (so it never blocks on a full pipe) and its tail shown if it fails to start.
 */
export function startServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const child = track(spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stderr?.on('data', keep);

  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop();
      reject(new Error(`node ${args.join(' ')} ${why}\n${output}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs / 1000} s`), timeoutMs);
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before serving`));
    child.stdout?.on('data', (chunk: Buffer) => {
      keep(chunk);
      const port = SERVING.exec(output)?.[1];
      if (settled || !port || child.pid === undefined) return;
      settled = true;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${port}`, pid: child.pid, stop });
    });
  });
}
