import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { findUsage, usageView } from './usage-view.ts';

/** Removes a usage record while it is unbilled; once on a draft it stays (409 already_billed). */
export async function deleteUsage(
  ctx: UseCaseContext,
  subscriptionId: string,
  id: string,
): Promise<Result<{ uuid: string }>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const row = await findUsage(tx, organizationId, subscriptionId, id);
    if (!row) return fail('not_found', `no usage ${id} on subscription ${subscriptionId}`);
    if (row.billed_at !== null)
      return fail('already_billed', `usage ${id} is on invoice draft ${row.draft_id}`);
    const deleted = await tx
      .deleteFrom('usage_records')
      .where('organization_id', '=', organizationId)
      .where('id', '=', row.id)
      .where('billed_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!deleted) return fail('already_billed', `usage ${id} was billed meanwhile`);
    await recordChange(tx, ctx, {
      action: 'usage.deleted',
      entityType: 'usage',
      entityId: row.id,
      before: usageView(row),
      after: null,
    });
    return ok({ uuid: row.id });
  });
}
