import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// Seed 003: a customer is created from just an e-mail and a language before its order is imported, and
// every import attempt is logged, a body that is not JSON too.
let t: TestApp;
const call = (method: 'POST' | 'GET', url: string, payload?: object, token?: string) =>
  t.app.inject({
    method,
    url,
    headers: authHeaders(token ?? t.org.tokens.full),
    ...(payload ? { payload } : {}),
  });
const order = (customer: string, id: string) => ({
  externalSystemId: id,
  plenigoOfferId: 'PRINT-M',
  invoiceCustomerId: customer,
  quantity: 1,
  startDate: '2025-02-01',
  paymentMethod: 'invoice',
});
const rowsOf = async (table: 'accounts' | 'orders' | 'subscriptions' | 'outbox_events' | 'import_log') =>
  Number(
    (
      await t.services.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('organization_id', '=', t.org.id)
        .executeTakeFirstOrThrow()
    ).n,
  );
const tables = ['accounts', 'orders', 'subscriptions', 'outbox_events', 'import_log'] as const;
const counts = async () =>
  Object.fromEntries(await Promise.all(tables.map(async (n) => [n, await rowsOf(n)])));

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-20T08:00:00Z' });
  await call('POST', '/api/v1/plans/', { code: 'ZEITUNG', name: 'Tageszeitung' });
  const terms = await call('POST', '/api/v1/plan-terms/', {
    plan: 'ZEITUNG',
    code: 'PRINT-M',
    price: '29.90',
    interval: 'month',
    externally_managed: true,
  });
  expect(terms.statusCode, terms.body).toBe(201);
});
afterAll(async () => t.close());

describe('a customer from just an e-mail and a language (seed 003)', () => {
  it('gets the next customer number as its code and its e-mail as its name; the import orders on it', async () => {
    const first = await call('POST', '/api/v1/accounts/', { email: 'erika@example.de', language: 'de' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      code: '10001',
      name: 'erika@example.de',
      email: 'erika@example.de',
      language: 'de',
      type: 'company',
    });
    // A code given by hand that the series would hand out next is skipped, not refused.
    const byHand = await call('POST', '/api/v1/accounts/', { code: '10002', name: 'Lars', email: 'l@x.dk' });
    expect(byHand.statusCode, byHand.body).toBe(201);
    const second = await call('POST', '/api/v1/accounts/', { email: 'sven@example.se', language: 'sv' });
    expect(second.json()).toMatchObject({ code: '10003', language: 'sv' });

    const imported = await call(
      'POST',
      '/api/v1/imports/orders/',
      order('10001', 'ABO-1'),
      t.org.tokens.import,
    );
    expect(imported.statusCode, imported.body).toBe(201);
    const subscription = await call('GET', `/api/v1/subscriptions/${imported.json().subscription}/`);
    expect(subscription.json()).toMatchObject({ account: '10001', account_uuid: first.json().uuid });
  });

  it('still refuses an account without an e-mail, naming the field', async () => {
    const none = await call('POST', '/api/v1/accounts/', { language: 'da' });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors).toEqual([expect.objectContaining({ field: 'email' })]);
  });
});

describe('an import body that is not JSON', () => {
  const send = (payload: string, contentType: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/orders/',
      headers: authHeaders(t.org.tokens.import, { 'content-type': contentType }),
      payload,
    });
  const lastLogEntry = async () =>
    (
      await call('GET', '/api/v1/imports/log/?ordering=-created_date&limit=1', undefined, t.org.tokens.import)
    ).json().results[0];

  it('is refused as malformed and logged with the text sent and a clear error; nothing else is written', async () => {
    const before = await counts();
    const broken = '{"externalSystemId": "ABO-2", "quantity": 1,';
    const answer = await send(broken, 'application/json');
    expect(answer.statusCode).toBe(400);
    expect(answer.json().code).toBe('malformed_request');
    expect(answer.json().detail).toMatch(/not valid JSON.*Content-Type: application\/json/);
    expect(await counts()).toEqual({ ...before, import_log: before.import_log + 1 });
    const entry = await lastLogEntry();
    expect(entry).toMatchObject({ source: 'api', outcome: 'refused', externalSystemId: null, result: null });
    expect(entry.request).toBe(broken);
    expect(entry.error).toEqual({ code: 'malformed_request', detail: answer.json().detail });
  });

  it('is refused as an unsupported media type in another content type, and logged', async () => {
    const before = await counts();
    const answer = await send('externalSystemId=ABO-3&quantity=1', 'application/x-www-form-urlencoded');
    expect(answer.statusCode).toBe(415);
    expect(answer.json().code).toBe('unsupported_media_type');
    expect(await counts()).toEqual({ ...before, import_log: before.import_log + 1 });
    const entry = await lastLogEntry();
    expect(entry).toMatchObject({ outcome: 'refused', request: null, result: null });
    expect(entry.error.code).toBe('unsupported_media_type');
    expect(entry.error.detail).toContain('Content-Type sent: application/x-www-form-urlencoded');
  });

  it('is not logged when the token is not valid: there is no organization to log it for', async () => {
    const before = await rowsOf('import_log');
    const answer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/orders/',
      headers: { authorization: 'Token nope', 'content-type': 'application/json' },
      payload: '{',
    });
    expect(answer.statusCode).toBe(401);
    expect(await rowsOf('import_log')).toBe(before);
  });
});
