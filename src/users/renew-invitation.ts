import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { hashInvitationToken, newInvitation } from './create-user.ts';
import { findMember, type UserView, userViewOf } from './user-view.ts';

/**
 * A new invitation link for a person who has not yet set a password (the old link stops working).
 * Only while this organization is the person's only one: no owner may obtain a link that would set
 * the password of someone another organization has too.
 */
export async function renewInvitation(
  ctx: UseCaseContext,
  userId: string,
): Promise<Result<{ user: UserView; invitation: { token: string; expiresAt: Date } }>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const member = await findMember(tx, organizationId, userId);
    if (!member) return fail('not_found', `no user ${userId}`);
    const elsewhere = await tx
      .selectFrom('memberships')
      .select('organization_id')
      .where('user_id', '=', userId)
      .where('organization_id', '!=', organizationId)
      .executeTakeFirst();
    if (member.password_hash !== null || elsewhere)
      return fail(
        'not_invited',
        member.password_hash !== null
          ? 'The person has set a password already: they sign in with it.'
          : 'The person belongs to another organization too: only that sign-in can be used.',
      );
    const now = ctx.clock.now();
    const invitation = newInvitation(now);
    await tx
      .updateTable('users')
      .set({
        invite_token_hash: hashInvitationToken(invitation.token),
        invite_expires_at: invitation.expiresAt,
        updated_at: now,
      })
      .where('id', '=', userId)
      .execute();
    const user = userViewOf(member);
    await recordChange(tx, ctx, {
      action: 'user.invitation_renewed',
      entityType: 'user',
      entityId: userId,
      before: null,
      after: { id: userId, invitation_expires_date: invitation.expiresAt.toISOString() },
    });
    return ok({ user, invitation });
  });
}
