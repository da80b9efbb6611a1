import { createHash, randomBytes } from 'node:crypto';
import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import type { Language, Role } from '../db/tables-people.ts';
import { isUniqueViolation, transact } from '../db/transaction.ts';
import { type FieldError, fail, fieldFailure, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';
import { findMember, type UserView, userViewOf } from './user-view.ts';

export interface NewUser {
  email: string;
  name?: string | undefined;
  language?: Language | undefined;
  role: Role;
  /** The password; left out, a new person gets an invitation to set one instead. */
  password?: string | undefined;
}

export interface CreatedUser {
  user: UserView;
  /** For a new person without a password: the secret of the invitation link, shown once. */
  invitation: { token: string; expiresAt: Date } | null;
  /** The person existed (in another organization) and was added to this one. */
  existing: boolean;
}

export const INVITATION_DAYS = 7;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LANGUAGE_OF_COUNTRY: Record<string, Language> = { DK: 'da', SE: 'sv', DE: 'de', AT: 'de', CH: 'de' };

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new invitation: its secret (`ksi_` and 32 random bytes, shown once) and when it ends. */
export function newInvitation(now: Date): { token: string; expiresAt: Date } {
  return {
    token: `ksi_${randomBytes(32).toString('base64url')}`,
    expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
  };
}

export function passwordProblem(password: string, field = 'password'): FieldError | null {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH)
    return {
      field,
      code: 'invalid',
      message: `${field}: ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
    };
  return null;
}

/**
 * Adds a person to the actor's organization with a role. A new e-mail makes a new person, with the
 * password given or, without one, an invitation to set it (7 days). An e-mail that belongs to someone
 * already (in another organization) adds that person: their password and name stay theirs.
 */
export async function createUser(ctx: UseCaseContext, input: NewUser): Promise<Result<CreatedUser>> {
  const email = input.email.trim();
  if (!EMAIL_PATTERN.test(email) || email.length > 254)
    return fieldFailure('email', 'invalid', `email: ${input.email} is not an e-mail address`);
  const weak = input.password === undefined ? null : passwordProblem(input.password);
  if (weak) return fail('validation_failed', weak.message, [weak]);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const organizationId = ctx.actor.organizationId;
  const now = ctx.clock.now();
  try {
    return await transact(ctx.db, async (tx) => {
      const existing = await tx
        .selectFrom('users')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
        .forUpdate()
        .executeTakeFirst();
      let invitation: CreatedUser['invitation'] = null;
      const userId = existing?.id ?? newId();
      if (!existing) {
        if (passwordHash === null) invitation = newInvitation(now);
        await tx
          .insertInto('users')
          .values({
            id: userId,
            email,
            name: input.name?.trim() || email.split('@')[0]!,
            language: input.language ?? LANGUAGE_OF_COUNTRY[ctx.actor.organization.country] ?? 'en',
            password_hash: passwordHash,
            invite_token_hash: invitation ? hashInvitationToken(invitation.token) : null,
            invite_expires_at: invitation?.expiresAt ?? null,
            created_at: now,
            updated_at: now,
          })
          .execute();
      } else if (await findMember(tx, organizationId, userId)) {
        return fieldFailure('email', 'taken', `email: ${email} is a member already`);
      }
      await tx
        .insertInto('memberships')
        .values({
          organization_id: organizationId,
          user_id: userId,
          role: input.role,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const user = userViewOf((await findMember(tx, organizationId, userId))!);
      await recordChange(tx, ctx, {
        action: 'user.added',
        entityType: 'user',
        entityId: userId,
        before: null,
        after: user,
      });
      return ok({ user, invitation, existing: existing !== undefined });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return fieldFailure('email', 'taken', `email: ${email} is a member already`);
    throw error;
  }
}
