import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { UUID_PATTERN } from '../http/common-schemas.ts';
import { findUsage, usageView } from './usage-view.ts';
import { isBilled, lockForUsage, usageWatermark } from './usage-watermark.ts';

/** Removes a usage record while it is unbilled; once billed it stays (409 already_billed). */
export async function deleteUsage(
  ctx: UseCaseContext,
  subscriptionId: string,
  id: string,
): Promise<Result<{ uuid: string }>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    // Locked first, so a billing run cannot pass the record between the check and the delete.
    await lockForUsage(
      tx,
      organizationId,
      [subscriptionId].filter((id) => UUID_PATTERN.test(id)),
    );
    const row = await findUsage(tx, organizationId, subscriptionId, id);
    if (!row) return fail('not_found', `no usage ${id} on subscription ${subscriptionId}`);
    const watermark = await usageWatermark(tx, organizationId, row.subscription_id);
    if (isBilled(row, watermark))
      return fail(
        'already_billed',
        row.draft_id ? `usage ${id} is on invoice draft ${row.draft_id}` : `usage ${id} is billed`,
      );
    await tx
      .deleteFrom('usage_records')
      .where('organization_id', '=', organizationId)
      .where('id', '=', row.id)
      .execute();
    await recordChange(tx, ctx, {
      action: 'usage.deleted',
      entityType: 'usage',
      entityId: row.id,
      before: usageView(row, watermark),
      after: null,
    });
    return ok({ uuid: row.id });
  });
}
