import type { Command } from 'commander';
import type { UseCaseContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';

type WithRuntime = (work: (runtime: Runtime) => Promise<void>) => Promise<void>;

/**
 * `kassa webhooks list|create|delete|replay`: the same use cases as the API, as the command line's
 * actor. Like the other commands, each loads its code when it runs (`kassa --help` stays quick).
 */
export function registerWebhookCommands(
  program: Command,
  withRuntime: WithRuntime,
  fail: (message: string) => Error,
) {
  const inOrg = (slug: string, work: (ctx: UseCaseContext) => Promise<void>) =>
    withRuntime(async ({ services }) => {
      const { findOrganizationBySlug } = await import('../tenancy/organizations.ts');
      const { commandLineActor } = await import('../context.ts');
      const organization = await findOrganizationBySlug(services.db, slug);
      if (!organization) throw fail(`No organization with slug ${slug}.`);
      await work({ ...services, actor: commandLineActor(organization) });
    });
  const types = (value: string | undefined) => (value ? value.split(',').map((t) => t.trim()) : undefined);

  const webhooks = program.command('webhooks').description('Webhook endpoints: where kassa POSTs its events');
  webhooks
    .command('list')
    .description('List the webhook endpoints of an organization')
    .requiredOption('--org <slug>', 'the organization')
    .action((options: { org: string }) =>
      inOrg(options.org, async (ctx) => {
        const { listEndpoints } = await import('./list-endpoints.ts');
        const page = await listEndpoints(ctx, { limit: 500 });
        if (!page.ok) throw fail(page.failure.detail);
        if (page.value.results.length === 0) console.log('No webhook endpoints.');
        for (const e of page.value.results)
          console.log(
            `${e.uuid}  ${e.enabled ? 'enabled ' : `off (${e.disabled_reason ?? 'by you'})`}  ${e.url}  ${e.event_types?.join(',') ?? 'all events'}${e.description ? `  ${e.description}` : ''}`,
          );
      }),
    );
  webhooks
    .command('create')
    .description('Register an endpoint; its signing secret is printed once, alone on the last line')
    .argument('<url>', 'an https URL')
    .requiredOption('--org <slug>', 'the organization')
    .option('--types <types>', 'comma-separated event types (default: all)')
    .option('--description <text>', 'what it is for')
    .action((url: string, options: { org: string; types?: string; description?: string }) =>
      inOrg(options.org, async (ctx) => {
        const { endpointInputSchema } = await import('./endpoint-input.ts');
        const { createEndpoint } = await import('./create-endpoint.ts');
        const input = endpointInputSchema.safeParse({
          url,
          ...(options.description ? { description: options.description } : {}),
          ...(options.types ? { event_types: types(options.types) } : {}),
        });
        if (!input.success)
          throw fail(
            input.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
          );
        const created = await createEndpoint(ctx, input.data);
        if (!created.ok) throw fail(created.failure.detail);
        console.log(
          `Created webhook endpoint ${created.value.uuid} for ${created.value.url}. Its secret is shown only now:`,
        );
        console.log(created.value.secret);
      }),
    );
  webhooks
    .command('delete')
    .description('Delete an endpoint; what was still waiting to go to it is cancelled')
    .argument('<id>', 'the endpoint uuid')
    .requiredOption('--org <slug>', 'the organization')
    .action((id: string, options: { org: string }) =>
      inOrg(options.org, async (ctx) => {
        const { deleteEndpoint } = await import('./delete-endpoint.ts');
        const deleted = await deleteEndpoint(ctx, id);
        if (!deleted.ok) throw fail(deleted.failure.detail);
        console.log(`Deleted webhook endpoint ${id}.`);
      }),
    );
  webhooks
    .command('replay')
    .description('Send an endpoint every event of a time range again (a worker or the server delivers them)')
    .argument('<id>', 'the endpoint uuid')
    .requiredOption('--org <slug>', 'the organization')
    .requiredOption('--from <instant>', 'events at or after this instant, e.g. 2025-01-14T00:00:00Z')
    .requiredOption('--to <instant>', 'events before this instant')
    .option('--types <types>', 'comma-separated event types (default: all it wants)')
    .action((id: string, options: { org: string; from: string; to: string; types?: string }) =>
      inOrg(options.org, async (ctx) => {
        const { replayEvents } = await import('./replay-events.ts');
        const from = new Date(options.from);
        const to = new Date(options.to);
        if (Number.isNaN(from.getTime())) throw fail(`--from ${options.from}: not an instant`);
        if (Number.isNaN(to.getTime())) throw fail(`--to ${options.to}: not an instant`);
        const replayed = await replayEvents(ctx, id, { from, to, types: types(options.types) });
        if (!replayed.ok) throw fail(replayed.failure.detail);
        console.log(`Queued ${replayed.value.events} event(s) for ${id}.`);
      }),
    );
}
