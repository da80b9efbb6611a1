import { recordChange } from '../audit/record-change.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { findActiveDependent } from './account-dependents.ts';
import { type AccountView, accountView } from './account-view.ts';
import { findAccount } from './find-account.ts';

/**
 * DELETE archives: the account keeps its history and its code, drops out of lists, and can no longer
 * be changed. Refused while something active (a subscription, an open invoice) depends on it.
 * Archiving an archived account changes nothing.
 */
export async function archiveAccount(ctx: UseCaseContext, idOrCode: string): Promise<Result<AccountView>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const existing = await findAccount(tx, organizationId, idOrCode, { lock: true });
    if (!existing) return fail('not_found', `no account ${idOrCode}`);
    if (existing.archived_at !== null) return ok(accountView(existing));
    const dependent = await findActiveDependent(
      tx,
      organizationId,
      existing.id,
      todayIn(ctx.clock, ctx.actor.organization.timezone),
    );
    if (dependent !== null)
      return fail('account_in_use', `account ${existing.code} cannot be archived: ${dependent}`);
    const now = ctx.clock.now();
    const row = await tx
      .updateTable('accounts')
      .set({ archived_at: now, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = accountView(row);
    await recordChange(tx, ctx, {
      action: 'account.archived',
      entityType: 'account',
      entityId: row.id,
      before: accountView(existing),
      after,
    });
    return ok(after);
  });
}
