import type { Services } from '../context.ts';
import { fail, fieldFailure, ok, type Result } from '../errors.ts';
import { verifyPassword } from './passwords.ts';
import { membershipsOf, startSession } from './sessions.ts';
import { acceptTotpCode } from './totp-check.ts';

export interface SignInInput {
  email: string;
  password: string;
  totp_code?: string | undefined;
  /** The slug of the organization to act for; the person's first when left out. */
  organization?: string | undefined;
}

export interface SignedIn {
  secret: string;
  userId: string;
  organizationId: string;
}

const WRONG = 'The e-mail address or the password is wrong.';

/**
 * Signs a person in: the password (argon2id), then the TOTP code when they have enrolled one, then
 * the organization. An unknown e-mail, a wrong password and a person without a password or without
 * any organization all get the same answer, after the same argon2 work.
 */
export async function signIn(services: Services, input: SignInInput): Promise<Result<SignedIn>> {
  const { db, clock } = services;
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'totp_secret', 'totp_last_step'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.trim().toLowerCase()))
    .executeTakeFirst();
  const passwordFits = await verifyPassword(user?.password_hash ?? null, input.password);
  const organizations = user && passwordFits ? await membershipsOf(db, user.id) : [];
  if (!user || !passwordFits || organizations.length === 0) return fail('unauthenticated', WRONG);

  if (user.totp_secret !== null) {
    if (!input.totp_code)
      return fail('totp_required', 'Enter the 6-digit code from your authenticator app (totp_code).');
    if (!(await acceptTotpCode(db, clock, user, user.totp_secret, input.totp_code)))
      return fail('totp_invalid', 'The code from the authenticator app is wrong or was used already.');
  }

  const organization =
    input.organization === undefined
      ? organizations[0]
      : organizations.find((o) => o.slug === input.organization);
  if (!organization)
    return fieldFailure(
      'organization',
      'not_member',
      `organization: you are not a member of ${input.organization}`,
    );
  const secret = await startSession(db, clock, user.id, organization.id);
  return ok({ secret, userId: user.id, organizationId: organization.id });
}
