import { randomBytes } from 'node:crypto';
import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { base32Encode, otpauthUri } from '../domain/totp.ts';
import { fieldFailure, ok, type Result } from '../errors.ts';
import { verifyPassword } from './passwords.ts';
import { acceptTotpCode } from './totp-check.ts';

/**
 * A second factor for a signed-in person, in three steps: enrol (a new secret, pending, shown once as
 * base32 and as an otpauth URI for a QR code), confirm (the first code from the app switches it on,
 * replacing any earlier secret), disable (with the password).
 */
export async function enrolTotp(
  ctx: UseCaseContext,
  userId: string,
): Promise<Result<{ secret: string; otpauth_uri: string }>> {
  const user = await ctx.db
    .selectFrom('users')
    .select('email')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  // 20 bytes: the key length RFC 4226 recommends for HMAC-SHA-1.
  const secret = base32Encode(randomBytes(20));
  await ctx.db
    .updateTable('users')
    .set({ totp_pending_secret: secret, updated_at: ctx.clock.now() })
    .where('id', '=', userId)
    .execute();
  return ok({ secret, otpauth_uri: otpauthUri(secret, 'kassa', user.email) });
}

export async function confirmTotp(ctx: UseCaseContext, userId: string, code: string): Promise<Result<null>> {
  return transact(ctx.db, async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'totp_pending_secret', 'totp_last_step'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (user.totp_pending_secret === null)
      return fieldFailure('code', 'not_enrolled', 'code: enrol first (POST /api/v1/users/me/totp/)');
    if (!(await acceptTotpCode(tx, ctx.clock, user, user.totp_pending_secret, code)))
      return fieldFailure('code', 'wrong', 'code: not the current code of the authenticator app');
    await tx
      .updateTable('users')
      .set({ totp_secret: user.totp_pending_secret, totp_pending_secret: null, updated_at: ctx.clock.now() })
      .where('id', '=', userId)
      .execute();
    await recordChange(tx, ctx, {
      action: 'user.totp_enabled',
      entityType: 'user',
      entityId: userId,
      before: { id: userId, totp_enabled: false },
      after: { id: userId, totp_enabled: true },
    });
    return ok(null);
  });
}

export async function disableTotp(
  ctx: UseCaseContext,
  userId: string,
  password: string,
): Promise<Result<null>> {
  const user = await ctx.db
    .selectFrom('users')
    .select(['password_hash', 'totp_secret'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, password)))
    return fieldFailure('password', 'wrong', 'password: not your password');
  if (user.totp_secret === null) return ok(null);
  return transact(ctx.db, async (tx) => {
    await tx
      .updateTable('users')
      .set({
        totp_secret: null,
        totp_pending_secret: null,
        totp_last_step: null,
        updated_at: ctx.clock.now(),
      })
      .where('id', '=', userId)
      .execute();
    await recordChange(tx, ctx, {
      action: 'user.totp_disabled',
      entityType: 'user',
      entityId: userId,
      before: { id: userId, totp_enabled: true },
      after: { id: userId, totp_enabled: false },
    });
    return ok(null);
  });
}
