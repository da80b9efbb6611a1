import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Encode, hotp, totpStep } from '../../src/domain/totp.ts';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../src/users/sessions.ts';
import { addPerson, PASSWORD, sessionCookieOf, signedIn, signIn } from '../support/sessions.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const HOUR = 60 * 60 * 1000;
const sessionsOf = (userId: string) =>
  t.handle.db.selectFrom('user_sessions').select('id').where('user_id', '=', userId).execute();
const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/session/', payload });

describe('POST /api/v1/session/ (sign in)', () => {
  it('answers the person, organization, role and a CSRF token, and sets an HttpOnly cookie', async () => {
    // E-mails are global (one person, many organizations): each run makes its own.
    const local = `Ann.Owner-${randomUUID().slice(0, 8)}`;
    const ann = await addPerson(t, t.org, 'owner', `${local}@example.com`);
    const res = await post({ email: `${local.toLowerCase()}@EXAMPLE.com`, password: PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      user: { id: ann.id, email: `${local}@example.com`, name: local, language: 'da' },
      organization: { id: t.org.id, slug: t.org.slug, name: `Test ${t.org.slug}` },
      role: 'owner',
      organizations: [{ id: t.org.id, slug: t.org.slug, name: `Test ${t.org.slug}`, role: 'owner' }],
      csrf_token: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^kassa_session=kss_[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain(`Max-Age=${SESSION_ABSOLUTE_MS / 1000}`);
    expect(cookie).not.toContain('Secure');
  });

  it('stores only a hash of the session secret', async () => {
    const person = await signedIn(t, t.org, 'viewer');
    const secret = person.cookie.split('=')[1]!;
    const rows = await t.handle.db
      .selectFrom('user_sessions')
      .selectAll()
      .where('user_id', '=', person.userId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('answers the same 401 for an unknown e-mail and a wrong password, and sets no cookie', async () => {
    const person = await addPerson(t, t.org, 'member');
    const wrong = await post({ email: person.email, password: 'not the password' });
    const unknown = await post({ email: 'nobody-here@example.com', password: PASSWORD });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(wrong.json().code).toBe('unauthenticated');
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it('refuses a person who has not set a password (invited), and bad input naming the field', async () => {
    const { createUser } = await import('../../src/users/create-user.ts');
    const { commandLineActor } = await import('../../src/context.ts');
    const invited = await createUser(
      { ...t.services, actor: commandLineActor(t.org) },
      { email: `invited-${randomUUID()}@example.com`, role: 'member' },
    );
    if (!invited.ok) throw new Error(invited.failure.detail);
    expect(invited.value.invitation).not.toBeNull();
    expect((await post({ email: invited.value.user.email, password: PASSWORD })).statusCode).toBe(401);
    const bad = await post({ email: 'x@example.com', password: PASSWORD, role: 'owner' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'role', code: 'unknown_field' })]);
    const missing = await post({ email: 'x@example.com' });
    expect(missing.json().errors[0].field).toBe('password');
  });

  it('throttles failed sign-ins per e-mail: 429 with Retry-After even with the right password, until the window ends', async () => {
    const person = await addPerson(t, t.org, 'member');
    for (let i = 0; i < 5; i++)
      expect((await post({ email: person.email, password: 'wrong' })).statusCode).toBe(401);
    const refused = await post({ email: person.email, password: PASSWORD });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBe(15 * 60);
    t.clock.advance(10 * 60 * 1000);
    expect(Number((await post({ email: person.email, password: PASSWORD })).headers['retry-after'])).toBe(
      5 * 60,
    );
    t.clock.advance(5 * 60 * 1000);
    expect((await post({ email: person.email, password: PASSWORD })).statusCode).toBe(200);
  });

  it('throttles failed sign-ins per client address across e-mails', async () => {
    // Every inject comes from 127.0.0.1; a fresh e-mail each time proves the count is per address.
    for (let i = 0; i < 20; i++) await post({ email: `guess-${i}@example.com`, password: 'x' });
    const person = await addPerson(t, t.org, 'viewer');
    const res = await post({ email: person.email, password: PASSWORD });
    expect(res.statusCode).toBe(429);
    t.clock.advance(15 * 60 * 1000);
    expect((await post({ email: person.email, password: PASSWORD })).statusCode).toBe(200);
  });

  it('asks for the TOTP code when the person has enrolled one: totp_required, totp_invalid, then a session', async () => {
    const person = await addPerson(t, t.org, 'owner');
    const key = Buffer.from('0123456789abcdefghij');
    await t.handle.db
      .updateTable('users')
      .set({ totp_secret: base32Encode(key) })
      .where('id', '=', person.id)
      .execute();
    const missing = await post({ email: person.email, password: PASSWORD });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().code).toBe('totp_required');
    const step = totpStep(t.clock.now());
    const wrong = await post({ email: person.email, password: PASSWORD, totp_code: hotp(key, step + 5) });
    expect(wrong.json().code).toBe('totp_invalid');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const right = await post({ email: person.email, password: PASSWORD, totp_code: hotp(key, step) });
    expect(right.statusCode, right.body).toBe(200);
    const replayed = await post({ email: person.email, password: PASSWORD, totp_code: hotp(key, step) });
    expect(replayed.json().code).toBe('totp_invalid');
    // A wrong password with a TOTP person still says only that the password is wrong.
    expect((await post({ email: person.email, password: 'wrong password' })).json().code).toBe(
      'unauthenticated',
    );
  });

  it('signs in to the organization asked for, and refuses one the person is not a member of', async () => {
    const person = await addPerson(t, t.org, 'member');
    t.clock.advance(1000);
    await addPerson(t, t.other, 'viewer', person.email);
    const there = await signIn(t, person.email, { organization: t.other.slug });
    const view = await t.app.inject({ url: '/api/v1/session/', headers: there.read });
    expect(view.json()).toMatchObject({ organization: { slug: t.other.slug }, role: 'viewer' });
    expect(view.json().organizations.map((o: { slug: string }) => o.slug)).toEqual([
      t.org.slug,
      t.other.slug,
    ]);
    const stranger = await addPerson(t, t.org, 'member');
    const res = await post({ email: stranger.email, password: PASSWORD, organization: t.other.slug });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('organization');
  });
});

describe('GET, DELETE /api/v1/session/ and switching organization', () => {
  it('GET answers the session with a fresh CSRF token; every token of the session stays valid', async () => {
    const person = await signedIn(t, t.org, 'member');
    const first = await t.app.inject({ url: '/api/v1/session/', headers: person.read });
    expect(first.statusCode).toBe(200);
    expect(first.json().user.id).toBe(person.userId);
    expect(first.json().csrf_token).not.toBe(person.csrf);
    for (const csrf of [person.csrf, first.json().csrf_token]) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/organization/',
        headers: { cookie: person.cookie, 'x-csrf-token': csrf },
        payload: { order_approval_required: false },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
  });

  it('GET is 401 without a session, and 403 for an API token (it is for people)', async () => {
    const none = await t.app.inject({ url: '/api/v1/session/' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('unauthenticated');
    const bogus = await t.app.inject({
      url: '/api/v1/session/',
      headers: { cookie: 'kassa_session=kss_made-up' },
    });
    expect(bogus.statusCode).toBe(401);
    const token = await t.app.inject({ url: '/api/v1/session/', headers: authHeaders(t.org.tokens.full) });
    expect(token.statusCode).toBe(403);
    expect(token.json().code).toBe('insufficient_scope');
  });

  it('DELETE needs the CSRF token, then ends the session on the server and clears the cookie', async () => {
    const person = await signedIn(t, t.org, 'viewer');
    const noCsrf = await t.app.inject({ method: 'DELETE', url: '/api/v1/session/', headers: person.read });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf_failed');
    const other = await signedIn(t, t.org, 'viewer');
    const foreignCsrf = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/session/',
      headers: { cookie: person.cookie, 'x-csrf-token': other.csrf },
    });
    expect(foreignCsrf.statusCode).toBe(403);
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/session/', headers: person.write });
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/^kassa_session=; .*Max-Age=0/);
    const after = await t.app.inject({ url: '/api/v1/session/', headers: person.read });
    expect(after.statusCode).toBe(401);
    expect(await sessionsOf(person.userId)).toEqual([]);
  });

  it('switches organization: the role and every route follow; not a member is refused by field', async () => {
    const person = await signedIn(t, t.org, 'owner');
    await addPerson(t, t.other, 'viewer', person.email);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session/organization/',
      headers: person.read,
      payload: { organization: t.other.slug },
    });
    expect(noCsrf.statusCode).toBe(403);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session/organization/',
      headers: person.write,
      payload: { organization: t.other.slug },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ organization: { id: t.other.id }, role: 'viewer' });
    const org = await t.app.inject({ url: '/api/v1/organization/', headers: person.read });
    expect(org.json().slug).toBe(t.other.slug);
    const write = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/organization/',
      headers: person.write,
      payload: { name: 'Not allowed' },
    });
    expect(write.statusCode).toBe(403);
    const nowhere = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session/organization/',
      headers: person.write,
      payload: { organization: 'no-such-org' },
    });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().errors[0].field).toBe('organization');
  });
});

describe('the session cookie on the rest of the API', () => {
  const account = (code: string) => ({ code, name: 'Cookie Co', email: 'c@example.com' });

  it('a viewer reads and may not write; a member writes with the CSRF token only', async () => {
    const viewer = await signedIn(t, t.org, 'viewer');
    expect((await t.app.inject({ url: '/api/v1/accounts/', headers: viewer.read })).statusCode).toBe(200);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: viewer.write,
      payload: account('VIEWER-1'),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('insufficient_scope');
    const member = await signedIn(t, t.org, 'member');
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: member.read,
      payload: account('MEMBER-1'),
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf_failed');
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: member.write,
      payload: account('MEMBER-1'),
    });
    expect(made.statusCode, made.body).toBe(201);
    const nothing = await t.app.inject({ url: '/api/v1/accounts/VIEWER-1/', headers: member.read });
    expect(nothing.statusCode).toBe(404);
  });

  it('the audit log records the person, whatever X-User says', async () => {
    const member = await signedIn(t, t.org, 'member');
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: { ...member.write, 'x-user': 'someone-else', 'x-client-system': 'kassa-web' },
      payload: account('AUDITED-1'),
    });
    const log = await t.app.inject({
      url: `/api/v1/audit-log/?entity_id=${made.json().uuid}`,
      headers: member.read,
    });
    expect(log.json().results).toEqual([
      expect.objectContaining({
        action: 'account.created',
        token: null,
        user: member.email,
        user_id: member.userId,
        client_system: 'kassa-web',
      }),
    ]);
    const byPerson = await t.app.inject({
      url: `/api/v1/audit-log/?user_id=${member.userId}`,
      headers: authHeaders(t.org.tokens.read),
    });
    expect(byPerson.json().count).toBe(1);
  });

  it("another organization's objects answer 404 to a session, as to a token", async () => {
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: authHeaders(t.other.tokens.full),
      payload: account('THEIRS-1'),
    });
    const member = await signedIn(t, t.org, 'member');
    const res = await t.app.inject({ url: `/api/v1/accounts/${theirs.json().uuid}/`, headers: member.read });
    expect(res.statusCode).toBe(404);
  });

  it('an Authorization header wins over the cookie (a token needs no CSRF token)', async () => {
    const viewer = await signedIn(t, t.org, 'viewer');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: { ...viewer.read, ...authHeaders(t.org.tokens.full) },
      payload: account('TOKEN-WINS'),
    });
    expect(res.statusCode).toBe(201);
    const badHeader = await t.app.inject({
      url: '/api/v1/accounts/',
      headers: { ...viewer.read, authorization: 'Basic xyz' },
    });
    expect(badHeader.statusCode).toBe(401);
  });
});

describe('session expiry (injected clock)', () => {
  it('ends after 8 hours without a request', async () => {
    const person = await signedIn(t, t.org, 'viewer');
    t.clock.advance(SESSION_IDLE_MS - 1000);
    expect((await t.app.inject({ url: '/api/v1/session/', headers: person.read })).statusCode).toBe(200);
    t.clock.advance(SESSION_IDLE_MS - 1000);
    expect((await t.app.inject({ url: '/api/v1/session/', headers: person.read })).statusCode).toBe(200);
    t.clock.advance(SESSION_IDLE_MS);
    const expired = await t.app.inject({ url: '/api/v1/accounts/', headers: person.read });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().detail).toMatch(/expired/);
    expect(await sessionsOf(person.userId)).toEqual([]);
  });

  it('ends 7 days after sign-in however busy it is', async () => {
    const person = await signedIn(t, t.org, 'viewer');
    let elapsed = 0;
    while (elapsed + 7 * HOUR < SESSION_ABSOLUTE_MS) {
      t.clock.advance(7 * HOUR);
      elapsed += 7 * HOUR;
      expect((await t.app.inject({ url: '/api/v1/session/', headers: person.read })).statusCode).toBe(200);
    }
    t.clock.advance(SESSION_ABSOLUTE_MS - elapsed);
    expect((await t.app.inject({ url: '/api/v1/session/', headers: person.read })).statusCode).toBe(401);
  });

  it('a sign-in sweeps the person’s ended sessions that were never presented again', async () => {
    const person = await signedIn(t, t.org, 'viewer');
    t.clock.advance(SESSION_IDLE_MS + 1000);
    await signIn(t, person.email);
    expect(await sessionsOf(person.userId)).toHaveLength(1);
    await signIn(t, person.email);
    expect(await sessionsOf(person.userId)).toHaveLength(2);
  });

  it('a removed membership ends the sessions in that organization', async () => {
    const person = await signedIn(t, t.org, 'member');
    await t.handle.db
      .deleteFrom('memberships')
      .where('organization_id', '=', t.org.id)
      .where('user_id', '=', person.userId)
      .execute();
    expect((await t.app.inject({ url: '/api/v1/session/', headers: person.read })).statusCode).toBe(401);
  });
});

describe('the cookie outside localhost', () => {
  let secure: TestApp;
  beforeAll(async () => {
    const { outboxMailer } = await import('../../src/mail/mailer.ts');
    secure = await createTestApp({
      integrations: {
        mailer: outboxMailer('/tmp/kassa-test-outbox'),
        mailFrom: 'kassa <billing@example.com>',
        gateways: {},
        publicUrl: 'https://billing.example.com',
      },
    });
  });
  afterAll(async () => secure.close());

  it('is Secure when the public address is https and the host is not localhost', async () => {
    const person = await addPerson(secure, secure.org, 'owner');
    const signInAt = (host: string) =>
      secure.app.inject({
        method: 'POST',
        url: '/api/v1/session/',
        headers: { host },
        payload: { email: person.email, password: PASSWORD },
      });
    const remote = await signInAt('billing.example.com');
    expect(String(remote.headers['set-cookie'])).toMatch(/; Secure$/);
    const local = await signInAt('127.0.0.1:3000');
    expect(String(local.headers['set-cookie'])).not.toContain('Secure');
    expect(sessionCookieOf(remote.headers['set-cookie'])).toMatch(/^kassa_session=kss_/);
  });
});
