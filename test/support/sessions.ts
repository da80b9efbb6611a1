import { randomUUID } from 'node:crypto';
import { commandLineActor, type OrganizationRef } from '../../src/context.ts';
import type { Role } from '../../src/db/tables-people.ts';
import { createUser } from '../../src/users/create-user.ts';
import type { TestApp } from './test-app.ts';

export const PASSWORD = 'correct horse battery staple';

export interface SignedIn {
  userId: string;
  email: string;
  cookie: string;
  csrf: string;
  /** Headers for a safe request (the cookie) and for an unsafe one (the cookie and X-CSRF-Token). */
  read: Record<string, string>;
  write: Record<string, string>;
}

/** A person of `role` in the organization, with the test password. */
export async function addPerson(t: TestApp, organization: OrganizationRef, role: Role, email?: string) {
  const made = await createUser(
    { ...t.services, actor: commandLineActor(organization) },
    { email: email ?? `${role}-${randomUUID().slice(0, 8)}@example.com`, role, password: PASSWORD },
  );
  if (!made.ok) throw new Error(made.failure.detail);
  return made.value.user;
}

/** The kassa_session cookie of a sign-in answer, as a Cookie header value. */
export function sessionCookieOf(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  const match = /kassa_session=([^;]*)/.exec(header ?? '');
  if (!match) throw new Error(`no session cookie in ${header}`);
  return `kassa_session=${match[1]}`;
}

export async function signIn(
  t: TestApp,
  email: string,
  extra: { organization?: string; totp_code?: string } = {},
): Promise<SignedIn> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session/',
    payload: { email, password: PASSWORD, ...extra },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email}: ${res.body}`);
  const cookie = sessionCookieOf(res.headers['set-cookie']);
  const csrf = res.json().csrf_token as string;
  return {
    userId: res.json().user.id,
    email,
    cookie,
    csrf,
    read: { cookie },
    write: { cookie, 'x-csrf-token': csrf },
  };
}

/** A new person of `role` in the organization, signed in. */
export async function signedIn(t: TestApp, organization: OrganizationRef, role: Role): Promise<SignedIn> {
  const person = await addPerson(t, organization, role);
  return signIn(t, person.email);
}
