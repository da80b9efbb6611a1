#!/usr/bin/env node
// Runs src/cli.ts on Node 24 even when the `node` on the PATH is older: the npm `node` package
// brings Node 24 into node_modules, and Node 24 runs TypeScript directly (type stripping).
import { spawnSync } from 'node:child_process';
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
const result = spawnSync(nodeBinary, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
