import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordChange } from '../../src/audit/record-change.ts';
import { transact } from '../../src/db/transaction.ts';
import { fail } from '../../src/errors.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const headers = (token: string) =>
  authHeaders(token, { 'x-client-system': 'YourApp', 'x-user': 'admin@yourapp.com' });

async function counts(organizationId: string) {
  const audit = await t.handle.db
    .selectFrom('audit_log')
    .select('id')
    .where('organization_id', '=', organizationId)
    .execute();
  const events = await t.handle.db
    .selectFrom('outbox_events')
    .select('id')
    .where('organization_id', '=', organizationId)
    .execute();
  return { audit: audit.length, events: events.length };
}

describe('audit and events', () => {
  it('writes who, through which system, before and after, and the event, for each mutation', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: headers(t.org.tokens.full),
      payload: { code: 'AUD-1', name: 'Audited', email: 'a@example.com' },
    });
    const id = created.json().uuid;
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/accounts/AUD-1',
      headers: headers(t.org.tokens.full),
      payload: { name: 'Audited 2' },
    });
    await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/accounts/AUD-1',
      headers: headers(t.org.tokens.full),
    });

    const log = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit-log/?entity_id=${id}`,
      headers: authHeaders(t.org.tokens.read),
    });
    expect(log.statusCode).toBe(200);
    const entries = log.json().results;
    expect(entries.map((e: { action: string }) => e.action)).toEqual([
      'account.created',
      'account.updated',
      'account.archived',
    ]);
    expect(entries[0]).toMatchObject({
      entity_type: 'account',
      entity_id: id,
      token: t.org.tokenIds.full,
      client_system: 'YourApp',
      user: 'admin@yourapp.com',
      before: null,
      after: { code: 'AUD-1', name: 'Audited' },
    });
    expect(entries[1].before).toMatchObject({ name: 'Audited' });
    expect(entries[1].after).toMatchObject({ name: 'Audited 2' });
    expect(entries[0].request_id).toBe(created.headers['x-request-id']);

    const events = await t.handle.db
      .selectFrom('outbox_events')
      .select(['type', 'payload'])
      .where('organization_id', '=', t.org.id)
      .where('entity_id', '=', id)
      .orderBy('occurred_at')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['account.created', 'account.updated', 'account.archived']);
    expect(events[0]?.payload).toMatchObject({ uuid: id, code: 'AUD-1' });
  });

  it('filters by action, client system, user and date, and shows only the caller’s organization', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: headers(t.other.tokens.full),
      payload: { code: 'AUD-OTHER', name: 'O', email: 'o@example.com' },
    });
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log/?action=account.created&client_system=YourApp&user=admin@yourapp.com',
      headers: authHeaders(t.org.tokens.read),
    });
    expect(mine.json().results.length).toBeGreaterThan(0);
    expect(JSON.stringify(mine.json())).not.toContain('AUD-OTHER');
    const none = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log/?created_date__gte=2030-01-01',
      headers: authHeaders(t.org.tokens.read),
    });
    expect(none.json()).toMatchObject({ count: 0, results: [] });
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log/?entity_id=nope',
      headers: authHeaders(t.org.tokens.read),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.entity_id');
  });

  it('lists newest first with ordering=-created_date, paging forward and back alike', async () => {
    for (const n of [1, 2, 3, 4, 5]) {
      t.clock.advance(60_000);
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts/',
        headers: headers(t.org.tokens.full),
        payload: { code: `ORD-${n}`, name: `Ordered ${n}`, email: `ord${n}@example.com` },
      });
    }
    const codes = (body: { results: { after: { code: string } }[] }) =>
      body.results.map((entry) => entry.after.code);
    const get = async (url: string) => {
      const response = await t.app.inject({ method: 'GET', url, headers: authHeaders(t.org.tokens.read) });
      expect(response.statusCode).toBe(200);
      return response.json();
    };
    const oldest = await get('/api/v1/audit-log/?action=account.created&user=admin@yourapp.com&limit=50');
    const ordered = codes(oldest).filter((code: string) => code.startsWith('ORD-'));
    expect(ordered).toEqual(['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-5']);
    const base = '/api/v1/audit-log/?action=account.created&ordering=-created_date&limit=2';
    const first = await get(base);
    expect(codes(first)).toEqual(['ORD-5', 'ORD-4']);
    expect(first.previous).toBeNull();
    const second = await get(new URL(first.next).pathname + new URL(first.next).search);
    expect(codes(second)).toEqual(['ORD-3', 'ORD-2']);
    const back = await get(new URL(second.previous).pathname + new URL(second.previous).search);
    expect(codes(back)).toEqual(['ORD-5', 'ORD-4']);
    expect(back.count).toBe(first.count);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log/?ordering=newest',
      headers: authHeaders(t.org.tokens.read),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.ordering');
  });

  it('a failing mutation leaves neither audit nor event', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: headers(t.org.tokens.full),
      payload: { code: 'AUD-2', name: 'x', email: 'x@example.com' },
    });
    const before = await counts(t.org.id);
    const conflict = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: headers(t.org.tokens.full),
      payload: { code: 'AUD-2', name: 'x', email: 'x@example.com' },
    });
    expect(conflict.statusCode).toBe(409);
    const invalid = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/accounts/AUD-2',
      headers: headers(t.org.tokens.full),
      payload: { legal_country: 'SE', national_id: '811218-9875' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(await counts(t.org.id)).toEqual(before);
  });

  it('rolls back the change, its audit row and its event together when the use case fails after writing', async () => {
    const before = await counts(t.org.id);
    const actor = {
      organization: t.org,
      organizationId: t.org.id,
      tokenId: null,
      clientSystem: 'test',
      user: null,
      requestId: null,
    };
    const result = await transact(t.handle.db, async (tx) => {
      await tx
        .updateTable('accounts')
        .set({ name: 'half-written' })
        .where('organization_id', '=', t.org.id)
        .where('code', '=', 'AUD-2')
        .execute();
      await recordChange(
        tx,
        { actor, clock: t.clock },
        { action: 'account.updated', entityType: 'account', entityId: t.org.id, before: null, after: {} },
      );
      return fail('account_in_use', 'found a problem after writing');
    });
    expect(result.ok).toBe(false);
    expect(await counts(t.org.id)).toEqual(before);
    const row = await t.handle.db
      .selectFrom('accounts')
      .select('name')
      .where('organization_id', '=', t.org.id)
      .where('code', '=', 'AUD-2')
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('x');
  });
});
