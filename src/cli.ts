import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { EINVOICE_FORMAT_NAMES } from './einvoices/einvoice-fields.ts';
import type { EInvoiceFormat } from './einvoices/einvoice-formats.ts';
import { EXPORT_RESOURCE_NAMES, type ExportResourceName } from './exports/export-resources.ts';
import type { Runtime } from './runtime.ts';
import { TOKEN_SCOPES, type TokenScope } from './tenancy/token-secret.ts';
import { userCreateCommand } from './users/user-command.ts';
import { registerWebhookCommands } from './webhooks/cli-commands.ts';

// Every command loads what it needs when it runs (`await import`), so that `kassa --help` and
// `kassa --version` answer at once instead of loading the server, the database and the PDF renderer.

class CliFailure extends Error {}

/**
 * A one-line progress bar on stderr (stdout keeps the summary clean for scripts); only on a terminal:
 * into a file or a pipe, `\r` redraws would only pile up.
 */
function progressBar(label: string, done: number, total: number) {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(share * width);
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
}

/** A file named on the command line; a missing or unreadable one is said plainly, not as a stack trace. */
function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliFailure(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Opens the database for one command, runs it, closes it; expected failures print and exit 1. */
async function withRuntime(work: (runtime: Runtime) => Promise<void>) {
  const [{ openRuntime }, { loadConfig }] = await Promise.all([
    import('./runtime.ts'),
    import('./config.ts'),
  ]);
  const runtime = await openRuntime(loadConfig());
  try {
    await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** A calendar date that exists: `2026-02-30` and `2026-13-01` are refused as such, never a stack trace. */
function calendarDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [year, month, day] = (match ?? []).slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    !match ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    throw new InvalidArgumentError('not a valid date: use YYYY-MM-DD, a day that exists');
  return value;
}

/** What a command prints for a script with --json: one JSON document on stdout. */
function printJson(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The job queue and every module's workers, for serve and worker. */
async function jobModules() {
  const [billing, invoices, queue, webhooks] = await Promise.all([
    import('./billing/billing-jobs.ts'),
    import('./invoices/invoice-jobs.ts'),
    import('./jobs/queue.ts'),
    import('./webhooks/webhook-jobs.ts'),
  ]);
  return { ...billing, ...invoices, ...queue, ...webhooks };
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('not a port number');
  return port;
}

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const ENVIRONMENT = `
Settings from the environment:
  DATABASE_URL         PostgreSQL (postgres://…); without it the embedded database in KASSA_DATA_DIR
  KASSA_DATA_DIR       the embedded database's folder (default ./data)
  PORT, HOST           where serve listens (default 3000 on 0.0.0.0)
  PUBLIC_URL           the address customers reach kassa at (download and self-service links)
  TRUST_PROXY          true: trust X-Forwarded-* from a proxy in front
  KASSA_RATE_LIMIT     requests a minute per token (default 60000; 0: no limit)
  KASSA_NOW            start the clock at an instant, e.g. 2025-01-01T09:00:00Z (demos, tests)
  LOG_LEVEL            fatal, error, warn, info (default), debug
  SMTP_URL, MAIL_FROM  outgoing e-mail (without SMTP_URL, mail goes to KASSA_OUTBOX_DIR as .eml)
  KASSA_OUTBOX_DIR     the outbox folder (default KASSA_DATA_DIR/outbox)
  STRIPE_API_KEY, STRIPE_BASE_URL, QUICKPAY_API_KEY, QUICKPAY_BASE_URL
                       the card gateways
  KASSA_WEBHOOKS_ALLOW_PRIVATE
                       true: webhooks may go to http and private addresses (development)
`;

const program = new Command()
  .name('kassa')
  .description('kassa: subscription billing and orders.')
  .version(VERSION, '-V, --version', 'print the version')
  .addHelpText(
    'after',
    `${ENVIRONMENT}${examples('kassa serve --demo', 'kassa bill --date 2026-01-31', 'kassa token list --org demo --json')}`,
  )
  .showHelpAfterError();

program
  .command('serve')
  .description('Migrate the database and serve the HTTP API (default port 3000)')
  .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)', portNumber)
  .option('--host <host>', 'address to listen on (default: HOST or 0.0.0.0)')
  .option('--demo', 'create the demo organization if missing and print a demo API token')
  .addHelpText(
    'after',
    examples('kassa serve --demo', 'PORT=8080 DATABASE_URL=postgres://localhost/kassa kassa serve'),
  )
  .action(async (options: { port?: number; host?: string; demo?: boolean }) => {
    const [
      { loadConfig },
      { openRuntime },
      { seedDemo, demoTokenFile },
      { demoPasswordFile },
      queues,
      { buildServer },
    ] = await Promise.all([
      import('./config.ts'),
      import('./runtime.ts'),
      import('./tenancy/seed-demo.ts'),
      import('./users/demo-owner.ts'),
      jobModules(),
      import('./http/server.ts'),
    ]);
    const { startQueue, BILLING_QUEUES, INVOICE_QUEUES, WEBHOOK_QUEUES } = queues;
    const { startBillingWorkers, startInvoiceWorkers, startWebhookWorkers } = queues;
    const config = loadConfig();
    const runtime = await openRuntime(config);
    const port = options.port ?? config.port;
    const host = options.host ?? config.host;
    let demoLine = '';
    if (options.demo) {
      const seeded = await seedDemo(runtime.services, {
        tokenFile: config.databaseUrl ? undefined : demoTokenFile(config.dataDir),
        passwordFile: config.databaseUrl ? undefined : demoPasswordFile(config.dataDir),
      });
      demoLine = `Demo organization: ${seeded.organization.slug}${seeded.created ? ' (created)' : ''}\nDemo API token (scope full): ${seeded.token}\nDemo sign-in: ${seeded.signIn.email} / ${seeded.signIn.password}\n`;
    }
    // On the embedded database the server is the worker too; on PostgreSQL it only queues jobs for
    // `kassa worker` processes.
    // The embedded server is its own worker, and so keeps the daily schedule (cron) too.
    const queue = await startQueue(
      runtime.handle,
      [...BILLING_QUEUES, ...INVOICE_QUEUES, ...WEBHOOK_QUEUES],
      {
        schedule: !config.databaseUrl,
      },
    );
    const services = { ...runtime.services, queue };
    let stopWebhooks = async () => {};
    if (!config.databaseUrl) {
      await startBillingWorkers(services, queue, { daily: true });
      await startInvoiceWorkers(services, queue, { daily: true });
      stopWebhooks = await startWebhookWorkers(services, queue);
    }
    const app = await buildServer(services, {
      logger: { level: config.logLevel },
      rateLimitPerMinute: config.rateLimitPerMinute,
      trustProxy: config.trustProxy,
    });
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      app.log.info({ signal }, 'shutting down: finishing requests in flight');
      await app.close();
      await stopWebhooks();
      await queue.stop();
      await runtime.close();
      process.exit(0);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.on(signal, () => void stop(signal));
    await app.listen({ port, host });
    const address = app.server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    const base = `http://localhost:${actualPort}`;
    // Without PUBLIC_URL, links handed out (self-service, invoice downloads) name the port listened on.
    if (!config.publicUrl && services.integrations) services.integrations.publicUrl = base;
    const database = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded, in ${config.dataDir}`;
    process.stdout.write(
      `\nkassa is serving on ${base}\nDatabase: ${database}\n${demoLine}API:      ${base}/api/v1/\nDocs:     ${base}/api/docs\nOpenAPI:  ${base}/api/openapi.json\n\n`,
    );
  });

program
  .command('worker')
  .description(
    'Run jobs: billing runs cut into batches (several workers share one run), the daily billing run, invoice delivery, card charges, dunning and webhooks',
  )
  .addHelpText('after', examples('DATABASE_URL=postgres://localhost/kassa kassa worker'))
  .action(async () => {
    const [{ loadConfig }, { openRuntime }, queues] = await Promise.all([
      import('./config.ts'),
      import('./runtime.ts'),
      jobModules(),
    ]);
    const { startQueue, BILLING_QUEUES, INVOICE_QUEUES, WEBHOOK_QUEUES } = queues;
    const { startBillingWorkers, startInvoiceWorkers, startWebhookWorkers } = queues;
    const config = loadConfig();
    const runtime = await openRuntime(config);
    const queue = await startQueue(
      runtime.handle,
      [...BILLING_QUEUES, ...INVOICE_QUEUES, ...WEBHOOK_QUEUES],
      {
        schedule: true,
      },
    );
    await startBillingWorkers({ ...runtime.services, queue }, queue, { daily: true });
    await startInvoiceWorkers({ ...runtime.services, queue }, queue, { daily: true });
    const stopWebhooks = await startWebhookWorkers(runtime.services, queue);
    console.log('kassa worker is running; stop it with Ctrl-C or SIGTERM.');
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await stopWebhooks();
      await queue.stop();
      await runtime.close();
      process.exit(0);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop());
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .addHelpText('after', examples('kassa migrate'))
  .action(() =>
    withRuntime(async (runtime) => {
      const applied = runtime.appliedMigrations;
      console.log(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`);
    }),
  );

const org = program.command('org').description('Organizations (tenants)');
org
  .command('create')
  .description('Create an organization')
  .argument('<slug>', 'short name: lower-case letters, digits and dashes')
  .requiredOption('--name <name>', 'legal name')
  .requiredOption('--country <cc>', 'ISO 3166-1 country code, e.g. DK')
  .requiredOption('--currency <cur>', 'ISO 4217 currency code, e.g. DKK')
  .option('--timezone <tz>', 'IANA time zone (default: from the country)')
  .option('--json', 'print the organization as JSON')
  .addHelpText('after', examples('kassa org create nordlys --name "Nordlys ApS" --country DK --currency DKK'))
  .action(
    (
      slug: string,
      {
        json,
        ...options
      }: { name: string; country: string; currency: string; timezone?: string; json?: boolean },
    ) =>
      withRuntime(async ({ services }) => {
        const { createOrganization } = await import('./tenancy/create-organization.ts');
        const result = await createOrganization(services, { slug, ...options });
        if (!result.ok) throw new CliFailure(result.failure.detail);
        const o = result.value;
        if (json) return printJson(o);
        console.log(
          `Created organization ${o.slug} (${o.id}): ${o.name}, ${o.country}, ${o.currency}, ${o.timezone}`,
        );
      }),
  );

org
  .command('list')
  .description('List the organizations')
  .option('--json', 'print them as JSON')
  .addHelpText('after', examples('kassa org list', 'kassa org list --json'))
  .action((options: { json?: boolean }) =>
    withRuntime(async ({ services }) => {
      const { listOrganizations } = await import('./tenancy/organizations.ts');
      const organizations = await listOrganizations(services.db);
      if (options.json) return printJson(organizations);
      if (organizations.length === 0) console.log('No organizations yet: kassa org create SLUG …');
      for (const o of organizations)
        console.log(`${o.slug.padEnd(24)} ${o.country} ${o.currency} ${o.timezone.padEnd(20)} ${o.name}`);
    }),
  );

const token = program.command('token').description('API tokens and OAuth clients');
token
  .command('create')
  .description(
    'Create an API token (the token is printed once, alone on the last line), or with --oauth an OAuth client (its id, then its secret once, alone on the last line)',
  )
  .requiredOption('--org <slug>', 'the organization')
  .addOption(
    new Option('--scope <scope>', 'what the token may do').choices(TOKEN_SCOPES).makeOptionMandatory(),
  )
  .option('--name <name>', 'a label for the token')
  .option('--oauth', 'an OAuth client (client credentials grant at POST /oauth/token) instead of a token')
  .option('--json', 'print the token (its secret included) as JSON')
  .addHelpText(
    'after',
    examples(
      'kassa token create --org demo --scope read --name "BI export"',
      'kassa token create --org demo --scope full --name "Billwerk integration" --oauth',
    ),
  )
  .action((options: { org: string; scope: TokenScope; name?: string; oauth?: boolean; json?: boolean }) =>
    withRuntime(async ({ services }) => {
      const [{ findOrganizationBySlug }, { createApiToken }, { commandLineActor }] = await Promise.all([
        import('./tenancy/organizations.ts'),
        import('./tenancy/create-api-token.ts'),
        import('./context.ts'),
      ]);
      const organization = await findOrganizationBySlug(services.db, options.org);
      if (!organization) throw new CliFailure(`No organization with slug ${options.org}.`);
      const result = await createApiToken(services, commandLineActor(organization), {
        scope: options.scope,
        name: options.name,
        kind: options.oauth ? 'oauth_client' : 'token',
      });
      if (!result.ok) throw new CliFailure(result.failure.detail);
      if (options.oauth) {
        const { id, name, scope, token: secret, createdAt } = result.value;
        if (options.json) return printJson({ client_id: id, client_secret: secret, name, scope, createdAt });
        console.log(`Created OAuth client (scope ${scope}) for ${organization.slug}. Client id:`);
        console.log(id);
        console.log('Client secret, shown only now:');
        console.log(secret);
        return;
      }
      if (options.json) return printJson(result.value);
      console.log(
        `Created token ${result.value.id} (scope ${result.value.scope}) for ${organization.slug}. It is shown only now:`,
      );
      console.log(result.value.token);
    }),
  );
token
  .command('list')
  .description("List an organization's API tokens or OAuth clients (never their secrets)")
  .requiredOption('--org <slug>', 'the organization')
  .option('--revoked', 'list the revoked tokens instead of the live ones')
  .option('--oauth', 'list OAuth clients instead of tokens')
  .option('--json', 'print them as JSON')
  .addHelpText(
    'after',
    examples('kassa token list --org demo', 'kassa token list --org demo --revoked --json'),
  )
  .action((options: { org: string; revoked?: boolean; oauth?: boolean; json?: boolean }) =>
    withRuntime(async ({ services }) => {
      const [{ findOrganizationBySlug }, { listApiTokens }, { commandLineActor }] = await Promise.all([
        import('./tenancy/organizations.ts'),
        import('./tenancy/list-api-tokens.ts'),
        import('./context.ts'),
      ]);
      const organization = await findOrganizationBySlug(services.db, options.org);
      if (!organization) throw new CliFailure(`No organization with slug ${options.org}.`);
      const ctx = { ...services, actor: commandLineActor(organization) };
      const tokens = [];
      let cursor: string | undefined;
      do {
        const page = await listApiTokens(ctx, {
          limit: 500,
          cursor,
          revoked: options.revoked === true,
          kind: options.oauth ? 'oauth_client' : 'token',
        });
        if (!page.ok) throw new CliFailure(page.failure.detail);
        tokens.push(...page.value.results);
        cursor = page.value.next ?? undefined;
      } while (cursor);
      if (options.json) return printJson(tokens);
      if (tokens.length === 0)
        console.log(
          `No ${options.revoked ? 'revoked' : 'live'} ${options.oauth ? 'OAuth clients' : 'tokens'} in ${organization.slug}.`,
        );
      for (const t of tokens)
        console.log(
          `${t.id}  ${t.scope.padEnd(7)}  ${t.prefix}…${t.last_characters ?? ''}  ${t.created_date.slice(0, 10)}  ${t.name}`,
        );
    }),
  );
token
  .command('revoke')
  .description('Revoke an API token or an OAuth client by its id')
  .argument('<id>', 'the token or client id printed by token create or token list')
  .addHelpText('after', examples('kassa token revoke 019ae2a4-4b1c-7d3e-9f00-2c5d6e7f8a9b'))
  .action((id: string) =>
    withRuntime(async ({ services }) => {
      const { revokeApiToken } = await import('./tenancy/revoke-api-token.ts');
      const result = await revokeApiToken(services, id);
      if (!result.ok) throw new CliFailure(result.failure.detail);
      console.log(`Revoked token ${result.value.id}.`);
    }),
  );

program
  .command('bill')
  .description('Run billing for a date: every subscription due by then gets its charges on invoice drafts')
  .option(
    '--date <date>',
    "the billing date, YYYY-MM-DD (default: today in each organization's time zone)",
    calendarDate,
  )
  .option('--org <slug>', 'only this organization (default: all)')
  .option('--batch-size <n>', 'subscriptions per batch (default 2000)', (v) => Number.parseInt(v, 10))
  .option('--json', 'print what was billed as JSON')
  .addHelpText(
    'after',
    examples('kassa bill', 'kassa bill --date 2026-01-31 --org demo', 'kassa bill --json'),
  )
  .action((options: { date?: string; org?: string; batchSize?: number; json?: boolean }) =>
    withRuntime(async ({ services, handle }) => {
      const [
        { listOrganizations },
        { RUN_DEFAULTS, runBilling },
        { draftsMadeSince },
        { todayIn },
        { formatMinorUnits },
      ] = await Promise.all([
        import('./tenancy/organizations.ts'),
        import('./billing/run-billing.ts'),
        import('./billing/run-summary.ts'),
        import('./clock.ts'),
        import('./domain/money.ts'),
      ]);
      const organizations = await listOrganizations(services.db, options.org);
      if (options.org && organizations.length === 0)
        throw new CliFailure(`No organization with slug ${options.org}.`);
      const report = [];
      for (const organization of organizations) {
        const date = options.date ?? todayIn(services.clock, organization.timezone);
        if (date > todayIn(services.clock, organization.timezone))
          throw new CliFailure(`--date ${date} is after today in ${organization.slug}`);
        const started = Date.now();
        const since = services.clock.now();
        const result = await runBilling(services, organization, date, {
          batchSize: options.batchSize ?? RUN_DEFAULTS.batchSize,
          concurrency: RUN_DEFAULTS.concurrency[handle.kind],
          onProgress: (p) => progressBar(`${organization.slug} ${date}`, p.done, p.total),
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        const seconds = (Date.now() - started) / 1000;
        const made = await draftsMadeSince(services.db, organization.id, since);
        const totals = made.totals.map((t) => ({
          currency: t.currency,
          net: formatMinorUnits(t.netMinor, t.currency),
        }));
        report.push({
          organization: organization.slug,
          date,
          subscriptions: result.total,
          lines: result.lines,
          drafts: made.drafts,
          totals,
          sent: result.sent ?? 0,
          seconds,
        });
        if (options.json) continue;
        const what =
          result.lines === 0
            ? 'nothing to bill'
            : `${result.lines} new line(s), ${made.drafts} new draft(s)${totals.length ? ` totalling ${totals.map((t) => `${t.net} ${t.currency}`).join(', ')} excl. VAT` : ''}`;
        console.log(
          `${organization.slug}: ${date}: ${result.total} subscription(s) looked at, ${what} in ${seconds.toFixed(1)} s${result.sent ? `; ${result.sent} draft(s) sent automatically` : ''}`,
        );
      }
      if (options.json) printJson(report);
    }),
  );

program
  .command('import-payments')
  .description('Import a bank file (Bankgirot BgMax or ISO 20022 camt.054): payments matched by reference')
  .argument('<file>', 'the bank file')
  .requiredOption('--org <slug>', 'the organization whose account the file is for')
  .option('--json', 'print the report as JSON')
  .addHelpText('after', examples('kassa import-payments BGMAX-2026-01-31.txt --org demo'))
  .action((file: string, options: { org: string; json?: boolean }) =>
    withRuntime(async ({ services }) => {
      const [{ listOrganizations }, { importBankFile }, { commandLineActor }] = await Promise.all([
        import('./tenancy/organizations.ts'),
        import('./payments/import-bank-file.ts'),
        import('./context.ts'),
      ]);
      const bytes = readInput(file);
      const [organization] = await listOrganizations(services.db, options.org);
      if (!organization) throw new CliFailure(`No organization with slug ${options.org}.`);
      // BgMax is Latin-1 by definition; camt.054 is XML in UTF-8.
      const content =
        bytes.subarray(0, 7).toString('latin1') === '01BGMAX'
          ? bytes.toString('latin1')
          : bytes.toString('utf8');
      const result = await importBankFile({ ...services, actor: commandLineActor(organization) }, content);
      if (!result.ok) throw new CliFailure(result.failure.detail);
      const report = result.value;
      if (options.json) return printJson(report);
      for (const line of report.lines)
        console.log(
          `${String(line.line).padStart(5)}  ${line.outcome.padEnd(9)}  ${line.amount.padStart(12)} ${line.currency}  ${(line.reference ?? '-').padEnd(25)}  ${line.invoice ?? line.reason ?? ''}`,
        );
      console.log(
        `${report.format}: ${report.matched} matched, ${report.unmatched} unmatched, ${report.duplicates} already booked`,
      );
    }),
  );

program
  .command('export-einvoices')
  .description(
    "Write a month's invoices and credit notes as e-invoices to a folder (each in its account's format, or --format)",
  )
  .requiredOption('--org <slug>', 'the organization')
  .requiredOption('--month <YYYY-MM>', 'the month the documents were issued in')
  .requiredOption('--dir <folder>', 'where to write them (made if missing)')
  .addOption(new Option('--format <format>', 'one format for all').choices([...EINVOICE_FORMAT_NAMES]))
  .addHelpText('after', examples('kassa export-einvoices --org demo --month 2026-01 --dir ./einvoices'))
  .action((options: { org: string; month: string; dir: string; format?: EInvoiceFormat }) =>
    withRuntime(async ({ services }) => {
      const [{ listOrganizations }, { exportEInvoices }, { commandLineActor }] = await Promise.all([
        import('./tenancy/organizations.ts'),
        import('./einvoices/export-einvoices.ts'),
        import('./context.ts'),
      ]);
      const [organization] = await listOrganizations(services.db, options.org);
      if (!organization) throw new CliFailure(`No organization with slug ${options.org}.`);
      const ctx = { ...services, actor: commandLineActor(organization) };
      const result = await exportEInvoices(ctx, options.month, options.dir, options.format ?? null);
      if (!result.ok) throw new CliFailure(result.failure.detail);
      for (const name of result.value.written) console.log(`wrote ${name}`);
      for (const refused of result.value.refused)
        console.error(`refused ${refused.number}: ${refused.detail}`);
      console.log(`${result.value.written.length} written, ${result.value.refused.length} refused`);
      if (result.value.refused.length > 0) process.exitCode = 2;
    }),
  );

program
  .command('import')
  .description('Bulk imports from a leading system')
  .command('orders')
  .description('Import orders of externally managed offers from a CSV (with a header) or NDJSON file')
  .argument('<file>', 'FILE.csv or FILE.ndjson')
  .requiredOption('--org <slug>', 'the organization')
  .option('--json', 'print the report as JSON')
  .addHelpText(
    'after',
    examples(
      'kassa import orders orders.csv --org demo',
      'kassa import orders orders.ndjson --org demo --json',
    ),
  )
  .action((file: string, options: { org: string; json?: boolean }) =>
    withRuntime(async (runtime) => {
      const [{ listOrganizations }, { decodeImportFile, importOrdersFile }, { commandLineActor }] =
        await Promise.all([
          import('./tenancy/organizations.ts'),
          import('./imports/import-file.ts'),
          import('./context.ts'),
        ]);
      const { services } = runtime;
      const decoded = decodeImportFile(readInput(file));
      const [organization] = await listOrganizations(services.db, options.org);
      if (!organization) throw new CliFailure(`No organization with slug ${options.org}.`);
      if (!decoded.ok) {
        console.log(`line ${decoded.line}: refused: ${decoded.reason}; nothing imported`);
        process.exitCode = 2;
        return;
      }
      const content = decoded.text;
      const format =
        file.toLowerCase().endsWith('.ndjson') || file.toLowerCase().endsWith('.jsonl') ? 'ndjson' : 'csv';
      const report = await importOrdersFile(
        { ...services, actor: commandLineActor(organization) },
        content,
        format,
        {
          // PostgreSQL takes rows side by side; the embedded database has one connection.
          concurrency: runtime.handle.kind === 'postgres' ? 4 : 1,
          onProgress: (done, total) => progressBar(`import ${file}`, done, total),
        },
      );
      if (process.stderr.isTTY) process.stderr.write('\n');
      if (report.refused > 0) process.exitCode = 2;
      if (options.json) return printJson(report);
      for (const line of report.lines.filter((l) => l.outcome === 'refused'))
        console.log(
          `line ${line.line}${line.externalSystemId ? ` (${line.externalSystemId})` : ''}: refused: ${line.error}`,
        );
      console.log(
        `${report.rows} row(s): ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.refused} refused`,
      );
    }),
  );

program
  .command('user')
  .description('People who sign in to the web app')
  .addCommand(userCreateCommand(withRuntime, (message) => new CliFailure(message)));

program
  .command('export')
  .description(
    'Export a resource for BI to stdout (NDJSON or CSV), as GET /api/v1/exports/{resource}/ does; the next cursor goes to stderr',
  )
  .argument('<resource>', EXPORT_RESOURCE_NAMES.join(' | '))
  .requiredOption('--org <slug>', 'the organization')
  .option('--since <cursor>', 'the cursor of the previous export (default: everything)')
  .addOption(new Option('--format <format>', 'ndjson or csv').choices(['ndjson', 'csv']).default('ndjson'))
  .addHelpText('after', examples('kassa export invoices --org demo --since "$CURSOR" > invoices.ndjson'))
  .action((resource: string, options: { org: string; since?: string; format: 'ndjson' | 'csv' }) =>
    withRuntime(async ({ services }) => {
      const [{ listOrganizations }, { exportLines, planExport }] = await Promise.all([
        import('./tenancy/organizations.ts'),
        import('./exports/export-stream.ts'),
      ]);
      if (!(EXPORT_RESOURCE_NAMES as string[]).includes(resource))
        throw new CliFailure(`No export ${resource}; one of ${EXPORT_RESOURCE_NAMES.join(', ')}.`);
      const [organization] = await listOrganizations(services.db, options.org);
      if (!organization) throw new CliFailure(`No organization with slug ${options.org}.`);
      const plan = await planExport(
        services.db,
        organization.id,
        resource as ExportResourceName,
        options.since,
      );
      if (!plan.ok) throw new CliFailure(plan.failure.detail);
      await pipeline(Readable.from(exportLines(services.db, plan.value, options.format)), process.stdout, {
        end: false,
      });
      process.stderr.write(`next cursor: ${plan.value.cursor}\n`);
    }),
  );

registerWebhookCommands(program, withRuntime, (message) => new CliFailure(message));

const seed = program.command('seed').description('Sample data');
seed
  .command('demo')
  .description('Create the demo organization and accounts if missing, and print a new full-scope token')
  .addHelpText('after', examples('kassa seed demo'))
  .action(() =>
    withRuntime(async ({ services }) => {
      const { seedDemo } = await import('./tenancy/seed-demo.ts');
      const seeded = await seedDemo(services);
      console.log(
        `Demo organization ${seeded.organization.slug} ${seeded.created ? 'created' : 'already there'}. New token (scope full):`,
      );
      console.log(seeded.token);
    }),
  );

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const { DataDirInUse } = await import('./db/data-dir-lock.ts');
  if (error instanceof CliFailure || error instanceof DataDirInUse) {
    console.error(`Error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
