import { recordChange } from '../audit/record-change.ts';
import type { Services } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { hashInvitationToken, passwordProblem } from './create-user.ts';
import { hashPassword } from './passwords.ts';
import { membershipsOf, startSession } from './sessions.ts';
import type { SignedIn } from './sign-in.ts';

/**
 * An invited person sets their password with the invitation's secret (valid 7 days, once) and is
 * signed in to the organization that invited them first.
 */
export async function acceptInvitation(
  services: Services,
  input: { token: string; password: string },
  requestId: string | null,
): Promise<Result<SignedIn>> {
  const weak = passwordProblem(input.password);
  if (weak) return fail('validation_failed', weak.message, [weak]);
  const passwordHash = await hashPassword(input.password);
  return transact(services.db, async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'email', 'invite_expires_at'])
      .where('invite_token_hash', '=', hashInvitationToken(input.token))
      .forUpdate()
      .executeTakeFirst();
    if (!user)
      return fail('not_found', 'No such invitation: it was used already, or the link is incomplete.');
    const now = services.clock.now();
    if (user.invite_expires_at === null || new Date(user.invite_expires_at) <= now)
      return fail('link_expired', 'The invitation has expired: ask an owner to invite you again.');
    const organizations = await membershipsOf(tx, user.id);
    const first = organizations[0];
    if (!first) return fail('not_found', 'The invitation no longer leads to an organization.');
    await tx
      .updateTable('users')
      .set({ password_hash: passwordHash, invite_token_hash: null, invite_expires_at: null, updated_at: now })
      .where('id', '=', user.id)
      .execute();
    const organization = await tx
      .selectFrom('organizations')
      .select(['id', 'country', 'currency', 'timezone'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    await recordChange(
      tx,
      {
        clock: services.clock,
        actor: {
          organization,
          organizationId: organization.id,
          tokenId: null,
          userId: user.id,
          clientSystem: null,
          user: user.email,
          requestId,
        },
      },
      {
        action: 'user.invitation_accepted',
        entityType: 'user',
        entityId: user.id,
        before: { id: user.id, status: 'invited' },
        after: { id: user.id, status: 'active' },
      },
    );
    const secret = await startSession(tx, services.clock, user.id, organization.id);
    return ok({ secret, userId: user.id, organizationId: organization.id });
  });
}
