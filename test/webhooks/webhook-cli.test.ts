import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';

const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli.ts');
const embedded = process.env.KASSA_TEST_DB !== 'postgres';
const dataDir = mkdtempSync(join(tmpdir(), 'kassa-webhook-cli-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  KASSA_DATA_DIR: dataDir,
  DATABASE_URL: embedded ? '' : process.env.TEST_DATABASE_URL,
  LOG_LEVEL: 'warn',
  KASSA_WEBHOOKS_ALLOW_PRIVATE: 'false',
};
const slug = `wh-${Date.now().toString(36)}`;

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function kassa(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('kassa webhooks', () => {
  it('creates, lists, replays and deletes endpoints; bad input is said plainly', {
    timeout: 600_000,
  }, async () => {
    expect(kassa('org', 'create', slug, '--name', 'Hooks', '--country', 'SE', '--currency', 'SEK').code).toBe(
      0,
    );
    const created = kassa(
      'webhooks',
      'create',
      'https://example.com/kassa',
      '--org',
      slug,
      '--types',
      'account.created,invoice.issued',
    );
    expect(created.code, created.stderr).toBe(0);
    const lines = created.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^whsec_/);
    const id = /endpoint ([0-9a-f-]{36})/.exec(lines[0]!)![1]!;

    const refused = kassa('webhooks', 'create', 'http://127.0.0.1/x', '--org', slug);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('https');
    const unknownType = kassa(
      'webhooks',
      'create',
      'https://example.com/y',
      '--org',
      slug,
      '--types',
      'no.such',
    );
    expect(unknownType.code).toBe(1);
    expect(unknownType.stderr).toContain('event_types.0');

    const list = kassa('webhooks', 'list', '--org', slug);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toContain('account.created,invoice.issued');
    expect(list.stdout).not.toContain(lines.at(-1)!.slice(6));

    // The organization's creation is an event, but not one this endpoint wants; an account is.
    const replay = kassa(
      'webhooks',
      'replay',
      id,
      '--org',
      slug,
      '--from',
      '2000-01-01T00:00:00Z',
      '--to',
      '2100-01-01T00:00:00Z',
    );
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toContain(`Queued 0 event(s) for ${id}`);

    expect(kassa('webhooks', 'delete', id, '--org', slug).code).toBe(0);
    const again = kassa('webhooks', 'delete', id, '--org', slug);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`no webhook endpoint ${id}`);
    expect(kassa('webhooks', 'list', '--org', slug).stdout).toContain('No webhook endpoints.');

    const handle = await openDatabase({ url: env.DATABASE_URL || undefined, dataDir });
    try {
      const row = await handle.db
        .selectFrom('webhook_endpoints')
        .select('deleted_at')
        .where('id', '=', id)
        .executeTakeFirst();
      expect(row?.deleted_at).not.toBeNull();
    } finally {
      await handle.close();
    }
  });
});
