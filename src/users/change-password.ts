import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, fieldFailure, ok, type Result } from '../errors.ts';
import { passwordProblem } from './create-user.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/**
 * A signed-in person changes their own password, giving the current one. Their other sessions (in
 * every organization) end: whoever else knew the old password is signed out.
 */
export async function changePassword(
  ctx: UseCaseContext,
  userId: string,
  currentSessionId: string,
  input: { current_password: string; new_password: string },
): Promise<Result<null>> {
  const weak = passwordProblem(input.new_password, 'new_password');
  if (weak) return fail('validation_failed', weak.message, [weak]);
  const user = await ctx.db
    .selectFrom('users')
    .select(['password_hash'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.current_password)))
    return fieldFailure('current_password', 'wrong', 'current_password: not your current password');
  const passwordHash = await hashPassword(input.new_password);
  return transact(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    await tx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: now })
      .where('id', '=', userId)
      .execute();
    await tx
      .deleteFrom('user_sessions')
      .where('user_id', '=', userId)
      .where('id', '!=', currentSessionId)
      .execute();
    await recordChange(tx, ctx, {
      action: 'user.password_changed',
      entityType: 'user',
      entityId: userId,
      before: null,
      after: { id: userId, password_changed_date: now.toISOString() },
    });
    return ok(null);
  });
}
