import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import type { Services } from '../../src/context.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { DEMO_EMAIL, demoPasswordFile, ensureDemoOwner } from '../../src/users/demo-owner.ts';
import { signIn } from '../../src/users/sign-in.ts';
import { createTestOrganization } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-db.ts';

let handle: DatabaseHandle;
let services: Services;
const folder = mkdtempSync(join(tmpdir(), 'kassa-demo-owner-'));
beforeAll(async () => {
  handle = await openTestDatabase();
  services = { db: handle.db, clock: new ManualClock('2025-01-15T10:00:00Z') };
});
afterAll(async () => {
  await handle.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the demo owner', () => {
  it('is made once, keeps its password in the data folder, and is restored as owner when removed', async () => {
    const org = await createTestOrganization(services);
    const file = demoPasswordFile(folder);
    const first = await ensureDemoOwner(services, org, file);
    expect(first.email).toBe(DEMO_EMAIL);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.password);
    const again = await ensureDemoOwner(services, org, file);
    expect(again.password).toBe(first.password);
    const signedIn = await signIn(services, {
      email: DEMO_EMAIL,
      password: first.password,
      organization: org.slug,
    });
    expect(signedIn.ok).toBe(true);

    const user = await handle.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', DEMO_EMAIL)
      .executeTakeFirstOrThrow();
    await handle.db
      .deleteFrom('memberships')
      .where('organization_id', '=', org.id)
      .where('user_id', '=', user.id)
      .execute();
    const restored = await ensureDemoOwner(services, org, file);
    expect(restored.password).toBe(first.password);
    const role = await handle.db
      .selectFrom('memberships')
      .select('role')
      .where('organization_id', '=', org.id)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    expect(role?.role).toBe('owner');

    const fresh = await ensureDemoOwner(services, org);
    expect(fresh.password).not.toBe(first.password);
    expect((await signIn(services, { email: DEMO_EMAIL, password: first.password })).ok).toBe(false);
    expect((await signIn(services, { email: DEMO_EMAIL, password: fresh.password })).ok).toBe(true);
  });
});
