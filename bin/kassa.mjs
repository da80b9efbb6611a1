#!/usr/bin/env node
// Runs src/cli.ts on Node 24 even when the `node` on the PATH is older: the npm `node` package
// brings Node 24 into node_modules, and Node 24 runs TypeScript directly (type stripping).
// The wrapper stays in between, so it passes SIGINT, SIGTERM and SIGHUP on to the child (a `kill` of
// `npx kassa serve` stops the server, not only the wrapper) and ends as the child ended.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
const cli = join(root, 'src', 'cli.ts');
const local = join(root, 'node_modules', 'node', 'bin', 'node');
const nodeBinary = major >= 24 ? process.execPath : existsSync(local) ? local : null;
if (!nodeBinary) {
  console.error('kassa needs Node 24 or later; run `npm install` to bring it in.');
  process.exit(1);
}
const child = spawn(nodeBinary, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of SIGNALS) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`kassa: cannot start ${nodeBinary}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    // Ended by a signal: end the same way, so the caller sees what the child saw.
    for (const name of SIGNALS) process.removeAllListeners(name);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
