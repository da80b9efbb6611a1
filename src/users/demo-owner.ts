import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandLineActor, type OrganizationRef, type Services } from '../context.ts';
import { createUser } from './create-user.ts';
import { generatePassword, hashPassword, verifyPassword } from './passwords.ts';
import { updateUser } from './update-user.ts';
import { findMember } from './user-view.ts';

export const DEMO_EMAIL = 'demo@example.com';

export function demoPasswordFile(dataDir: string): string {
  return join(dataDir, 'demo-password');
}

/**
 * The demo organization's owner, to sign in to the web app with. The password is random; with
 * `passwordFile` (in the local data folder) it is kept and reused while it still fits, otherwise the
 * owner gets a new one on every start and it is printed again.
 */
export async function ensureDemoOwner(
  services: Services,
  organization: OrganizationRef,
  passwordFile?: string,
): Promise<{ email: string; password: string }> {
  const user = await services.db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', DEMO_EMAIL))
    .executeTakeFirst();
  // The demo owner may have been removed from the organization (or demoted): make them its owner again.
  const member = user ? await findMember(services.db, organization.id, user.id) : undefined;
  if (user && member?.role !== 'owner') {
    const ctx = { ...services, actor: commandLineActor(organization) };
    const restored = member
      ? await updateUser(ctx, user.id, { role: 'owner' })
      : await createUser(ctx, { email: DEMO_EMAIL, role: 'owner' });
    if (!restored.ok) throw new Error(`cannot restore the demo owner: ${restored.failure.detail}`);
  }
  if (user && passwordFile && existsSync(passwordFile)) {
    const kept = readFileSync(passwordFile, 'utf8').trim();
    if (await verifyPassword(user.password_hash, kept)) return { email: DEMO_EMAIL, password: kept };
  }
  const password = generatePassword();
  if (user) {
    await services.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(password), updated_at: services.clock.now() })
      .where('id', '=', user.id)
      .execute();
  } else {
    const created = await createUser(
      { ...services, actor: commandLineActor(organization) },
      { email: DEMO_EMAIL, name: 'Demo Owner', role: 'owner', password, language: 'en' },
    );
    if (!created.ok) throw new Error(`cannot create the demo owner: ${created.failure.detail}`);
  }
  if (passwordFile) writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  return { email: DEMO_EMAIL, password };
}
