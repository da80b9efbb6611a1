import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, draftsOf, expectNothingLeftToBill } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const call = (method: 'POST' | 'GET' | 'PATCH', url: string, payload?: object, token?: string) =>
  t.app.inject({
    method,
    url,
    headers: authHeaders(token ?? t.org.tokens.full),
    ...(payload ? { payload } : {}),
  });
const importOrder = (payload: object) =>
  call('POST', '/api/v1/imports/orders/', payload, t.org.tokens.import);
const base = {
  externalSystemId: 'LEAD-1001',
  planTerms: 'PAPER',
  invoiceCustomerId: 'READER1',
  quantity: 1,
  startDate: '2025-01-01',
  paymentMethod: 'invoice',
};

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await call('POST', '/api/v1/plans/', { code: 'NEWS', name: 'Newspaper' });
  const paper = await call('POST', '/api/v1/plan-terms/', {
    plan: 'NEWS',
    code: 'PAPER',
    name: 'Paper, monthly',
    price: '100',
    interval: 'month',
    externally_managed: true,
  });
  expect(paper.statusCode, paper.body).toBe(201);
  await call('POST', '/api/v1/plan-terms/', { plan: 'NEWS', code: 'WEB', price: '50', interval: 'month' });
  await call('POST', '/api/v1/accounts/', {
    code: 'READER1',
    name: 'Reader',
    email: 'reader@example.com',
    legal_country: 'DE',
  });
});
afterAll(async () => t.close());

describe('import of externally managed orders (seed 003)', () => {
  it('externally managed terms are neither ordered nor changed through the normal API', async () => {
    const order = await call('POST', '/api/v1/orders/', {
      type: 'new_subscription',
      account: 'READER1',
      terms: 'PAPER',
    });
    expect(order.statusCode).toBe(409);
    expect(order.json().code).toBe('externally_managed');
    const patch = await call('PATCH', '/api/v1/plan-terms/PAPER/', { name: 'Renamed' });
    expect(patch.statusCode).toBe(409);
  });

  it('creates the order and subscription, marked with the external id; the same import changes nothing', async () => {
    const created = await importOrder(base);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ externalSystemId: 'LEAD-1001', outcome: 'created' });
    const subscription = (await call('GET', `/api/v1/subscriptions/${created.json().subscription}/`)).json();
    expect(subscription).toMatchObject({ account: 'READER1', quantity: 1, collection_method: 'invoice' });
    const replay = await importOrder(base);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({
      outcome: 'unchanged',
      changes: [],
      subscription: created.json().subscription,
    });
    // Seed 003's own name for the plan terms, plenigoOfferId, is the same request.
    const { planTerms, ...seedNames } = base;
    const asSeed = await importOrder({ ...seedNames, plenigoOfferId: planTerms });
    expect(asSeed.statusCode, asSeed.body).toBe(200);
    expect(asSeed.json()).toMatchObject({ outcome: 'unchanged', subscription: created.json().subscription });
    const both = await importOrder({ ...base, plenigoOfferId: 'WEB' });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors[0]).toMatchObject({ field: 'plenigoOfferId', code: 'unknown_field' });
    const reader = (await call('GET', '/api/v1/accounts/READER1/')).json().uuid;
    const byUuid = await importOrder({ ...base, invoiceCustomerId: reader });
    expect(byUuid.json()).toMatchObject({ outcome: 'unchanged' });
    const changeByApi = await call('POST', '/api/v1/orders/', {
      type: 'change_quantity',
      subscription: created.json().subscription,
      quantity: 5,
    });
    expect(changeByApi.statusCode).toBe(409);
    expect(changeByApi.json().code).toBe('externally_managed');
    const sub = created.json().subscription;
    const endByApi = await call('POST', `/api/v1/subscriptions/${sub}/end/`, {
      end_date: '2025-06-01',
      force: true,
    });
    expect(endByApi.statusCode).toBe(409);
    expect(endByApi.json().code).toBe('externally_managed');
  });

  it('a later import updates: quantity priced as an order, payment method, then the end', async () => {
    t.clock.set('2025-01-16T08:00:00Z');
    const more = await importOrder({ ...base, quantity: 3, paymentMethod: 'card' });
    expect(more.statusCode, more.body).toBe(200);
    expect(more.json()).toMatchObject({
      outcome: 'updated',
      changes: ['quantity 1 → 3', 'paymentMethod invoice → card'],
    });
    const sub = more.json().subscription;
    expect((await call('GET', `/api/v1/subscriptions/${sub}/`)).json()).toMatchObject({
      quantity: 3,
      collection_method: 'card',
    });
    const orders = (await call('GET', `/api/v1/orders/?subscription=${sub}`)).json().results;
    expect(orders.map((o: { type: string; status: string }) => `${o.type}:${o.status}`).sort()).toEqual([
      'change_quantity:committed',
      'new_subscription:committed',
    ]);
    const ended = await importOrder({ ...base, quantity: 3, paymentMethod: 'card', endDate: '2025-03-01' });
    expect(ended.json()).toMatchObject({ outcome: 'updated', changes: ['ends 2025-03-01'] });
    expect((await call('GET', `/api/v1/subscriptions/${sub}/`)).json().end_date).toBe('2025-03-01');
  });

  it('bills what was imported, and nothing after the end', async () => {
    await billOn(t, '2025-02-01');
    const [draft] = await draftsOf(t, 'READER1');
    // January at 1, the rest of January at 3 (priced as an order), February at 3.
    expect(draft!.lines.map((l) => l.description)).toContain('Paper, monthly × 3');
    await billOn(t, '2025-03-01');
    await expectNothingLeftToBill(t, '2025-04-01');
  });

  it('refuses an unknown account (422), a change of plan terms, and a malformed row; all logged', async () => {
    const unknown = await importOrder({ ...base, externalSystemId: 'LEAD-2', invoiceCustomerId: 'NOBODY' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({
      code: 'unknown_account',
      errors: [{ field: 'invoiceCustomerId' }],
    });
    const otherTerms = await importOrder({
      ...base,
      planTerms: 'WEB',
      quantity: 3,
      paymentMethod: 'card',
      endDate: '2025-03-01',
    });
    expect(otherTerms.statusCode).toBe(400);
    expect(otherTerms.json().errors[0]).toMatchObject({ field: 'planTerms', code: 'immutable' });
    const notManaged = await importOrder({ ...base, externalSystemId: 'LEAD-3', planTerms: 'WEB' });
    expect(notManaged.json().errors[0]).toMatchObject({ field: 'planTerms', code: 'not_externally_managed' });
    const malformed = await importOrder({ externalSystemId: 'LEAD-4', quantity: 'many' });
    expect(malformed.statusCode).toBe(400);
    const log = await call('GET', '/api/v1/imports/log/?limit=100', undefined, t.org.tokens.import);
    expect(log.statusCode, log.body).toBe(200);
    const outcomes = log
      .json()
      .results.map(
        (e: { externalSystemId: string; outcome: string }) => `${e.externalSystemId}:${e.outcome}`,
      );
    expect(outcomes).toEqual([
      'LEAD-1001:created',
      'LEAD-1001:unchanged',
      'LEAD-1001:unchanged', // as seed 003 names the fields
      'LEAD-1001:refused', // both plenigoOfferId and planTerms
      'LEAD-1001:unchanged',
      'LEAD-1001:updated',
      'LEAD-1001:updated',
      'LEAD-2:refused',
      'LEAD-1001:refused',
      'LEAD-3:refused',
      'LEAD-4:refused',
    ]);
    const refused = await call(
      'GET',
      '/api/v1/imports/log/?outcome=refused&externalSystemId=LEAD-2',
      undefined,
      t.org.tokens.import,
    );
    expect(refused.json().results[0]).toMatchObject({
      error: { code: 'unknown_account' },
      request: { invoiceCustomerId: 'NOBODY' },
    });
    // Nothing of a refused import was written.
    expect((await call('GET', '/api/v1/subscriptions/?account=READER1')).json().results).toHaveLength(1);
  });
});

describe('a price of the order’s own', () => {
  it('is billed instead of the plan terms’ price, kept through quantity changes, and cannot change', async () => {
    t.clock.set('2025-05-01T08:00:00Z');
    await call('POST', '/api/v1/accounts/', {
      code: 'READER2',
      name: 'Reader Two',
      email: 'two@example.com',
      legal_country: 'DE',
    });
    const order = {
      ...base,
      externalSystemId: 'LEAD-PRICE',
      invoiceCustomerId: 'READER2',
      startDate: '2025-05-01',
      quantity: 2,
      price: '8.00',
    };
    const created = await importOrder(order);
    expect(created.statusCode, created.body).toBe(201);
    await billOn(t, '2025-05-01');
    const [may] = await draftsOf(t, 'READER2');
    expect(may!.lines.map((l) => [l.quantity, l.amount])).toEqual([['2', '16.00']]);
    t.clock.set('2025-05-17T08:00:00Z');
    const more = await importOrder({ ...order, quantity: 3 });
    expect(more.json()).toMatchObject({ outcome: 'updated', changes: ['quantity 2 → 3'] });
    await billOn(t, '2025-06-01');
    const [draft] = await draftsOf(t, 'READER2');
    // 17–31 May for one more at 8.00 (15 of 31 days: 3.87), then June: 3 × 8.00.
    expect(draft!.lines.map((l) => l.amount)).toEqual(['16.00', '24.00', '-7.74', '11.61']);
    const repriced = await importOrder({ ...order, quantity: 3, price: '9.00' });
    expect(repriced.statusCode).toBe(400);
    expect(repriced.json().errors[0]).toMatchObject({ field: 'price', code: 'immutable' });
    await expectNothingLeftToBill(t, '2025-06-01');
  });
});

describe('import of a file over the API (POST /api/v1/imports/files/)', () => {
  const importFile = (payload: object, token?: string) =>
    call('POST', '/api/v1/imports/files/', payload, token ?? t.org.tokens.import);

  it('imports a CSV row by row and answers the report; a bad row is refused on its own and logged', async () => {
    const content = [
      'externalSystemId;planTerms;invoiceCustomerId;quantity;startDate;paymentMethod',
      'FILE-1;PAPER;READER1;2;2025-01-01;invoice',
      'FILE-2;PAPER;NOBODY;1;2025-01-01;invoice',
      'FILE-3;PAPER;READER1;many;2025-01-01;invoice',
    ].join('\n');
    const answer = await importFile({ format: 'csv', content });
    expect(answer.statusCode, answer.body).toBe(200);
    const report = answer.json();
    expect(report).toMatchObject({ rows: 3, created: 1, updated: 0, unchanged: 0, refused: 2 });
    expect(report.lines.map((l: { line: number; outcome: string }) => [l.line, l.outcome])).toEqual([
      [2, 'created'],
      [3, 'refused'],
      [4, 'refused'],
    ]);
    expect(report.lines[1].error).toContain('NOBODY');
    expect(report.lines[2].error).toContain('quantity');
    const again = await importFile({ format: 'csv', content });
    expect(again.json()).toMatchObject({ created: 0, unchanged: 1, refused: 2 });
    const subscriptions = await call('GET', '/api/v1/subscriptions/?account=READER1&limit=100');
    expect(JSON.stringify(subscriptions.json())).toContain('FILE-1');
    const log = await call(
      'GET',
      '/api/v1/imports/log/?source=file&externalSystemId=FILE-2',
      undefined,
      t.org.tokens.import,
    );
    expect(log.json().results.map((e: { outcome: string }) => e.outcome)).toEqual(['refused', 'refused']);
    const ids = (body: { results: { externalSystemId: string }[] }) =>
      body.results.map((e) => e.externalSystemId);
    const oldest = await call(
      'GET',
      '/api/v1/imports/log/?source=file&limit=500',
      undefined,
      t.org.tokens.import,
    );
    const newest = await call(
      'GET',
      '/api/v1/imports/log/?source=file&limit=500&ordering=-created_date',
      undefined,
      t.org.tokens.import,
    );
    expect(ids(newest.json())).toEqual(ids(oldest.json()).reverse());
    expect(ids(newest.json())[0]).toBe('FILE-3');
  });

  it('reads NDJSON', async () => {
    const line = { ...base, externalSystemId: 'FILE-ND', quantity: 1 };
    const answer = await importFile({ format: 'ndjson', content: `${JSON.stringify(line)}\nnot json\n` });
    expect(answer.json()).toMatchObject({ rows: 2, created: 1, refused: 1 });
    expect(answer.json().lines[1]).toMatchObject({ line: 2, error: 'not a JSON object' });
  });

  it('refuses an unknown format and a binary file naming the field, importing nothing', async () => {
    const before = await call('GET', '/api/v1/imports/log/?limit=1', undefined, t.org.tokens.import);
    const format = await importFile({ format: 'xlsx', content: 'a' });
    expect(format.statusCode).toBe(400);
    expect(format.json().errors[0].field).toBe('format');
    const binary = await importFile({ format: 'csv', content: 'externalSystemId\u0000\u0001' });
    expect(binary.statusCode).toBe(400);
    expect(binary.json().errors[0].field).toBe('content');
    const after = await call('GET', '/api/v1/imports/log/?limit=1', undefined, t.org.tokens.import);
    expect(after.json().count).toBe(before.json().count);
    const read = await importFile({ format: 'csv', content: 'x' }, t.org.tokens.read);
    expect(read.statusCode).toBe(403);
  });
});
