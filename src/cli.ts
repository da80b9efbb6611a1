import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { BILLING_QUEUES, startBillingWorkers } from './billing/billing-jobs.ts';
import { RUN_DEFAULTS, runBilling } from './billing/run-billing.ts';
import { todayIn } from './clock.ts';
import { loadConfig } from './config.ts';
import { commandLineActor } from './context.ts';
import { DataDirInUse } from './db/data-dir-lock.ts';
import { EINVOICE_FORMATS, type EInvoiceFormat } from './einvoices/einvoice-formats.ts';
import { exportEInvoices } from './einvoices/export-einvoices.ts';
import { buildServer } from './http/server.ts';
import { decodeImportFile, importOrdersFile } from './imports/import-file.ts';
import { INVOICE_QUEUES, startInvoiceWorkers } from './invoices/invoice-jobs.ts';
import { startQueue } from './jobs/queue.ts';
import { importBankFile } from './payments/import-bank-file.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { createApiToken } from './tenancy/create-api-token.ts';
import { createOrganization } from './tenancy/create-organization.ts';
import { findOrganizationBySlug, listOrganizations } from './tenancy/organizations.ts';
import { revokeApiToken } from './tenancy/revoke-api-token.ts';
import { demoTokenFile, seedDemo } from './tenancy/seed-demo.ts';
import { TOKEN_SCOPES, type TokenScope } from './tenancy/token-secret.ts';
import { demoPasswordFile } from './users/demo-owner.ts';
import { userCreateCommand } from './users/user-command.ts';
import { startWebhookWorkers, WEBHOOK_QUEUES } from './webhooks/webhook-jobs.ts';

class CliFailure extends Error {}

/** A one-line progress bar on stderr (stdout keeps the summary clean for scripts). */
function progressBar(label: string, done: number, total: number) {
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
  const runtime = await openRuntime(loadConfig());
  try {
    await work(runtime);
  } finally {
    await runtime.close();
  }
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('not a port number');
  return port;
}

const program = new Command()
  .name('kassa')
  .description(
    'kassa: subscription billing and orders.\nSettings from the environment: DATABASE_URL (PostgreSQL; without it the embedded database in KASSA_DATA_DIR, default ./data), PORT, HOST, KASSA_NOW, LOG_LEVEL.',
  )
  .showHelpAfterError();

program
  .command('serve')
  .description('Migrate the database and serve the HTTP API (default port 3000)')
  .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)', portNumber)
  .option('--host <host>', 'address to listen on (default: HOST or 0.0.0.0)')
  .option('--demo', 'create the demo organization if missing and print a demo API token')
  .action(async (options: { port?: number; host?: string; demo?: boolean }) => {
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
    'Run jobs: billing runs cut into batches (several workers share one run), the daily billing run, invoice delivery, card charges and dunning',
  )
  .action(async () => {
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
  .action((slug: string, options: { name: string; country: string; currency: string; timezone?: string }) =>
    withRuntime(async ({ services }) => {
      const result = await createOrganization(services, { slug, ...options });
      if (!result.ok) throw new CliFailure(result.failure.detail);
      const o = result.value;
      console.log(
        `Created organization ${o.slug} (${o.id}): ${o.name}, ${o.country}, ${o.currency}, ${o.timezone}`,
      );
    }),
  );

const token = program.command('token').description('API tokens');
token
  .command('create')
  .description('Create an API token; the token is printed once, alone on the last line')
  .requiredOption('--org <slug>', 'the organization')
  .addOption(
    new Option('--scope <scope>', 'what the token may do').choices(TOKEN_SCOPES).makeOptionMandatory(),
  )
  .option('--name <name>', 'a label for the token')
  .action((options: { org: string; scope: TokenScope; name?: string }) =>
    withRuntime(async ({ services }) => {
      const organization = await findOrganizationBySlug(services.db, options.org);
      if (!organization) throw new CliFailure(`No organization with slug ${options.org}.`);
      const result = await createApiToken(services, commandLineActor(organization), {
        scope: options.scope,
        name: options.name,
      });
      if (!result.ok) throw new CliFailure(result.failure.detail);
      console.log(
        `Created token ${result.value.id} (scope ${result.value.scope}) for ${organization.slug}. It is shown only now:`,
      );
      console.log(result.value.token);
    }),
  );
token
  .command('revoke')
  .description('Revoke an API token by its id')
  .argument('<id>', 'the token id printed by token create')
  .action((id: string) =>
    withRuntime(async ({ services }) => {
      const result = await revokeApiToken(services, id);
      if (!result.ok) throw new CliFailure(result.failure.detail);
      console.log(`Revoked token ${result.value.id}.`);
    }),
  );

program
  .command('bill')
  .description('Run billing for a date: every subscription due by then gets its charges on invoice drafts')
  .option('--date <date>', "the billing date, YYYY-MM-DD (default: today in each organization's time zone)")
  .option('--org <slug>', 'only this organization (default: all)')
  .option(
    '--batch-size <n>',
    'subscriptions per batch',
    (v) => Number.parseInt(v, 10),
    RUN_DEFAULTS.batchSize,
  )
  .action((options: { date?: string; org?: string; batchSize: number }) =>
    withRuntime(async ({ services, handle }) => {
      if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date))
        throw new CliFailure(`--date ${options.date}: use YYYY-MM-DD`);
      const organizations = await listOrganizations(services.db, options.org);
      if (options.org && organizations.length === 0)
        throw new CliFailure(`No organization with slug ${options.org}.`);
      for (const organization of organizations) {
        const date = options.date ?? todayIn(services.clock, organization.timezone);
        if (date > todayIn(services.clock, organization.timezone))
          throw new CliFailure(`--date ${date} is after today in ${organization.slug}`);
        const started = Date.now();
        const result = await runBilling(services, organization, date, {
          batchSize: options.batchSize,
          concurrency: RUN_DEFAULTS.concurrency[handle.kind],
          onProgress: (p) => progressBar(`${organization.slug} ${date}`, p.done, p.total),
        });
        process.stderr.write('\n');
        const seconds = (Date.now() - started) / 1000;
        console.log(
          `${organization.slug}: billed ${result.total} subscription(s) for ${date}: ${result.lines} new line(s) in ${seconds.toFixed(1)} s${result.sent ? `; ${result.sent} draft(s) sent automatically` : ''}`,
        );
      }
    }),
  );

program
  .command('import-payments')
  .description('Import a bank file (Bankgirot BgMax or ISO 20022 camt.054): payments matched by reference')
  .argument('<file>', 'the bank file')
  .requiredOption('--org <slug>', 'the organization whose account the file is for')
  .action((file: string, options: { org: string }) =>
    withRuntime(async ({ services }) => {
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
  .addOption(new Option('--format <format>', 'one format for all').choices([...EINVOICE_FORMATS]))
  .action((options: { org: string; month: string; dir: string; format?: EInvoiceFormat }) =>
    withRuntime(async ({ services }) => {
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
  .action((file: string, options: { org: string }) =>
    withRuntime(async (runtime) => {
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
      process.stderr.write('\n');
      for (const line of report.lines.filter((l) => l.outcome === 'refused'))
        console.log(
          `line ${line.line}${line.externalSystemId ? ` (${line.externalSystemId})` : ''}: refused: ${line.error}`,
        );
      console.log(
        `${report.rows} row(s): ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.refused} refused`,
      );
      if (report.refused > 0) process.exitCode = 2;
    }),
  );

program
  .command('user')
  .description('People who sign in to the web app')
  .addCommand(userCreateCommand(withRuntime, (message) => new CliFailure(message)));

const seed = program.command('seed').description('Sample data');
seed
  .command('demo')
  .description('Create the demo organization and accounts if missing, and print a new full-scope token')
  .action(() =>
    withRuntime(async ({ services }) => {
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
  if (error instanceof CliFailure || error instanceof DataDirInUse) {
    console.error(`Error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
