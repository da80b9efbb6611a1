import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * Passwords are hashed with argon2id (OWASP's first choice) at OWASP's minimum settings: 19 MiB of
 * memory, 2 passes, 1 lane. The hash is a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`),
 * which carries its own parameters, so raising them later still verifies older hashes.
 */
// Algorithm.Argon2id is 2 (a const enum, which type stripping cannot read).
const OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * A hash of nothing anyone knows, made once: signing in with an unknown e-mail verifies against it,
 * so that an unknown e-mail costs as long as a wrong password and the answer time tells nothing.
 */
let decoy: Promise<string> | undefined;

/** True when the password matches the hash; with no hash (unknown person, or none set yet) always false. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    decoy ??= hashPassword(randomBytes(16).toString('hex'));
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** A password for a person who did not choose one (the command line, the demo): 20 base64url characters. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
