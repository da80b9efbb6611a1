import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signedIn } from '../support/sessions.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let owner: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  owner = await signedIn(t, t.org, 'owner');
});
afterAll(async () => t.close());

const create = (headers: Record<string, string>, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/tokens/', headers, payload });

describe('API tokens through the API', () => {
  it('an owner creates a token: the secret once, then only its first and last characters', async () => {
    const res = await create(owner.write, { scope: 'read', name: 'BI export' });
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json();
    expect(made).toEqual({
      id: expect.any(String),
      name: 'BI export',
      scope: 'read',
      prefix: made.token.slice(0, 8),
      last_characters: made.token.slice(-4),
      created_date: '2025-01-15T10:00:00.000Z',
      revoked_date: null,
      token: expect.stringMatching(/^ks_[A-Za-z0-9_-]{43}$/),
    });
    const works = await t.app.inject({ url: '/api/v1/accounts/', headers: authHeaders(made.token) });
    expect(works.statusCode).toBe(200);
    const list = await t.app.inject({ url: '/api/v1/tokens/?limit=500', headers: owner.read });
    expect(list.statusCode).toBe(200);
    const listed = list.json().results.find((x: { id: string }) => x.id === made.id);
    const { token, ...shown } = made;
    expect(listed).toEqual(shown);
    expect(list.body).not.toContain(token);
    const log = await t.app.inject({ url: `/api/v1/audit-log/?entity_id=${made.id}`, headers: owner.read });
    expect(log.json().results[0]).toMatchObject({ action: 'api_token.created', user_id: owner.userId });
    expect(log.body).not.toContain(token);
  });

  it('revokes a token: it stops working (within the 5 s cache) and is listed as revoked', async () => {
    const made = (await create(owner.write, { scope: 'full' })).json();
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${made.id}/`,
      headers: owner.write,
    });
    expect(res.statusCode).toBe(204);
    t.clock.advance(6_000);
    expect(
      (await t.app.inject({ url: '/api/v1/accounts/', headers: authHeaders(made.token) })).statusCode,
    ).toBe(401);
    const live = (await t.app.inject({ url: '/api/v1/tokens/?limit=500', headers: owner.read })).json()
      .results;
    expect(live.map((x: { id: string }) => x.id)).not.toContain(made.id);
    const revoked = (await t.app.inject({ url: '/api/v1/tokens/?revoked=true', headers: owner.read })).json();
    expect(revoked.results).toEqual([
      expect.objectContaining({ id: made.id, revoked_date: '2025-01-15T10:00:00.000Z' }),
    ]);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${made.id}/`, headers: owner.write }))
        .statusCode,
    ).toBe(204);
  });

  it('a revoked token is refused at once by the server that revoked it, though it was just used', async () => {
    const made = (await create(owner.write, { scope: 'read' })).json();
    const use = () => t.app.inject({ url: '/api/v1/accounts/', headers: authHeaders(made.token) });
    expect((await use()).statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${made.id}/`,
      headers: owner.write,
    });
    expect(res.statusCode).toBe(204);
    expect((await use()).statusCode).toBe(401);
  });

  it('refuses bad input by field, other organizations’ tokens, members, viewers and narrow tokens', async () => {
    const bad = await create(owner.write, { scope: 'root', secret: 'mine' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['scope', 'secret']);
    const foreign = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${t.other.tokenIds.full}/`,
      headers: owner.write,
    });
    expect(foreign.statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: '/api/v1/accounts/', headers: authHeaders(t.other.tokens.full) }))
        .statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${randomUUID()}/`, headers: owner.write }))
        .statusCode,
    ).toBe(404);
    const ours = (await t.app.inject({ url: '/api/v1/tokens/?limit=500', headers: owner.read })).json()
      .results;
    expect(ours.map((x: { id: string }) => x.id)).not.toContain(t.other.tokenIds.full);
    for (const role of ['member', 'viewer'] as const) {
      const person = await signedIn(t, t.org, role);
      expect((await create(person.write, { scope: 'full' })).statusCode, role).toBe(403);
      expect((await t.app.inject({ url: '/api/v1/tokens/', headers: person.read })).statusCode, role).toBe(
        403,
      );
    }
    expect((await create(authHeaders(t.org.tokens.read), { scope: 'full' })).statusCode).toBe(403);
    expect((await create(authHeaders(t.org.tokens.full), { scope: 'import' })).statusCode).toBe(201);
  });
});
