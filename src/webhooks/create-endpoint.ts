import { sql } from 'kysely';
import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { type EndpointInput, urlProblem } from './endpoint-input.ts';
import { type EndpointView, endpointView, MAX_ENDPOINTS, newSecret } from './endpoint-view.ts';

/** Registers a webhook endpoint; its secret is in this answer and never again. */
export async function createEndpoint(
  ctx: UseCaseContext,
  input: EndpointInput,
): Promise<Result<EndpointView & { secret: string }>> {
  const problem = urlProblem(input.url, ctx.webhooks?.allowPrivate ?? false);
  if (problem) return fail('validation_failed', problem.message, [problem]);
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    // One endpoint made at a time per organization, so that the limit holds under concurrency.
    await sql`select 1 from organizations where id = ${organizationId} for update`.execute(tx);
    const live = await tx
      .selectFrom('webhook_endpoints')
      .select(sql<string>`count(*)`.as('n'))
      .where('organization_id', '=', organizationId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(live.n) >= MAX_ENDPOINTS)
      return fail('limit_reached', `an organization has at most ${MAX_ENDPOINTS} webhook endpoints`);
    const now = ctx.clock.now();
    const secret = newSecret();
    const row = await tx
      .insertInto('webhook_endpoints')
      .values({
        organization_id: organizationId,
        id: newId(),
        url: input.url,
        description: input.description ?? '',
        event_types: input.event_types ? JSON.stringify(input.event_types) : null,
        enabled: input.enabled ?? true,
        secret,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = endpointView(row, now);
    await recordChange(tx, ctx, {
      action: 'webhook_endpoint.created',
      entityType: 'webhook_endpoint',
      entityId: row.id,
      before: null,
      after: view,
    });
    return ok({ ...view, secret });
  });
}
