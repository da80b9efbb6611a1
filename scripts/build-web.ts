/**
 * Builds the admin app into web/dist with Vite. `--if-stale` (npm start's prestart) builds only when
 * web/dist is missing or older than any source of the app, so a fresh clone's `npm start` builds it
 * once and later starts cost nothing.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const WEB = resolve(import.meta.dirname, '../web');
const BUILT = join(WEB, 'dist', 'index.html');
const SOURCES = ['src', 'public', 'index.html', 'self-service.html', 'vite.config.ts'].map((name) =>
  join(WEB, name),
);

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

export function webBuildIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const lock = resolve(WEB, '../package-lock.json');
  return Math.max(...SOURCES.map(newest), newest(lock)) > statSync(BUILT).mtimeMs;
}

export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
}

if (import.meta.main) {
  if (process.argv.includes('--if-stale') && !webBuildIsStale()) process.exit(0);
  const started = Date.now();
  process.stdout.write('Building the web app (web/dist)…\n');
  await buildWeb();
  process.stdout.write(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
