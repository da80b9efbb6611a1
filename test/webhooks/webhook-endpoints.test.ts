import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ENDPOINTS } from '../../src/webhooks/endpoint-view.ts';
import { WEBHOOK_EVENT_TYPES } from '../../src/webhooks/event-types.ts';
import { runWebhooksNow } from '../../src/webhooks/webhook-jobs.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

let t: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  t = await createTestApp({ webhooks: { allowPrivate: true } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const full = () => authHeaders(t.org.tokens.full);
const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  token = t.org.tokens.full,
) => t.app.inject({ method, url, headers: authHeaders(token), ...(payload ? { payload } : {}) });
const run = () => runWebhooksNow(t.services, [t.org.id, t.other.id]);

describe('webhook endpoints', () => {
  it('creates an endpoint, shows its secret once, and never again', async () => {
    const created = await call('POST', '/api/v1/webhooks/', {
      url: 'https://example.com/hooks',
      description: 'ERP',
      event_types: ['invoice.issued', 'account.created'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(body).toMatchObject({
      url: 'https://example.com/hooks',
      enabled: true,
      event_types: ['invoice.issued', 'account.created'],
    });
    const fetched = await call('GET', `/api/v1/webhooks/${body.uuid}/`);
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).not.toHaveProperty('secret');
    expect(fetched.body).not.toContain(body.secret.slice(6, 30));
    const list = await call('GET', '/api/v1/webhooks/');
    expect(list.json().results.map((e: { uuid: string }) => e.uuid)).toContain(body.uuid);
    expect(list.body).not.toContain(body.secret.slice(6, 30));
    const audit = await call('GET', '/api/v1/audit-log/?limit=500');
    expect(audit.body).toContain('webhook_endpoint.created');
    expect(audit.body).not.toContain(body.secret.slice(6, 30));
  });

  it('changes and deletes an endpoint; a deleted one is not found', async () => {
    const { uuid } = (await call('POST', '/api/v1/webhooks/', { url: 'https://example.com/a' })).json();
    const patched = await call('PATCH', `/api/v1/webhooks/${uuid}/`, {
      description: 'changed',
      enabled: false,
      event_types: null,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ description: 'changed', enabled: false, event_types: null });
    expect((await call('DELETE', `/api/v1/webhooks/${uuid}/`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/webhooks/${uuid}/`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/webhooks/${uuid}/`)).statusCode).toBe(404);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const before = (await call('GET', '/api/v1/webhooks/')).json().count;
    for (const [payload, field] of [
      [{ url: 'not a url' }, 'url'],
      [{ url: 'https://example.com', event_types: ['no.such_type'] }, 'event_types.0'],
      [{ url: 'https://example.com', event_types: [] }, 'event_types'],
      [{ url: 'https://example.com', secret: 'whsec_mine' }, ''],
    ] as const) {
      const res = await call('POST', '/api/v1/webhooks/', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await call('GET', '/api/v1/webhooks/')).json().count).toBe(before);
  });

  it('refuses http and private addresses unless they are allowed', async () => {
    t.services.webhooks!.allowPrivate = false;
    try {
      for (const [url, code] of [
        ['http://example.com/hooks', 'https_required'],
        ['https://127.0.0.1/hooks', 'forbidden_address'],
        ['https://10.0.0.1/hooks', 'forbidden_address'],
        ['https://169.254.169.254/latest/meta-data', 'forbidden_address'],
        ['https://[::1]/hooks', 'forbidden_address'],
        ['https://localhost/hooks', 'forbidden_address'],
      ]) {
        const res = await call('POST', '/api/v1/webhooks/', { url });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().errors[0]).toMatchObject({ field: 'url', code });
      }
    } finally {
      t.services.webhooks!.allowPrivate = true;
    }
  });

  it('lists every event type with a description', async () => {
    const res = await call('GET', '/api/v1/webhook-event-types/', undefined, t.org.tokens.read);
    expect(res.statusCode).toBe(200);
    const types = res.json().results;
    expect(types.length).toBe(WEBHOOK_EVENT_TYPES.length);
    for (const type of ['invoice.issued', 'subscription.created', 'order.committed', 'webhook.test'])
      expect(types.map((x: { type: string }) => x.type)).toContain(type);
    for (const type of types) expect(type.description.length).toBeGreaterThan(5);
    expect(types.map((x: { type: string }) => x.type)).not.toContain('usage.created');
  });

  it('sends a webhook.test event, signed, to a receiver that verifies it', async () => {
    const created = (await call('POST', '/api/v1/webhooks/', { url: receiver.url })).json();
    receiver.secrets.push(created.secret);
    const test = await call('POST', `/api/v1/webhooks/${created.uuid}/test/`, {});
    expect(test.statusCode, test.body).toBe(202);
    expect(test.json()).toMatchObject({
      status: 'pending',
      event_type: 'webhook.test',
      endpoint: created.uuid,
    });
    await run();
    const got = receiver.ofType('webhook.test');
    expect(got).toHaveLength(1);
    expect(got[0]!.id).toBe(test.json().event);
    expect(got[0]!.body.data).toMatchObject({ endpoint: created.uuid });
    const deliveries = (await call('GET', `/api/v1/webhooks/${created.uuid}/deliveries/`)).json();
    expect(deliveries.results[0]).toMatchObject({ status: 'succeeded', attempt_count: 1 });
    expect(deliveries.results[0].attempts[0]).toMatchObject({ attempt: 1, status_code: 200, response: 'ok' });
    await call('DELETE', `/api/v1/webhooks/${created.uuid}/`);
  });

  it('rotates the secret: old and new both sign for 24 hours, then only the new one', async () => {
    const created = (
      await call('POST', '/api/v1/webhooks/', { url: receiver.url, event_types: ['webhook.test'] })
    ).json();
    const oldSecret = created.secret as string;
    const rotated = await call('POST', `/api/v1/webhooks/${created.uuid}/rotate-secret/`, {});
    expect(rotated.statusCode, rotated.body).toBe(200);
    const newSecret = rotated.json().secret as string;
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.json().previous_secret_expires_date).toBe('2025-01-16T10:00:00.000Z');
    receiver.secrets.splice(0, receiver.secrets.length, oldSecret, newSecret);
    const first = (await call('POST', `/api/v1/webhooks/${created.uuid}/test/`, {})).json();
    await run();
    const during = receiver.received.find((r) => r.id === first.event)!;
    expect(during.verifiedWith.sort()).toEqual([oldSecret, newSecret].sort());
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    t.clock.advance(24 * 3_600_000 + 1000);
    const second = (await call('POST', `/api/v1/webhooks/${created.uuid}/test/`, {})).json();
    await run();
    const after = receiver.received.find((r) => r.id === second.event)!;
    expect(after.verifiedWith).toEqual([newSecret]);
    expect(
      (await call('GET', `/api/v1/webhooks/${created.uuid}/`)).json().previous_secret_expires_date,
    ).toBeNull();
    await call('DELETE', `/api/v1/webhooks/${created.uuid}/`);
  });

  it(`allows at most ${MAX_ENDPOINTS} endpoints per organization`, async () => {
    const live = (await call('GET', '/api/v1/webhooks/')).json().count as number;
    for (let i = live; i < MAX_ENDPOINTS; i++)
      expect((await call('POST', '/api/v1/webhooks/', { url: `https://example.com/${i}` })).statusCode).toBe(
        201,
      );
    const refused = await call('POST', '/api/v1/webhooks/', { url: 'https://example.com/one-too-many' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('limit_reached');
    expect((await call('GET', '/api/v1/webhooks/')).json().count).toBe(MAX_ENDPOINTS);
    // Another organization has its own limit.
    const theirs = await call(
      'POST',
      '/api/v1/webhooks/',
      { url: 'https://example.com/x' },
      t.other.tokens.full,
    );
    expect(theirs.statusCode).toBe(201);
  });

  it("another organization's endpoints and deliveries answer 404", async () => {
    const theirs = (
      await call('POST', '/api/v1/webhooks/', { url: receiver.url }, t.other.tokens.full)
    ).json();
    const delivery = (
      await call('POST', `/api/v1/webhooks/${theirs.uuid}/test/`, {}, t.other.tokens.full)
    ).json();
    for (const [method, url] of [
      ['GET', `/api/v1/webhooks/${theirs.uuid}/`],
      ['PATCH', `/api/v1/webhooks/${theirs.uuid}/`],
      ['DELETE', `/api/v1/webhooks/${theirs.uuid}/`],
      ['POST', `/api/v1/webhooks/${theirs.uuid}/rotate-secret/`],
      ['POST', `/api/v1/webhooks/${theirs.uuid}/test/`],
      ['GET', `/api/v1/webhooks/${theirs.uuid}/deliveries/`],
      ['POST', `/api/v1/webhooks/${theirs.uuid}/replay/`],
      ['POST', `/api/v1/webhooks/deliveries/${delivery.uuid}/resend/`],
    ] as const) {
      const payload =
        method === 'PATCH'
          ? { enabled: false }
          : url.endsWith('replay/')
            ? { from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' }
            : method === 'POST'
              ? {}
              : undefined;
      const res = await t.app.inject({ method, url, headers: full(), ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
    expect(
      (await call('GET', `/api/v1/webhooks/${theirs.uuid}/`, undefined, t.other.tokens.full)).json().enabled,
    ).toBe(true);
  });
});
