import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { isLastOwner } from './owner-guard.ts';
import { findMember, userViewOf } from './user-view.ts';

/**
 * Removes a person from the actor's organization; their sessions there end with the membership (the
 * foreign key cascades). A person left in no organization is deleted. The last owner stays.
 */
export async function removeUser(ctx: UseCaseContext, userId: string): Promise<Result<{ id: string }>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const member = await findMember(tx, organizationId, userId);
    if (!member) return fail('not_found', `no user ${userId}`);
    if (member.role === 'owner' && (await isLastOwner(tx, organizationId, userId)))
      return fail('last_owner', 'The only owner cannot be removed: make someone else owner first.');
    await tx
      .deleteFrom('memberships')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .execute();
    const elsewhere = await tx
      .selectFrom('memberships')
      .select('organization_id')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!elsewhere) await tx.deleteFrom('users').where('id', '=', userId).execute();
    await recordChange(tx, ctx, {
      action: 'user.removed',
      entityType: 'user',
      entityId: userId,
      before: userViewOf(member),
      after: null,
    });
    return ok({ id: userId });
  });
}
