import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signedIn } from '../support/sessions.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let owner: SignedIn;
let otherOwner: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  owner = await signedIn(t, t.org, 'owner');
  otherOwner = await signedIn(t, t.other, 'owner');
});
afterAll(async () => t.close());

interface Client {
  id: string;
  client_id: string;
  client_secret: string;
  scope: string;
}

let n = 0;
async function makeClient(scope: string, headers: Record<string, string> = owner.write): Promise<Client> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/oauth-clients/',
    headers,
    payload: { scope, name: `client ${n++}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function tokenRequest(
  options: { authorization?: string; body?: string; contentType?: string; remoteAddress?: string } = {},
) {
  return t.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      ...(options.authorization ? { authorization: options.authorization } : {}),
    },
    payload: options.body ?? 'grant_type=client_credentials',
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}

async function accessToken(client: Client): Promise<string> {
  const res = await tokenRequest({ authorization: basic(client.client_id, client.client_secret) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().access_token;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('OAuth clients', () => {
  it('an owner creates one: the secret once, listed with the clients and not with the tokens', async () => {
    const client = await makeClient('read');
    expect(client).toEqual({
      id: client.client_id,
      client_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      client_secret: expect.stringMatching(/^kc_[A-Za-z0-9_-]{43}$/),
      name: expect.any(String),
      scope: 'read',
      prefix: client.client_secret.slice(0, 8),
      last_characters: client.client_secret.slice(-4),
      created_date: '2025-01-15T10:00:00.000Z',
      revoked_date: null,
    });
    const clients = await t.app.inject({ url: '/api/v1/oauth-clients/?limit=500', headers: owner.read });
    expect(clients.statusCode).toBe(200);
    expect(clients.json().results.map((c: { id: string }) => c.id)).toContain(client.id);
    expect(clients.body).not.toContain(client.client_secret);
    const tokens = await t.app.inject({ url: '/api/v1/tokens/?limit=500', headers: owner.read });
    expect(tokens.body).not.toContain(client.id);
    const log = await t.app.inject({ url: `/api/v1/audit-log/?entity_id=${client.id}`, headers: owner.read });
    expect(log.json().results[0]).toMatchObject({
      action: 'oauth_client.created',
      entity_type: 'oauth_client',
    });
    expect(log.body).not.toContain(client.client_secret);
  });

  it('a client secret is not a bearer token itself', async () => {
    const client = await makeClient('full');
    const res = await t.app.inject({ url: '/api/v1/accounts/', headers: authHeaders(client.client_secret) });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a scope that does not exist, naming the field, and makes nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/oauth-clients/',
      headers: owner.write,
      payload: { scope: 'root' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('scope');
  });

  it('another organization cannot see or revoke them; a read token may not manage them', async () => {
    const client = await makeClient('full');
    const theirs = await t.app.inject({ url: '/api/v1/oauth-clients/?limit=500', headers: otherOwner.read });
    expect(theirs.body).not.toContain(client.id);
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/oauth-clients/${client.id}/`,
      headers: otherOwner.write,
    });
    expect(revoke.statusCode).toBe(404);
    const read = await t.app.inject({
      url: '/api/v1/oauth-clients/',
      headers: authHeaders(t.org.tokens.read),
    });
    expect(read.statusCode).toBe(403);
    // An API token's id is not an OAuth client's, and the other way round.
    const asClient = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/oauth-clients/${t.org.tokenIds.import}/`,
      headers: owner.write,
    });
    expect(asClient.statusCode).toBe(404);
    const asToken = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${client.id}/`,
      headers: owner.write,
    });
    expect(asToken.statusCode).toBe(404);
    expect(await accessToken(client)).toMatch(/^ka_/);
  });
});

describe('POST /oauth/token', () => {
  it('client credentials by HTTP Basic buy a bearer token that works on kassa routes, audited as the client', async () => {
    const client = await makeClient('full');
    const res = await tokenRequest({ authorization: basic(client.client_id, client.client_secret) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      access_token: expect.stringMatching(/^ka_[A-Za-z0-9_-]{43}$/),
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'full',
    });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.pragma).toBe('no-cache');
    const token = res.json().access_token;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: { ...bearer(token), 'x-client-system': 'billwerk-compat' },
      payload: { code: 'OAUTH-1', name: 'Via OAuth', email: 'oauth@example.com' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const log = await t.app.inject({
      url: `/api/v1/audit-log/?entity_id=${created.json().uuid}`,
      headers: owner.read,
    });
    expect(log.json().results[0]).toMatchObject({
      action: 'account.created',
      token: client.id,
      client_system: 'billwerk-compat',
    });
    // Other modules' routes too: the token is checked where an API token is.
    for (const url of ['/api/v1/invoices/', '/api/v1/subscriptions/', '/api/v1/tokens/'])
      expect((await t.app.inject({ url, headers: bearer(token) })).statusCode, url).toBe(200);
  });

  it('takes client_id and client_secret in the form body too, and a scope that is the client’s own', async () => {
    const client = await makeClient('read');
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
      scope: 'read',
    }).toString();
    const res = await tokenRequest({ body });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().scope).toBe('read');
  });

  it('a wrong secret, an unknown client and no credentials answer 401 invalid_client with WWW-Authenticate Basic', async () => {
    const client = await makeClient('full');
    for (const authorization of [
      basic(client.client_id, `${client.client_secret}x`),
      basic('019ae2a4-4b1c-7d3e-9f00-2c5d6e7f8a9b', client.client_secret),
      basic('not-a-uuid', 'x'),
      'Basic !!!',
      `Bearer ${client.client_secret}`,
      undefined,
    ]) {
      const res = await tokenRequest({
        ...(authorization ? { authorization } : {}),
        remoteAddress: '10.1.0.1',
      });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm="kassa"/);
      expect(res.headers['content-type']).toContain('application/json');
    }
  });

  it('a read client’s token may read but not write; asking for another scope is invalid_scope', async () => {
    const client = await makeClient('read');
    const token = await accessToken(client);
    expect((await t.app.inject({ url: '/api/v1/accounts/', headers: bearer(token) })).statusCode).toBe(200);
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: bearer(token),
      payload: { code: 'OAUTH-RO', name: 'No', email: 'no@example.com' },
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('insufficient_scope');
    const wider = await tokenRequest({
      authorization: basic(client.client_id, client.client_secret),
      body: 'grant_type=client_credentials&scope=full',
    });
    expect(wider.statusCode).toBe(400);
    expect(wider.json().error).toBe('invalid_scope');
  });

  it('a token sees its own organization only', async () => {
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: authHeaders(t.other.tokens.full),
      payload: { code: 'OTHER-OAUTH', name: 'Theirs', email: 'theirs@example.com' },
    });
    expect(theirs.statusCode).toBe(201);
    const token = await accessToken(await makeClient('full'));
    const res = await t.app.inject({
      url: `/api/v1/accounts/${theirs.json().uuid}/`,
      headers: bearer(token),
    });
    expect(res.statusCode).toBe(404);
    const list = await t.app.inject({ url: '/api/v1/accounts/?limit=500', headers: bearer(token) });
    expect(list.body).not.toContain(theirs.json().uuid);
    // And the other organization's client gets a token for its own organization.
    const otherToken = await accessToken(await makeClient('full', otherOwner.write));
    const mine = await t.app.inject({
      url: `/api/v1/accounts/${theirs.json().uuid}/`,
      headers: bearer(otherToken),
    });
    expect(mine.statusCode).toBe(200);
  });

  it('a token expires after expires_in', async () => {
    const token = await accessToken(await makeClient('read'));
    t.clock.advance(3599_000);
    expect((await t.app.inject({ url: '/api/v1/accounts/', headers: bearer(token) })).statusCode).toBe(200);
    t.clock.advance(1_000);
    const res = await t.app.inject({ url: '/api/v1/accounts/', headers: bearer(token) });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
  });

  it('a revoked client gets no token, and the tokens it has stop working', async () => {
    const client = await makeClient('full');
    const token = await accessToken(client);
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/oauth-clients/${client.id}/`,
      headers: owner.write,
    });
    expect(revoke.statusCode).toBe(204);
    t.clock.advance(6_000);
    expect((await t.app.inject({ url: '/api/v1/accounts/', headers: bearer(token) })).statusCode).toBe(401);
    const again = await tokenRequest({
      authorization: basic(client.client_id, client.client_secret),
      remoteAddress: '10.2.0.1',
    });
    expect(again.statusCode).toBe(401);
    expect(again.json().error).toBe('invalid_client');
    const revoked = await t.app.inject({ url: '/api/v1/oauth-clients/?revoked=true', headers: owner.read });
    expect(revoked.json().results.map((c: { id: string }) => c.id)).toContain(client.id);
    const log = await t.app.inject({ url: `/api/v1/audit-log/?entity_id=${client.id}`, headers: owner.read });
    expect(log.json().results.map((r: { action: string }) => r.action)).toContain('oauth_client.revoked');
  });

  it('answers RFC 6749 errors to a bad request: grant type, missing or repeated parameters, two ways of authenticating', async () => {
    const client = await makeClient('full');
    const auth = basic(client.client_id, client.client_secret);
    const cases: [Parameters<typeof tokenRequest>[0], string][] = [
      [{ authorization: auth, body: 'grant_type=password&username=a&password=b' }, 'unsupported_grant_type'],
      [{ authorization: auth, body: 'scope=full' }, 'invalid_request'],
      [{ authorization: auth, body: '' }, 'invalid_request'],
      [
        { authorization: auth, body: 'grant_type=client_credentials&grant_type=client_credentials' },
        'invalid_request',
      ],
      [
        {
          authorization: auth,
          body: `grant_type=client_credentials&client_id=${client.client_id}&client_secret=${client.client_secret}`,
        },
        'invalid_request',
      ],
    ];
    // A JSON body is taken as leniently as a form.
    const json = await tokenRequest({
      authorization: auth,
      body: JSON.stringify({ grant_type: 'client_credentials' }),
      contentType: 'application/json',
    });
    expect(json.statusCode, json.body).toBe(200);
    for (const [request, error] of cases) {
      const res = await tokenRequest(request);
      expect(res.statusCode, JSON.stringify(request)).toBe(400);
      expect(res.json(), JSON.stringify(request)).toEqual({ error, error_description: expect.any(String) });
    }
  });

  it('throttles failed client authentication per address: 429 after 20 failures, even with the right secret', async () => {
    const client = await makeClient('full');
    const right = basic(client.client_id, client.client_secret);
    const wrong = basic(client.client_id, 'kc_wrong');
    for (let i = 0; i < 20; i++)
      expect((await tokenRequest({ authorization: wrong, remoteAddress: '10.9.9.9' })).statusCode).toBe(401);
    const throttled = await tokenRequest({ authorization: right, remoteAddress: '10.9.9.9' });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().code).toBe('rate_limited');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not held up; after the window, this one may try again.
    expect((await tokenRequest({ authorization: right, remoteAddress: '10.9.9.10' })).statusCode).toBe(200);
    t.clock.advance(15 * 60 * 1000);
    expect((await tokenRequest({ authorization: right, remoteAddress: '10.9.9.9' })).statusCode).toBe(200);
  });
});
