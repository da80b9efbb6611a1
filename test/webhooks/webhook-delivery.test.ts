import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordChange } from '../../src/audit/record-change.ts';
import { commandLineActor } from '../../src/context.ts';
import { transact } from '../../src/db/transaction.ts';
import { fail } from '../../src/errors.ts';
import { outboxMailer } from '../../src/mail/mailer.ts';
import { runWebhooksNow } from '../../src/webhooks/webhook-jobs.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

let t: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const mailDir = mkdtempSync(join(tmpdir(), 'kassa-webhook-mail-'));

beforeAll(async () => {
  t = await createTestApp({
    webhooks: { allowPrivate: true },
    integrations: {
      mailer: outboxMailer(mailDir),
      mailFrom: 'kassa <billing@example.com>',
      gateways: {},
      publicUrl: 'http://localhost',
    },
  });
  receiver = await startReceiver();
  await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/organization/',
    headers: authHeaders(t.org.tokens.full),
    payload: { email: 'ops@example.com' },
  });
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(t.org.tokens.full), ...(payload ? { payload } : {}) });
const run = () => runWebhooksNow(t.services, [t.org.id, t.other.id]);
let n = 0;
const newAccount = async () => {
  const res = await call('POST', '/api/v1/accounts/', {
    code: `WH-${n++}`,
    name: 'Hook AS',
    email: 'a@example.com',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { uuid: string; code: string };
};
const endpoint = async (payload: object = {}) => {
  const created = (await call('POST', '/api/v1/webhooks/', { url: receiver.url, ...payload })).json();
  receiver.secrets.push(created.secret);
  return created as { uuid: string; secret: string };
};
const deliveriesOf = async (id: string, query = '') =>
  (await call('GET', `/api/v1/webhooks/${id}/deliveries/${query}`)).json().results as {
    uuid: string;
    event: string;
    status: string;
    attempt_count: number;
    next_attempt_date: string | null;
    attempts: { status_code: number | null; error: string | null; response: string | null }[];
  }[];

let hook: { uuid: string; secret: string };
beforeEach(async () => {
  await run();
  receiver.setAnswer(200);
  receiver.received.splice(0);
  if (hook) await call('DELETE', `/api/v1/webhooks/${hook.uuid}/`);
  hook = await endpoint({ event_types: ['account.created', 'account.updated', 'account.archived'] });
});

describe('webhook delivery', () => {
  it('delivers each change once, signed, with data as GET answers it and a growing version', async () => {
    const account = await newAccount();
    await call('PATCH', `/api/v1/accounts/${account.uuid}/`, { name: 'Renamed AS' });
    await run();
    await run();
    const created = receiver
      .ofType('account.created')
      .filter((r) => (r.body.data as { uuid: string }).uuid === account.uuid);
    const updated = receiver.ofType('account.updated');
    expect(created).toHaveLength(1);
    expect(updated).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({ type: 'account.created', version: 1, api_version: '1' });
    expect(updated[0]!.body.version).toBe(2);
    const get = (await call('GET', `/api/v1/accounts/${account.uuid}/`)).json();
    expect(updated[0]!.body.data).toEqual(get);
    expect(created[0]!.body.timestamp).toBe('2025-01-15T10:00:00.000Z');
    const audit = (await call('GET', `/api/v1/audit-log/?limit=500`)).json().results;
    expect(audit.some((a: { action: string }) => a.action === 'account.created')).toBe(true);
    // An endpoint gets only the types it asked for.
    expect(receiver.received.every((r) => r.body.type.startsWith('account.'))).toBe(true);
  });

  it('never delivers an event whose transaction rolled back', async () => {
    const ctx = { ...t.services, actor: commandLineActor(t.org) };
    const result = await transact(t.services.db, async (tx) => {
      await recordChange(tx, ctx, {
        action: 'account.created',
        entityType: 'account',
        entityId: '01900000-0000-7000-8000-000000000001',
        before: null,
        after: { uuid: 'rolled-back' },
      });
      return fail('not_found', 'changed my mind');
    });
    expect(result.ok).toBe(false);
    await run();
    expect(receiver.received.filter((r) => JSON.stringify(r.body).includes('rolled-back'))).toHaveLength(0);
  });

  it('a receiver down for a while gets everything after it comes back, once', async () => {
    receiver.setAnswer(503);
    const accounts = [await newAccount(), await newAccount(), await newAccount()];
    await run();
    let deliveries = await deliveriesOf(hook.uuid, '?status=pending');
    expect(deliveries).toHaveLength(3);
    expect(deliveries[0]!.attempts[0]).toMatchObject({ status_code: 503, response: 'down for now' });
    expect(deliveries[0]!.next_attempt_date).toBe('2025-01-15T10:00:05.000Z');
    t.clock.advance(5_000);
    await run();
    deliveries = await deliveriesOf(hook.uuid, '?status=pending');
    expect(deliveries[0]!.attempt_count).toBe(2);
    expect(deliveries[0]!.next_attempt_date).toBe('2025-01-15T10:05:05.000Z');
    t.clock.advance(60_000);
    expect(await run()).toBe(0);
    receiver.setAnswer(200);
    t.clock.advance(5 * 60_000);
    await run();
    const ids = new Set(accounts.map((a) => a.uuid));
    const got = receiver
      .ofType('account.created')
      .filter((r) => ids.has((r.body.data as { uuid: string }).uuid));
    expect(got).toHaveLength(3);
    expect(new Set(got.map((r) => r.id)).size).toBe(3);
    t.clock.advance(4 * 86_400_000);
    await run();
    expect(
      receiver.ofType('account.created').filter((r) => ids.has((r.body.data as { uuid: string }).uuid)),
    ).toHaveLength(3);
    expect((await deliveriesOf(hook.uuid, '?status=succeeded')).length).toBeGreaterThanOrEqual(3);
  });

  it('honours Retry-After and gives up after the last retry (about 3 days)', async () => {
    receiver.setAnswer(429, { 'retry-after': '3600' });
    await newAccount();
    await run();
    const start = t.clock.now().getTime();
    let [delivery] = await deliveriesOf(hook.uuid, '?status=pending');
    expect(new Date(delivery!.next_attempt_date!).getTime() - start).toBe(3_600_000);
    receiver.setAnswer(500);
    const gaps: number[] = [];
    while (delivery!.status === 'pending') {
      const next = new Date(delivery!.next_attempt_date!).getTime();
      gaps.push((next - t.clock.now().getTime()) / 1000);
      t.clock.set(new Date(next));
      await run();
      [delivery] = (await deliveriesOf(hook.uuid)).filter((d) => d.uuid === delivery!.uuid);
    }
    expect(gaps).toEqual([3600, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400]);
    expect(delivery).toMatchObject({ status: 'failed', attempt_count: 10, next_attempt_date: null });
    expect(delivery!.attempts).toHaveLength(10);
    expect((await call('GET', `/api/v1/webhooks/${hook.uuid}/`)).json().failing_since).toBe(
      new Date(start).toISOString(),
    );
    // Resend gives it a fresh schedule: the receiver is back, it arrives.
    receiver.setAnswer(200);
    const resent = await call('POST', `/api/v1/webhooks/deliveries/${delivery!.uuid}/resend/`, {});
    expect(resent.statusCode, resent.body).toBe(202);
    expect(resent.json()).toMatchObject({ status: 'pending' });
    await run();
    expect(receiver.received.map((r) => r.id)).toContain(delivery!.event);
    expect((await deliveriesOf(hook.uuid)).find((d) => d.uuid === delivery!.uuid)).toMatchObject({
      status: 'succeeded',
      attempt_count: 11,
    });
  });

  it('a 410 turns the endpoint off and cancels what waits for it', async () => {
    receiver.setAnswer(410);
    await newAccount();
    await run();
    const after = (await call('GET', `/api/v1/webhooks/${hook.uuid}/`)).json();
    expect(after).toMatchObject({ enabled: false, disabled_reason: 'gone' });
    await newAccount();
    await run();
    expect(await deliveriesOf(hook.uuid, '?status=pending')).toHaveLength(0);
    const on = await call('PATCH', `/api/v1/webhooks/${hook.uuid}/`, { enabled: true });
    expect(on.json()).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null });
  });

  it('an endpoint failing for 5 days is turned off and the organization told by e-mail', async () => {
    receiver.setAnswer(500);
    for (let day = 0; day < 6; day++) {
      await newAccount();
      await run();
      t.clock.advance(86_400_000);
    }
    await run();
    const after = (await call('GET', `/api/v1/webhooks/${hook.uuid}/`)).json();
    expect(after).toMatchObject({ enabled: false, disabled_reason: 'failing' });
    const mails = await Promise.all(
      readdirSync(mailDir).map((f) => simpleParser(readFileSync(join(mailDir, f)))),
    );
    const mail = mails.find((m) => m.text?.includes(hook.uuid));
    expect(mail).toBeDefined();
    expect(mail!.to).toMatchObject({ text: 'ops@example.com' });
    expect(mail!.subject).toBe(`Webhook slået fra: ${receiver.url}`);
    expect(mail!.text).toContain('5 dage');
  });

  it('replays a time range, events from before the endpoint existed too', async () => {
    const before = await newAccount();
    await run();
    const late = await endpoint({ event_types: ['account.created'] });
    await run();
    expect(
      receiver.received.filter((r) => (r.body.data as { uuid: string }).uuid === before.uuid),
    ).toHaveLength(1);
    const replay = await call('POST', `/api/v1/webhooks/${late.uuid}/replay/`, {
      from: '2025-01-01T00:00:00Z',
      to: new Date(t.clock.now().getTime() + 1000).toISOString(),
      types: ['account.created'],
    });
    expect(replay.statusCode, replay.body).toBe(202);
    expect(replay.json().events).toBeGreaterThanOrEqual(1);
    await run();
    const got = receiver.received.filter((r) => (r.body.data as { uuid: string }).uuid === before.uuid);
    expect(got).toHaveLength(2);
    expect(got[0]!.id).toBe(got[1]!.id);
    const bad = await call('POST', `/api/v1/webhooks/${late.uuid}/replay/`, {
      from: '2025-02-01T00:00:00Z',
      to: '2025-01-01T00:00:00Z',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('to');
    await call('DELETE', `/api/v1/webhooks/${late.uuid}/`);
  });

  it('deleting an endpoint cancels its pending deliveries', async () => {
    receiver.setAnswer(503);
    await newAccount();
    await run();
    const pending = await deliveriesOf(hook.uuid, '?status=pending');
    expect(pending).toHaveLength(1);
    const rows = async () =>
      t.services.db
        .selectFrom('webhook_deliveries')
        .select('status')
        .where('organization_id', '=', t.org.id)
        .where('endpoint_id', '=', hook.uuid)
        .execute();
    await call('DELETE', `/api/v1/webhooks/${hook.uuid}/`);
    expect((await rows()).map((r) => r.status)).toEqual(['cancelled']);
    receiver.setAnswer(200);
    t.clock.advance(10_000);
    await run();
    expect(receiver.received).toHaveLength(0);
    hook = await endpoint();
  });

  it('refuses loopback, private and metadata addresses at send time while the flag is off', async () => {
    const targets = [
      'https://127.0.0.1:1/x',
      'https://10.0.0.1/x',
      'https://169.254.169.254/x',
      'https://localhost:1/x',
    ];
    const ids: string[] = [];
    for (const url of targets)
      ids.push((await call('POST', '/api/v1/webhooks/', { url, event_types: ['webhook.test'] })).json().uuid);
    t.services.webhooks!.allowPrivate = false;
    try {
      for (const id of ids) await call('POST', `/api/v1/webhooks/${id}/test/`, {});
      await run();
      for (const [i, id] of ids.entries()) {
        const [delivery] = await deliveriesOf(id);
        expect(delivery!.attempts[0]!.status_code, targets[i]).toBeNull();
        expect(delivery!.attempts[0]!.error, targets[i]).toMatch(/private or reserved address/);
      }
      expect((await deliveriesOf(ids[3]!))[0]!.attempts[0]!.error).toMatch(/localhost resolves to/);
    } finally {
      t.services.webhooks!.allowPrivate = true;
      for (const id of ids) await call('DELETE', `/api/v1/webhooks/${id}/`);
    }
  });
});
