import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli.ts');
const embedded = process.env.KASSA_TEST_DB !== 'postgres';
const dataDir = mkdtempSync(join(tmpdir(), 'kassa-export-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  KASSA_DATA_DIR: dataDir,
  DATABASE_URL: embedded ? '' : process.env.TEST_DATABASE_URL,
  LOG_LEVEL: 'warn',
};
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function kassa(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('kassa export', () => {
  it('writes a resource to stdout and the next cursor to stderr; from that cursor, only what changed since', () => {
    expect(kassa('seed', 'demo').code).toBe(0);
    const full = kassa('export', 'accounts', '--org', 'demo');
    expect(full.code, full.stderr).toBe(0);
    const lines = full.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const cursor = /next cursor: (\S+)/.exec(full.stderr)?.[1];
    expect(lines.at(-1)).toEqual({ _cursor: cursor });
    expect(lines.filter((l) => l._op === 'upsert').length).toBeGreaterThan(0);

    const again = kassa('export', 'accounts', '--org', 'demo', '--since', cursor!, '--format', 'csv');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.split('\r\n')[0]).toMatch(/^_op,id,code,name,/);
    // Nothing changed since the first export: the header alone.
    expect(again.stdout.trim().split('\r\n')).toHaveLength(1);

    const bad = kassa('export', 'contracts', '--org', 'demo');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('No export contracts');
    const badCursor = kassa('export', 'usage', '--org', 'demo', '--since', 'nonsense');
    expect(badCursor.code).toBe(1);
    expect(badCursor.stderr).toContain('updated_since: not a cursor');
  }, 300_000);
});
