import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

let n = 0;
const body = () => ({ code: `IDEM-${n++}`, name: 'Idem', email: 'idem@example.com' });

function postWithKey(key: string, payload: object, token = t.org.tokens.full) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/',
    headers: authHeaders(token, { 'idempotency-key': key }),
    payload,
  });
}

async function accountCount(code: string) {
  // This organization's only: on PostgreSQL the database outlives one run of the suite.
  const rows = await t.handle.db
    .selectFrom('accounts')
    .select('id')
    .where('organization_id', '=', t.org.id)
    .where('code', '=', code)
    .execute();
  return rows.length;
}

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, creating nothing new', async () => {
    const payload = body();
    const first = await postWithKey('key-1', payload);
    expect(first.statusCode).toBe(201);
    const second = await postWithKey('key-1', payload);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await accountCount(payload.code)).toBe(1);
  });

  it('replays stored failures too, for requests that reached the handler', async () => {
    const payload = body();
    await postWithKey('key-a', payload);
    const conflict = await postWithKey('key-b', payload);
    expect(conflict.statusCode).toBe(409);
    const replay = await postWithKey('key-b', payload);
    expect(replay.statusCode).toBe(409);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('refuses the same key with other parameters (422) and changes nothing', async () => {
    const payload = body();
    await postWithKey('key-2', payload);
    const other = body();
    const res = await postWithKey('key-2', other);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('idempotency_key_reused');
    expect(await accountCount(other.code)).toBe(0);
  });

  it('answers 409 to a duplicate that arrives while the first is still running', async () => {
    const payload = body();
    const [a, b] = await Promise.all([postWithKey('key-3', payload), postWithKey('key-3', payload)]);
    const statuses = [a.statusCode, b.statusCode].sort();
    // Either the second came while the first was running (409) or after it finished (a replay).
    if (statuses[0] === 201 && statuses[1] === 201)
      expect([a, b].some((r) => r.headers['idempotent-replayed'] === 'true')).toBe(true);
    else expect(statuses).toEqual([201, 409]);
    expect(await accountCount(payload.code)).toBe(1);
    const fresh = body();
    await t.handle.db
      .insertInto('idempotency_keys')
      .values({
        organization_id: t.org.id,
        key: 'key-running',
        fingerprint: 'f'.repeat(64),
        created_at: t.clock.now(),
        expires_at: new Date(t.clock.now().getTime() + 86_400_000),
      })
      .execute();
    const running = await postWithKey('key-running', fresh);
    expect(running.statusCode).toBe(422);
  });

  it('keeps keys apart per organization', async () => {
    const mine = await postWithKey('shared-key', body());
    const theirs = await postWithKey('shared-key', body(), t.other.tokens.full);
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
  });

  it('forgets a key after 24 hours', async () => {
    await postWithKey('key-4', body());
    t.clock.advance(24 * 3600 * 1000 + 1);
    const later = body();
    const res = await postWithKey('key-4', later);
    expect(res.statusCode).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(await accountCount(later.code)).toBe(1);
  });

  it('stores nothing for a request that fails validation, so it can be corrected under the same key', async () => {
    const bad = await postWithKey('key-5', { code: 'BAD KEY', name: 'x', email: 'x@example.com' });
    expect(bad.statusCode).toBe(400);
    const good = await postWithKey('key-5', body());
    expect(good.statusCode).toBe(201);
  });

  it('refuses a malformed key', async () => {
    const res = await postWithKey('x'.repeat(256), body());
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('header.idempotency-key');
  });
});

describe('answers that carry a secret', () => {
  it('are not kept for replays: no secret in idempotency_keys, and a retry with the key runs again', async () => {
    const key = `secret-${n++}`;
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens/',
        headers: authHeaders(t.org.tokens.full, { 'idempotency-key': key }),
        payload: { scope: 'read', name: 'retried' },
      });
    const first = await send();
    expect(first.statusCode, first.body).toBe(201);
    const stored = await t.handle.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('organization_id', '=', t.org.id)
      .execute();
    expect(JSON.stringify(stored)).not.toContain(first.json().token);
    expect(stored.map((row) => row.key)).not.toContain(key);
    const again = await send();
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.json().token).not.toBe(first.json().token);
    // An ordinary answer is still kept and replayed.
    const account = body();
    const kept = await postWithKey(`plain-${n++}`, account);
    expect(kept.statusCode).toBe(201);
  });
});
