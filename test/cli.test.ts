import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/clock.ts';
import { openDatabase } from '../src/db/database.ts';
import { authenticateToken } from '../src/tenancy/authenticate-token.ts';
import { issueAccessToken } from '../src/tenancy/issue-access-token.ts';
import { signIn } from '../src/users/sign-in.ts';

const CLI = join(import.meta.dirname, '..', 'src', 'cli.ts');
const embedded = process.env.KASSA_TEST_DB !== 'postgres';
const dataDir = mkdtempSync(join(tmpdir(), 'kassa-cli-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  KASSA_DATA_DIR: dataDir,
  DATABASE_URL: embedded ? '' : process.env.TEST_DATABASE_URL,
  LOG_LEVEL: 'warn',
};

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function kassa(...args: string[]) {
  return kassaWithInput(undefined, ...args);
}

function kassaWithInput(input: string | undefined, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
    ...(input === undefined ? {} : { input }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function withDatabase<T>(
  work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase({ url: env.DATABASE_URL || undefined, dataDir });
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

/** Starts `kassa serve` and waits until it prints where it serves. */
function startServer(
  extraEnv: NodeJS.ProcessEnv = {},
  entry = CLI,
): Promise<{ child: ChildProcess; output: string; base: string }> {
  const child = spawn(process.execPath, [entry, 'serve', '--demo', '--port', '0', '--host', '127.0.0.1'], {
    env: { ...env, ...extraEnv },
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stderr?.on('data', (d) => {
      output += d;
    });
    child.stdout?.on('data', (d) => {
      output += d;
      const match = /serving on (http:\/\/localhost:\d+)/.exec(output);
      if (match && output.includes('OpenAPI:')) {
        clearTimeout(timer);
        resolve({ child, output, base: match[1] as string });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/** Steps 2 and 4 of seed 000 as the seed sends them, with plan terms made through the catalog API. */
async function seedSteps2And4(base: string, token: string, accountCode: string) {
  const send = async (path: string, payload: object) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Token ${token}`,
        'x-client-system': 'YourApp',
        'content-type': 'application/json',
      },
      body: JSON.stringify(payload),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const plan = await send('/api/v1/plans/', { code: `P${Date.now()}`, name: 'Pro' });
  const terms = await send('/api/v1/plan-terms/', {
    plan: plan.body.uuid,
    price: '100.00',
    currency: 'DKK',
    interval: 'month',
    interval_count: 1,
  });
  expect(terms.status).toBe(201);
  const contract = await send(`/api/v1/accounts/${accountCode}/contracts/`, {
    plan_terms: terms.body.uuid,
    start_date: '2025-01-01',
    end_date: '2025-12-31',
  });
  expect(contract.status).toBe(201);
  expect(contract.body).toMatchObject({
    plan_terms: terms.body.uuid,
    start_date: '2025-01-01',
    end_date: '2025-12-31',
  });
  const tier = await send(`/api/v1/accounts/${accountCode}/contracts/${contract.body.uuid}/tiers/`, {
    minimum_quantity: 10,
    discount: '15.00',
    discount_type: 'percentage',
  });
  expect(tier.status).toBe(201);
  const subscription = await send('/api/v1/subscriptions/', {
    account: accountCode,
    terms: terms.body.uuid,
    quantity: 5,
    collection_method: 'card',
    start_date: '2025-01-01',
  });
  expect(subscription.status).toBe(201);
  expect(subscription.body).toMatchObject({
    account: accountCode,
    terms: terms.body.uuid,
    quantity: 5,
    collection_method: 'card',
    status: 'active',
    current_period_start: '2025-01-01',
    current_period_end: '2025-02-01',
  });
}

// Every step is a process that loads kassa and opens the database: minutes, not seconds, on a busy machine.
describe('kassa CLI', { timeout: 180_000 }, () => {
  it.each([
    [],
    ['serve'],
    ['migrate'],
    ['org', 'create'],
    ['token', 'create'],
    ['token', 'revoke'],
    ['seed', 'demo'],
    ['user', 'create'],
    ['org', 'list'],
    ['token', 'list'],
    ['bill'],
    ['import-payments'],
    ['import', 'orders'],
    ['worker'],
  ])('kassa %s --help explains itself, with examples', (...args) => {
    const res = kassa(...args, '--help');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Usage: kassa/);
    expect(res.stdout).toMatch(/Examples:\n {2}\$ (\S+=\S+ )*kassa /);
  });

  it('answers --help at once, naming every setting, and --version', () => {
    const started = performance.now();
    const help = kassa('--help');
    // Well under a second on a quiet machine; the bound leaves room for a busy one, while loading the
    // server, the database and the PDF renderer as before took several seconds even there.
    expect(performance.now() - started).toBeLessThan(3000);
    for (const setting of [
      'DATABASE_URL',
      'KASSA_DATA_DIR',
      'PORT',
      'HOST',
      'PUBLIC_URL',
      'TRUST_PROXY',
      'KASSA_RATE_LIMIT',
      'KASSA_NOW',
      'LOG_LEVEL',
      'SMTP_URL',
      'MAIL_FROM',
      'KASSA_OUTBOX_DIR',
      'STRIPE_API_KEY',
      'QUICKPAY_API_KEY',
      'KASSA_WEBHOOKS_ALLOW_PRIVATE',
    ])
      expect(help.stdout).toContain(setting);
    const version = kassa('--version');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses an impossible --date as an invalid date, without a stack trace', () => {
    for (const date of ['2026-02-30', '2026-13-01', '31-01-2026']) {
      const res = kassa('bill', '--date', date);
      expect(res.code, date).toBe(1);
      expect(res.stderr).toContain(`'${date}' is invalid. not a valid date`);
      expect(res.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('lists organizations and tokens, as text and as JSON for scripts; bill says when nothing was billed', () => {
    const slug = `list-${Date.now().toString(36)}`;
    const org = kassa(
      'org',
      'create',
      slug,
      '--name',
      'Liste ApS',
      '--country',
      'DK',
      '--currency',
      'DKK',
      '--json',
    );
    expect(org.code, org.stderr).toBe(0);
    expect(JSON.parse(org.stdout)).toMatchObject({ slug, country: 'DK', currency: 'DKK' });
    const orgs = JSON.parse(kassa('org', 'list', '--json').stdout) as { slug: string }[];
    expect(orgs.map((o) => o.slug)).toContain(slug);
    expect(kassa('org', 'list').stdout).toMatch(
      new RegExp(`${slug}\\s+DK DKK Europe/Copenhagen\\s+Liste ApS`),
    );
    const created = JSON.parse(
      kassa('token', 'create', '--org', slug, '--scope', 'read', '--name', 'BI', '--json').stdout,
    );
    expect(created.token).toMatch(/^ks_/);
    const listed = kassa('token', 'list', '--org', slug, '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const tokens = JSON.parse(listed.stdout) as { id: string; name: string; scope: string }[];
    expect(tokens).toEqual([expect.objectContaining({ id: created.id, name: 'BI', scope: 'read' })]);
    expect(listed.stdout).not.toContain(created.token);
    expect(kassa('token', 'list', '--org', slug).stdout).toContain(`${created.id}  read`);
    const bill = kassa('bill', '--org', slug);
    expect(bill.code, bill.stderr).toBe(0);
    expect(bill.stdout).toContain(`${slug}: `);
    expect(bill.stdout).toContain('nothing to bill');
    // Not a terminal: no progress bar redrawn with \r into a file or a pipe.
    expect(bill.stderr).not.toContain('\r');
    const json = JSON.parse(kassa('bill', '--org', slug, '--json').stdout);
    expect(json).toEqual([expect.objectContaining({ organization: slug, lines: 0, drafts: 0, totals: [] })]);
  }, 180_000);

  it('migrates, creates an organization and a token that works, and revokes it', async () => {
    expect(kassa('migrate').code).toBe(0);
    expect(kassa('migrate').stdout).toContain('up to date');
    const slug = `cli-${Date.now().toString(36)}`;
    const org = kassa(
      'org',
      'create',
      slug,
      '--name',
      'Fjäll Gym AB',
      '--country',
      'SE',
      '--currency',
      'SEK',
    );
    expect(org.code, org.stderr).toBe(0);
    expect(org.stdout).toContain('Europe/Stockholm');
    const created = kassa('token', 'create', '--org', slug, '--scope', 'read');
    expect(created.code, created.stderr).toBe(0);
    const lines = created.stdout.trim().split('\n');
    const secret = lines.at(-1) as string;
    const id = /token ([0-9a-f-]{36})/.exec(lines[0] as string)?.[1] as string;
    expect(secret).toMatch(/^ks_[A-Za-z0-9_-]{43}$/);
    const auth = await withDatabase((h) => authenticateToken(h.db, secret, new Date()));
    expect(auth?.scope).toBe('read');
    expect(kassa('token', 'revoke', id).code).toBe(0);
    expect(await withDatabase((h) => authenticateToken(h.db, secret, new Date()))).toBeNull();
    // --oauth: an OAuth client, whose id and secret buy access tokens of its scope.
    const client = kassa(
      'token',
      'create',
      '--org',
      slug,
      '--scope',
      'full',
      '--name',
      'Billwerk',
      '--oauth',
    );
    expect(client.code, client.stderr).toBe(0);
    const clientLines = client.stdout.trim().split('\n');
    const clientSecret = clientLines.at(-1) as string;
    const clientId = clientLines[1] as string;
    expect(clientSecret).toMatch(/^kc_[A-Za-z0-9_-]{43}$/);
    expect(await withDatabase((h) => authenticateToken(h.db, clientSecret, new Date()))).toBeNull();
    const issued = await withDatabase((h) =>
      issueAccessToken({ db: h.db, clock: systemClock }, { clientId, clientSecret }),
    );
    if (!issued.ok) throw new Error(issued.failure.detail);
    const viaClient = await withDatabase((h) =>
      authenticateToken(h.db, issued.value.accessToken, new Date()),
    );
    expect(viaClient).toMatchObject({ tokenId: clientId, scope: 'full' });
    const clients = kassa('token', 'list', '--org', slug, '--oauth');
    expect(clients.stdout).toContain(`${clientId}  full`);
    expect(kassa('token', 'list', '--org', slug).stdout).not.toContain(clientId);
    expect(kassa('token', 'revoke', clientId).code).toBe(0);
    expect(
      await withDatabase((h) => authenticateToken(h.db, issued.value.accessToken, new Date())),
    ).toBeNull();
    // Six processes, each opening the embedded database: slow on a busy machine.
  }, 180_000);

  it('says what is wrong and exits 1', () => {
    const badCountry = kassa(
      'org',
      'create',
      `bad-${Date.now().toString(36)}`,
      '--name',
      'X',
      '--country',
      'XX',
      '--currency',
      'DKK',
    );
    expect(badCountry.code).toBe(1);
    expect(badCountry.stderr).toContain('country: XX is not an ISO 3166-1 code');
    const noOrg = kassa('token', 'create', '--org', 'no-such-org', '--scope', 'full');
    expect(noOrg.code).toBe(1);
    expect(noOrg.stderr).toContain('No organization with slug no-such-org');
    const badScope = kassa('token', 'create', '--org', 'x', '--scope', 'root');
    expect(badScope.code).not.toBe(0);
    expect(badScope.stderr).toContain('Allowed choices are full, read, partner, import');
    const missing = kassa('token', 'revoke', '00000000-0000-4000-8000-000000000000');
    expect(missing.code).toBe(1);
    const noMonth = kassa(
      'export-einvoices',
      '--org',
      'no-such-org',
      '--month',
      '2025-01',
      '--dir',
      '/tmp/x',
    );
    expect(noMonth.code).toBe(1);
    expect(noMonth.stderr).toContain('No organization with slug no-such-org');
    for (const command of [['import-payments'], ['import', 'orders']]) {
      const noFile = kassa(...command, '/nonexistent/file.csv', '--org', 'x');
      expect(noFile.code).toBe(1);
      expect(noFile.stderr).toContain('cannot read /nonexistent/file.csv: ENOENT');
    }
    // Seven processes: slow on a busy machine.
  }, 180_000);

  it('adds people who can sign in: a generated password printed once, or one read from stdin', async () => {
    const slug = `people-${Date.now().toString(36)}`;
    expect(
      kassa('org', 'create', slug, '--name', 'People A/S', '--country', 'DK', '--currency', 'DKK').code,
    ).toBe(0);
    const email = `${slug}@example.com`;
    const made = kassa('user', 'create', '--org', slug, '--email', email, '--role', 'owner', '--name', 'Ann');
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(`${email} (`);
    expect(made.stdout).toContain(`as owner of ${slug}`);
    const generated = made.stdout.trim().split('\n').at(-1) as string;
    expect(generated).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const viewer = kassaWithInput(
      'chosen password 123\n',
      ...['user', 'create', '--org', slug, '--email', `v-${email}`, '--role', 'viewer', '--language', 'sv'],
      '--password-stdin',
    );
    expect(viewer.code, viewer.stderr).toBe(0);
    expect(viewer.stdout).not.toContain('chosen password');
    const signed = await withDatabase(async (h) => {
      const services = { db: h.db, clock: systemClock };
      return [
        await signIn(services, { email, password: generated }),
        await signIn(services, { email: `v-${email}`, password: 'chosen password 123' }),
        await signIn(services, { email, password: 'chosen password 123' }),
      ].map((r) => r.ok);
    });
    expect(signed).toEqual([true, true, false]);
    const again = kassa('user', 'create', '--org', slug, '--email', email, '--role', 'member');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is a member already');
    const badRole = kassa('user', 'create', '--org', slug, '--email', email, '--role', 'admin');
    expect(badRole.stderr).toContain('Allowed choices are owner, member, viewer');
    const weak = kassaWithInput(
      'short',
      'user',
      'create',
      '--org',
      slug,
      '--email',
      'w@example.com',
      '--role',
      'viewer',
      '--password-stdin',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('password: 10 to 200 characters');
  }, 180_000);

  it('refuses a file that is not CSV or NDJSON at line 1 with exit 2, and reports each hostile row', () => {
    const slug = `imp-${Date.now().toString(36)}`;
    expect(
      kassa('org', 'create', slug, '--name', 'Import AB', '--country', 'SE', '--currency', 'SEK').code,
    ).toBe(0);
    const binary = join(dataDir, 'orders.csv');
    writeFileSync(
      binary,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
    );
    const refused = kassa('import', 'orders', binary, '--org', slug);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('line 1: refused: not a CSV or NDJSON file');
    expect(refused.stderr).not.toContain('    at ');
    const hostile = join(dataDir, 'orders.ndjson');
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    writeFileSync(
      hostile,
      [
        JSON.stringify({ externalSystemId: 'A\u0000B', planTerms: 'X' }),
        `{"externalSystemId":"\\ud800","planTerms":"X"}`,
        `{"externalSystemId":"D","planTerms":${deep}}`,
        'not json at all',
      ].join('\n'),
    );
    const rows = kassa('import', 'orders', hostile, '--org', slug);
    expect(rows.code, rows.stderr).toBe(2);
    expect(rows.stderr).not.toContain('    at ');
    expect(rows.stdout).toContain('line 1: refused: externalSystemId holds a NUL character');
    expect(rows.stdout).toContain('line 2: refused: externalSystemId holds a lone UTF-16 surrogate');
    expect(rows.stdout).toContain('line 3 (D): refused: planTerms');
    expect(rows.stdout).toContain('line 4: refused: not a JSON object');
    expect(rows.stdout).toContain('4 row(s): 0 created, 0 updated, 0 unchanged, 4 refused');
  });

  it('bin/kassa.mjs passes SIGTERM and SIGHUP on to the Node 24 child and exits as it did', async () => {
    const WRAPPER = join(import.meta.dirname, '..', 'bin', 'kassa.mjs');
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
      const { child } = await startServer({}, WRAPPER);
      const listed = spawnSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' });
      const inner = Number(listed.stdout.trim().split('\n')[0]);
      expect(inner).toBeGreaterThan(0);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill(signal);
      expect(await exited).toBe(0);
      // The server itself has ended too (its graceful shutdown exits 0), not only the wrapper.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(() => process.kill(inner, 0)).toThrow();
    }
  });

  it('seeds the demo organization once', () => {
    const first = kassa('seed', 'demo');
    expect(first.code, first.stderr).toBe(0);
    const second = kassa('seed', 'demo');
    expect(second.stdout).toContain('already there');
    expect(second.stdout.trim().split('\n').at(-1)).toMatch(/^ks_/);
  });

  it('serves seed 000 steps 1, 2 and 4 with the printed demo token, on the KASSA_NOW clock, and shuts down gracefully', async () => {
    const { child, output, base } = await startServer({ KASSA_NOW: '2025-01-01T09:00:00Z' });
    try {
      const token = /Demo API token \(scope full\): (\S+)/.exec(output)?.[1];
      expect(token).toBeTruthy();
      const res = await fetch(`${base}/api/v1/accounts/`, {
        method: 'POST',
        headers: {
          authorization: `Token ${token}`,
          'x-client-system': 'YourApp',
          'x-user': 'admin@yourapp.com',
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          code: `CUST${Date.now()}`,
          name: 'Acme Corporation',
          email: 'billing@acme.com',
          type: 'company',
          legal_address: '123 Main Street',
          legal_zipcode: '12345',
          legal_city: 'Copenhagen',
          legal_country: 'DK',
        }),
      });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { created_date: string; type: string };
      expect(body.type).toBe('company');
      expect(body.created_date.startsWith('2025-01-01T09:0')).toBe(true);
      await seedSteps2And4(base, token as string, (body as unknown as { code: string }).code);
      // Without PUBLIC_URL, a self-service link names the port the server listens on (here a free one).
      const email = `port-${Date.now()}@acme.example`;
      const headers = {
        authorization: `Token ${token}`,
        'x-client-system': 'YourApp',
        'content-type': 'application/json',
      };
      const customer = await fetch(`${base}/api/v1/accounts/`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ code: `PORT${Date.now()}`, name: 'Port ApS', email, type: 'company' }),
      });
      expect(customer.status).toBe(201);
      const link = await fetch(`${base}/api/self-service/initiate-organization/`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email }),
      });
      expect(link.status).toBe(200);
      const { url } = (await link.json()) as { url: string };
      expect(url.startsWith(`${base}/self-service/login?token=`)).toBe(true);
      expect(base).not.toBe('http://localhost:3000');
      const [, demoEmail, demoPassword] = /Demo sign-in: (\S+) \/ (\S+)/.exec(output) ?? [];
      const session = await fetch(`${base}/api/v1/session/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: demoEmail, password: demoPassword }),
      });
      expect(session.status).toBe(200);
      expect(((await session.json()) as { role: string }).role).toBe('owner');
      const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const accounts = await fetch(`${base}/api/v1/accounts/`, { headers: { cookie } });
      expect(accounts.status).toBe(200);
      if (embedded) {
        const busy = kassa('migrate');
        expect(busy.code).toBe(1);
        expect(busy.stderr).toContain('is in use by another kassa process');
      }
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    if (embedded) expect(kassa('migrate').code).toBe(0);
  });
});
