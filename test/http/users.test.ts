import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, hotp, totpStep } from '../../src/domain/totp.ts';
import { startMailCatcher } from '../support/mail-catcher.ts';
import { addPerson, PASSWORD, type SignedIn, signedIn, signIn } from '../support/sessions.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let owner: SignedIn;
beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTestApp({
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'kassa <billing@example.com>',
      gateways: {},
      publicUrl: 'https://billing.example.com',
    },
  });
  owner = await signedIn(t, t.org, 'owner');
});
afterAll(async () => {
  await t.close();
  await mail.close();
});

const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.com`;
const as = (who: SignedIn, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: who.write, ...(payload ? { payload } : {}) });
const get = (who: SignedIn | Record<string, string>, url: string) =>
  t.app.inject({ url, headers: 'read' in who ? (who as SignedIn).read : (who as Record<string, string>) });

describe('inviting people (POST /api/v1/users/)', () => {
  it('invites a new person: an e-mail in their language with a link to set the password, once', async () => {
    const email = unique('bo');
    const res = await as(owner, 'POST', '/api/v1/users/', {
      email,
      name: 'Bo Bogholder',
      role: 'member',
      language: 'sv',
    });
    expect(res.statusCode, res.body).toBe(201);
    const invited = res.json();
    expect(invited).toMatchObject({
      email,
      name: 'Bo Bogholder',
      role: 'member',
      language: 'sv',
      status: 'invited',
      totp_enabled: false,
      emailed: true,
      invitation_expires_date: '2025-01-22T10:00:00.000Z',
    });
    expect(invited.invitation_url).toMatch(
      /^https:\/\/billing\.example\.com\/accept-invitation\?token=ksi_[A-Za-z0-9_-]{43}$/,
    );
    const letter = mail.received.find((m) => m.subject?.includes(t.org.slug));
    expect(letter?.subject).toBe(`Inbjudan till Test ${t.org.slug} i kassa`);
    expect(letter?.text).toContain(invited.invitation_url);
    expect(letter?.text).toContain('Välj ditt lösenord');
    // Not signed in before the password is set.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/session/',
          payload: { email, password: PASSWORD },
        })
      ).statusCode,
    ).toBe(401);

    const token = new URL(invited.invitation_url).searchParams.get('token');
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept/',
      payload: { token, password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].field).toBe('password');
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept/',
      payload: { token, password: PASSWORD },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({
      user: { email },
      organization: { id: t.org.id },
      role: 'member',
    });
    expect(String(accepted.headers['set-cookie'])).toMatch(/^kassa_session=kss_/);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept/',
      payload: { token, password: PASSWORD },
    });
    expect(again.statusCode).toBe(404);
    const bo = await signIn(t, email);
    expect((await get(bo, '/api/v1/users/me/')).json()).toMatchObject({ status: 'active', role: 'member' });
  });

  it('sends a new invitation to someone who has not set a password; the old link stops working', async () => {
    const first = (
      await as(owner, 'POST', '/api/v1/users/', { email: unique('again'), role: 'viewer' })
    ).json();
    const oldToken = new URL(first.invitation_url).searchParams.get('token');
    const renewed = await as(owner, 'POST', `/api/v1/users/${first.id}/invitation/`, {});
    expect(renewed.statusCode, renewed.body).toBe(200);
    expect(renewed.json()).toMatchObject({ id: first.id, status: 'invited', emailed: true });
    expect(renewed.json().invitation_url).not.toBe(first.invitation_url);
    const accept = (token: string | null) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/invitations/accept/',
        payload: { token, password: PASSWORD },
      });
    expect((await accept(oldToken)).statusCode).toBe(404);
    expect((await accept(new URL(renewed.json().invitation_url).searchParams.get('token'))).statusCode).toBe(
      200,
    );
    const active = await as(owner, 'POST', `/api/v1/users/${first.id}/invitation/`, {});
    expect(active.statusCode).toBe(409);
    expect(active.json().code).toBe('not_invited');
  });

  it('never hands an owner the link of someone another organization has too', async () => {
    const invited = (
      await as(owner, 'POST', '/api/v1/users/', { email: unique('shared'), role: 'viewer' })
    ).json();
    await addPerson(t, t.other, 'viewer', invited.email);
    const res = await as(owner, 'POST', `/api/v1/users/${invited.id}/invitation/`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('not_invited');
    const theirs = await addPerson(t, t.other, 'viewer');
    expect((await as(owner, 'POST', `/api/v1/users/${theirs.id}/invitation/`, {})).statusCode).toBe(404);
  });

  it('an invitation expires after 7 days', async () => {
    const res = await as(owner, 'POST', '/api/v1/users/', { email: unique('late'), role: 'viewer' });
    const token = new URL(res.json().invitation_url).searchParams.get('token');
    t.clock.advance(7 * 24 * 3600 * 1000);
    const late = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept/',
      payload: { token, password: PASSWORD },
    });
    expect(late.statusCode).toBe(410);
    expect(late.json().code).toBe('link_expired');
    // Seven days idle ended the owner's session too.
    owner = await signIn(t, owner.email);
  });

  it('adds someone who signs in elsewhere at once, with no invitation; a member twice is refused by field', async () => {
    const elsewhere = await addPerson(t, t.other, 'owner');
    const res = await as(owner, 'POST', '/api/v1/users/', {
      email: elsewhere.email.toUpperCase(),
      role: 'viewer',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      id: elsewhere.id,
      role: 'viewer',
      status: 'active',
      invitation_url: null,
    });
    const again = await as(owner, 'POST', '/api/v1/users/', { email: elsewhere.email, role: 'member' });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0]).toMatchObject({ field: 'email', code: 'taken' });
    const bad = await as(owner, 'POST', '/api/v1/users/', { email: 'not-an-email', role: 'boss' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['email', 'role']);
  });

  it('only owners (and full tokens) manage people', async () => {
    const member = await signedIn(t, t.org, 'member');
    expect(
      (await as(member, 'POST', '/api/v1/users/', { email: unique('x'), role: 'owner' })).statusCode,
    ).toBe(403);
    expect((await get(member, '/api/v1/users/')).statusCode).toBe(403);
    expect((await get(authHeaders(t.org.tokens.read), '/api/v1/users/')).statusCode).toBe(403);
    const byToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users/',
      headers: authHeaders(t.org.tokens.full),
      payload: { email: unique('tok'), role: 'viewer' },
    });
    expect(byToken.statusCode).toBe(201);
  });
});

describe('listing, reading, changing and removing people', () => {
  it('lists the organization’s people only, with role and search filters', async () => {
    const theirs = await addPerson(t, t.other, 'member');
    const viewer = await addPerson(t, t.org, 'viewer', unique('zelda'));
    const all = await get(owner, '/api/v1/users/?limit=500');
    expect(all.statusCode).toBe(200);
    const ids = all.json().results.map((u: { id: string }) => u.id);
    expect(ids).toContain(owner.userId);
    expect(ids).toContain(viewer.id);
    expect(ids).not.toContain(theirs.id);
    expect(all.json().count).toBe(ids.length);
    const viewers = (await get(owner, '/api/v1/users/?role=viewer&limit=500')).json().results;
    expect(viewers.every((u: { role: string }) => u.role === 'viewer')).toBe(true);
    const found = (await get(owner, '/api/v1/users/?search=ZELDA')).json();
    expect(found.results.map((u: { id: string }) => u.id)).toEqual([viewer.id]);
    const page = (await get(owner, '/api/v1/users/?limit=1')).json();
    expect(page.results).toHaveLength(1);
    expect(page.next).toContain('cursor=');
    expect((await get(owner, '/api/v1/users/?sort=name')).statusCode).toBe(400);
  });

  it('reads one person; another organization’s person answers 404 like a missing one', async () => {
    const person = await addPerson(t, t.org, 'member');
    const res = await get(owner, `/api/v1/users/${person.id}/`);
    expect(res.json()).toEqual(person);
    const theirs = await addPerson(t, t.other, 'member');
    expect((await get(owner, `/api/v1/users/${theirs.id}/`)).statusCode).toBe(404);
    expect((await get(owner, `/api/v1/users/${randomUUID()}/`)).statusCode).toBe(404);
    expect((await as(owner, 'PATCH', `/api/v1/users/${theirs.id}/`, { role: 'owner' })).statusCode).toBe(404);
    expect((await as(owner, 'DELETE', `/api/v1/users/${theirs.id}/`)).statusCode).toBe(404);
  });

  it('changes role, name and language, and the role takes effect on the person’s session at once', async () => {
    const member = await signedIn(t, t.org, 'member');
    const res = await as(owner, 'PATCH', `/api/v1/users/${member.userId}/`, {
      role: 'viewer',
      name: 'Vera',
      language: 'de',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ role: 'viewer', name: 'Vera', language: 'de' });
    const write = await as(member, 'PATCH', '/api/v1/organization/', { name: 'No' });
    expect(write.statusCode).toBe(403);
    const log = await get(owner, `/api/v1/audit-log/?entity_id=${member.userId}&action=user.updated`);
    expect(log.json().results[0]).toMatchObject({
      user_id: owner.userId,
      before: expect.objectContaining({ role: 'member' }),
      after: expect.objectContaining({ role: 'viewer' }),
    });
    const bad = await as(owner, 'PATCH', `/api/v1/users/${member.userId}/`, {
      role: 'admin',
      email: 'x@example.com',
    });
    expect(bad.statusCode).toBe(400);
    expect((await get(owner, `/api/v1/users/${member.userId}/`)).json().role).toBe('viewer');
  });

  it('keeps the last owner: no demotion, no removal (409 last_owner)', async () => {
    const solo = await createSoloOrganization();
    const demote = await as(solo.owner, 'PATCH', `/api/v1/users/${solo.owner.userId}/`, { role: 'member' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('last_owner');
    expect((await as(solo.owner, 'DELETE', `/api/v1/users/${solo.owner.userId}/`)).json().code).toBe(
      'last_owner',
    );
    const second = await addPerson(t, solo.org, 'owner');
    expect(
      (await as(solo.owner, 'PATCH', `/api/v1/users/${solo.owner.userId}/`, { role: 'member' })).statusCode,
    ).toBe(200);
    expect((await as(solo.owner, 'DELETE', `/api/v1/users/${second.id}/`)).statusCode).toBe(403);
  });

  it('removing a person ends their sessions here; they keep their other organizations', async () => {
    const member = await signedIn(t, t.org, 'member');
    await addPerson(t, t.other, 'viewer', member.email);
    const res = await as(owner, 'DELETE', `/api/v1/users/${member.userId}/`);
    expect(res.statusCode).toBe(204);
    expect((await get(member, '/api/v1/session/')).statusCode).toBe(401);
    expect((await get(owner, `/api/v1/users/${member.userId}/`)).statusCode).toBe(404);
    const there = await signIn(t, member.email);
    expect((await get(there, '/api/v1/session/')).json().organization.id).toBe(t.other.id);
    const loner = await addPerson(t, t.org, 'viewer');
    expect((await as(owner, 'DELETE', `/api/v1/users/${loner.id}/`)).statusCode).toBe(204);
    expect(await t.handle.db.selectFrom('users').select('id').where('id', '=', loner.id).execute()).toEqual(
      [],
    );
  });
});

async function createSoloOrganization() {
  const { createTestOrganization } = await import('../support/test-app.ts');
  const org = await createTestOrganization(t.services);
  return { org, owner: await signedIn(t, org, 'owner') };
}

describe('your own user (/api/v1/users/me/)', () => {
  it('reads and changes your own name and language (not your role); tokens are refused', async () => {
    const viewer = await signedIn(t, t.org, 'viewer');
    expect((await get(viewer, '/api/v1/users/me/')).json()).toMatchObject({
      id: viewer.userId,
      role: 'viewer',
    });
    const res = await as(viewer, 'PATCH', '/api/v1/users/me/', { language: 'en', name: 'Viv' });
    expect(res.json()).toMatchObject({ language: 'en', name: 'Viv', role: 'viewer' });
    expect((await as(viewer, 'PATCH', '/api/v1/users/me/', { role: 'owner' })).statusCode).toBe(400);
    expect((await get(authHeaders(t.org.tokens.full), '/api/v1/users/me/')).statusCode).toBe(403);
  });

  it('changes the password with the current one, and ends the other sessions', async () => {
    const person = await addPerson(t, t.org, 'member');
    const here = await signIn(t, person.email);
    const there = await signIn(t, person.email);
    const wrong = await as(here, 'POST', '/api/v1/users/me/password/', {
      current_password: 'nope',
      new_password: 'a new long password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('current_password');
    const weak = await as(here, 'POST', '/api/v1/users/me/password/', {
      current_password: PASSWORD,
      new_password: 'short',
    });
    expect(weak.json().errors[0].field).toBe('new_password');
    const res = await as(here, 'POST', '/api/v1/users/me/password/', {
      current_password: PASSWORD,
      new_password: 'a new long password',
    });
    expect(res.statusCode).toBe(204);
    expect((await get(here, '/api/v1/session/')).statusCode).toBe(200);
    expect((await get(there, '/api/v1/session/')).statusCode).toBe(401);
    const login = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/session/', payload: { email: person.email, password } });
    expect((await login(PASSWORD)).statusCode).toBe(401);
    expect((await login('a new long password')).statusCode).toBe(200);
  });

  it('sets up a second factor: enrol, confirm with a code, sign in with codes, disable with the password', async () => {
    const person = await signedIn(t, t.org, 'viewer');
    const noneYet = await as(person, 'POST', '/api/v1/users/me/totp/confirm/', { code: '123456' });
    expect(noneYet.json().errors[0]).toMatchObject({ field: 'code', code: 'not_enrolled' });
    const enrolled = await as(person, 'POST', '/api/v1/users/me/totp/', {});
    expect(enrolled.statusCode).toBe(200);
    const { secret, otpauth_uri } = enrolled.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauth_uri).toContain(`secret=${secret}`);
    const key = base32Decode(secret)!;
    const step = totpStep(t.clock.now());
    const wrong = await as(person, 'POST', '/api/v1/users/me/totp/confirm/', { code: hotp(key, step + 3) });
    expect(wrong.json().errors[0]).toMatchObject({ field: 'code', code: 'wrong' });
    // Not on until confirmed: sign-in still needs no code.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/session/',
          payload: { email: person.email, password: PASSWORD },
        })
      ).statusCode,
    ).toBe(200);
    const on = await as(person, 'POST', '/api/v1/users/me/totp/confirm/', { code: hotp(key, step) });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json().totp_enabled).toBe(true);
    const signInWith = (extra: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/session/',
        payload: { email: person.email, password: PASSWORD, ...extra },
      });
    expect((await signInWith({})).json().code).toBe('totp_required');
    expect((await signInWith({ totp_code: hotp(key, step) })).json().code).toBe('totp_invalid');
    t.clock.advance(30_000);
    expect((await signInWith({ totp_code: hotp(key, step + 1) })).statusCode).toBe(200);
    const badPassword = await as(person, 'POST', '/api/v1/users/me/totp/disable/', { password: 'wrong' });
    expect(badPassword.json().errors[0].field).toBe('password');
    const off = await as(person, 'POST', '/api/v1/users/me/totp/disable/', { password: PASSWORD });
    expect(off.json().totp_enabled).toBe(false);
    expect((await signInWith({})).statusCode).toBe(200);
    const actions = (await get(owner, `/api/v1/audit-log/?entity_id=${person.userId}`))
      .json()
      .results.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['user.added', 'user.totp_enabled', 'user.totp_disabled']);
  });
});
