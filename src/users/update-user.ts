import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import type { Language, Role } from '../db/tables-people.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { isLastOwner } from './owner-guard.ts';
import { findMember, type UserView, userViewOf } from './user-view.ts';

export interface UserChange {
  role?: Role | undefined;
  name?: string | undefined;
  language?: Language | undefined;
}

/**
 * Changes a member of the actor's organization: their role here, and their name and language (which
 * are the person's own, shown in every organization they belong to). The last owner keeps the role.
 */
export async function updateUser(
  ctx: UseCaseContext,
  userId: string,
  change: UserChange,
): Promise<Result<UserView>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const before = await findMember(tx, organizationId, userId);
    if (!before) return fail('not_found', `no user ${userId}`);
    const now = ctx.clock.now();
    if (change.role !== undefined && change.role !== before.role) {
      if (before.role === 'owner' && (await isLastOwner(tx, organizationId, userId)))
        return fail('last_owner', 'The only owner cannot give up the role: make someone else owner first.');
      await tx
        .updateTable('memberships')
        .set({ role: change.role, updated_at: now })
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId)
        .execute();
    }
    const own = {
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.language !== undefined ? { language: change.language } : {}),
    };
    if (Object.keys(own).length > 0)
      await tx
        .updateTable('users')
        .set({ ...own, updated_at: now })
        .where('id', '=', userId)
        .execute();
    const after = userViewOf((await findMember(tx, organizationId, userId))!);
    await recordChange(tx, ctx, {
      action: 'user.updated',
      entityType: 'user',
      entityId: userId,
      before: userViewOf(before),
      after,
    });
    return ok(after);
  });
}
