import type { Clock } from '../clock.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { base32Decode, verifyTotp } from '../domain/totp.ts';

/**
 * Checks a person's TOTP code against a base32 secret and, when it fits, records its step so the same
 * code cannot be used again (the update only succeeds for a later step: two requests racing with one
 * code get one success).
 */
export async function acceptTotpCode(
  db: Db | Tx,
  clock: Clock,
  user: { id: string; totp_last_step: number | null },
  secretBase32: string,
  code: string,
): Promise<boolean> {
  const key = base32Decode(secretBase32);
  if (!key) return false;
  const step = verifyTotp(key, code.replace(/\s/g, ''), clock.now(), user.totp_last_step);
  if (step === null) return false;
  const updated = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', user.id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
