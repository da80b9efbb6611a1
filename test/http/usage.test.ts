import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionSpan } from '../../src/usage/usage-watermark.ts';
import { billOn } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let sub: string;
const send = (method: 'POST' | 'GET' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(t.org.tokens.full), ...(payload ? { payload } : {}) });
const usage = (payload: object) => send('POST', `/api/v1/subscriptions/${sub}/usage/`, payload);

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-15T08:00:00Z' });
  await send('POST', '/api/v1/accounts/', { code: 'U', name: 'User', email: 'u@example.com' });
  await send('POST', '/api/v1/plans/', { code: 'P', name: 'Plan' });
  await send('POST', '/api/v1/plan-terms/', { plan: 'P', code: 'M', price: '0', interval: 'month' });
  await send('POST', '/api/v1/components/', {
    code: 'CALLS',
    name: 'API calls',
    kind: 'metered',
    price_model: { model: 'per_unit', unit_price: '0.01' },
  });
  await send('POST', '/api/v1/components/', {
    code: 'GB',
    name: 'Storage',
    kind: 'metered',
    price_model: { model: 'per_unit', unit_price: '1' },
    aggregation: 'max',
  });
  sub = (
    await send('POST', '/api/v1/subscriptions/', { account: 'U', terms: 'M', start_date: '2025-01-01' })
  ).json().uuid;
  await send('POST', `/api/v1/subscriptions/${sub}/components/`, { component: 'CALLS' });
});
afterAll(async () => t.close());

describe('usage records', () => {
  it('records one event; the same event_id again answers the kept record and counts once', async () => {
    const first = await usage({
      metric: 'CALLS',
      quantity: '12.5',
      timestamp: '2025-01-15T10:00:00+01:00',
      event_id: 'evt-1',
      unique_key: 'user-1',
      properties: { region: 'eu' },
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      quantity: '12.5',
      timestamp: '2025-01-15T09:00:00.000Z',
      event_id: 'evt-1',
      billed: false,
      late: false,
      properties: { region: 'eu' },
    });
    const again = await usage({
      metric: 'CALLS',
      quantity: 12.5,
      timestamp: '2025-01-15T09:00:00Z',
      event_id: 'evt-1',
      unique_key: 'user-1',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().uuid).toBe(first.json().uuid);
    const other = await usage({
      metric: 'CALLS',
      quantity: '13',
      timestamp: '2025-01-15T09:00:00Z',
      event_id: 'evt-1',
    });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('event_id_reused');
    const listed = (
      await send('GET', `/api/v1/subscriptions/${sub}/usage/?metric=CALLS&billed=false`)
    ).json();
    expect(listed.count).toBe(1);
  });

  it.each([
    [{ metric: 'GB', quantity: '1', timestamp: '2025-01-15T10:00:00Z' }, 'metric'],
    [{ metric: 'NOPE', quantity: '1', timestamp: '2025-01-15T10:00:00Z' }, 'metric'],
    [{ metric: 'CALLS', quantity: '-1', timestamp: '2025-01-15T10:00:00Z' }, 'quantity'],
    [{ metric: 'CALLS', quantity: '1.1234567', timestamp: '2025-01-15T10:00:00Z' }, 'quantity'],
    [{ metric: 'CALLS', quantity: '1', timestamp: 'yesterday' }, 'timestamp'],
    [
      { metric: 'CALLS', quantity: '1', timestamp: '2025-01-15T10:00:00Z', event_id: 'has space' },
      'event_id',
    ],
    [
      {
        metric: 'CALLS',
        quantity: '1',
        timestamp: '2025-01-15T10:00:00Z',
        properties: { big: 'x'.repeat(5000) },
      },
      'properties',
    ],
    [{ metric: 'CALLS', quantity: '1', timestamp: '2025-01-15T10:00:00Z', price: '5' }, 'price'],
  ])('refuses %j naming %s', async (payload, field) => {
    const res = await usage(payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('takes a batch of 10,000 once, however often it is sent, and refuses 10,001', async () => {
    const records = Array.from({ length: 10_000 }, (_, i) => ({
      subscription: sub,
      metric: 'CALLS',
      quantity: 1,
      timestamp: '2025-01-16T10:00:00Z',
      event_id: `batch-${i}`,
    }));
    const first = await send('POST', '/api/v1/usage/batch/', { records });
    expect(first.statusCode, first.body.slice(0, 300)).toBe(200);
    expect(first.json()).toEqual({ received: 10_000, created: 10_000, duplicates: 0 });
    const again = await send('POST', '/api/v1/usage/batch/', { records });
    expect(again.json()).toEqual({ received: 10_000, created: 0, duplicates: 10_000 });
    const tooMany = await send('POST', '/api/v1/usage/batch/', {
      records: [...records, { ...records[0]!, event_id: 'one-more' }],
    });
    expect(tooMany.statusCode).toBe(400);
  });

  it('refuses a whole batch with one bad record, naming it, and writes nothing', async () => {
    const res = await send('POST', '/api/v1/usage/batch/', {
      records: [
        {
          subscription: sub,
          metric: 'CALLS',
          quantity: 1,
          timestamp: '2025-01-16T10:00:00Z',
          event_id: 'ok-1',
        },
        {
          subscription: sub,
          metric: 'GB',
          quantity: 1,
          timestamp: '2025-01-16T10:00:00Z',
          event_id: 'bad-1',
        },
        {
          subscription: '00000000-0000-4000-8000-000000000000',
          metric: 'CALLS',
          quantity: 1,
          timestamp: '2025-01-16T10:00:00Z',
          event_id: 'bad-2',
        },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'records.1.metric',
      'records.2.subscription',
    ]);
    const ok1 = (
      await send(
        'GET',
        `/api/v1/subscriptions/${sub}/usage/?limit=500&timestamp__gte=2025-01-16T00:00:00Z&timestamp__lte=2025-01-16T23:59:59Z`,
      )
    ).json();
    expect(ok1.results.some((r: { event_id: string }) => r.event_id === 'ok-1')).toBe(false);
  });

  it('refuses usage from before the subscription starts, naming the field, by itself or in a batch', async () => {
    // The subscription starts 2025-01-01 in Copenhagen: 2024-12-31T23:00:00Z.
    const early = await usage({ metric: 'CALLS', quantity: '1', timestamp: '2024-12-31T22:59:59Z' });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors).toEqual([
      expect.objectContaining({ field: 'timestamp', code: 'outside_subscription' }),
    ]);
    const first = await usage({ metric: 'CALLS', quantity: '1', timestamp: '2024-12-31T23:00:00Z' });
    expect(first.statusCode, first.body).toBe(201);
    const batch = await send('POST', '/api/v1/usage/batch/', {
      records: [
        {
          subscription: sub,
          metric: 'CALLS',
          quantity: 1,
          timestamp: '2025-01-20T10:00:00Z',
          event_id: 'in-1',
        },
        {
          subscription: sub,
          metric: 'CALLS',
          quantity: 1,
          timestamp: '2024-06-01T10:00:00Z',
          event_id: 'early-1',
        },
      ],
    });
    expect(batch.statusCode).toBe(400);
    expect(batch.json().errors).toEqual([
      expect.objectContaining({ field: 'records.1.timestamp', code: 'outside_subscription' }),
    ]);
    const listed = await send(
      'GET',
      `/api/v1/subscriptions/${sub}/usage/?timestamp__gte=2025-01-20T10:00:00Z&timestamp__lte=2025-01-20T10:00:00Z`,
    );
    expect(listed.json().results).toEqual([]);
  });

  it('keeps free text of a batch exactly: event ids, unique keys and properties with quotes, commas, braces', async () => {
    const odd = 'a "quoted", {braced} \\ value, ø';
    const res = await send('POST', '/api/v1/usage/batch/', {
      records: [
        {
          subscription: sub,
          metric: 'CALLS',
          quantity: '2.5',
          timestamp: '2025-01-21T10:00:00Z',
          event_id: 'odd,"{id}\\',
          unique_key: odd,
          properties: { note: odd, list: [1, '2'] },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const listed = await send(
      'GET',
      `/api/v1/subscriptions/${sub}/usage/?timestamp__gte=2025-01-21T10:00:00Z&timestamp__lte=2025-01-21T10:00:00Z`,
    );
    expect(listed.json().results).toEqual([
      expect.objectContaining({
        event_id: 'odd,"{id}\\',
        unique_key: odd,
        properties: { note: odd, list: [1, '2'] },
        quantity: '2.5',
      }),
    ]);
  });

  it('lists a subscription’s usage as recorded, or by when it happened either way, a page at a time', async () => {
    const other = (
      await send('POST', '/api/v1/subscriptions/', { account: 'U', terms: 'M', start_date: '2025-01-01' })
    ).json().uuid;
    await send('POST', `/api/v1/subscriptions/${other}/components/`, { component: 'CALLS' });
    for (const [i, hour] of ['10', '08', '09'].entries()) {
      t.clock.advance(1000);
      const res = await send('POST', `/api/v1/subscriptions/${other}/usage/`, {
        metric: 'CALLS',
        quantity: String(i + 1),
        timestamp: `2025-01-10T${hour}:00:00Z`,
        event_id: `ordered-${i}`,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const hours = async (query: string) => {
      const res = await send('GET', `/api/v1/subscriptions/${other}/usage/?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      return {
        hours: body.results.map((r: { timestamp: string }) => r.timestamp.slice(11, 13)),
        next: body.next,
      };
    };
    expect((await hours('')).hours).toEqual(['10', '08', '09']);
    expect((await hours('ordering=-timestamp')).hours).toEqual(['10', '09', '08']);
    const first = await hours('ordering=timestamp&limit=2');
    expect(first.hours).toEqual(['08', '09']);
    const next = new URL(first.next);
    expect((await hours(next.search.slice(1))).hours).toEqual(['10']);
    expect((await send('GET', `/api/v1/subscriptions/${other}/usage/?ordering=quantity`)).statusCode).toBe(
      400,
    );
  });

  it('takes usage until the end day begins in the organization’s time zone', () => {
    const ended = { id: sub, start_date: '2025-01-01', end_date: '2025-03-01' };
    const check = subscriptionSpan(ended, 'Europe/Copenhagen');
    const at = (instant: string) => check(new Date(instant));
    expect(at('2025-02-28T22:59:59Z')).toBeNull();
    expect(at('2025-02-28T23:00:00Z')).toBe('is not before the subscription ends (2025-03-01)');
    expect(at('2024-12-31T22:59:59Z')).toBe('is before the subscription starts (2025-01-01)');
  });

  it('deletes unbilled usage, and refuses once billed: on time by the run, late once its draft has it', async () => {
    const made = (await usage({ metric: 'CALLS', quantity: '1', timestamp: '2025-01-15T11:00:00Z' })).json();
    expect((await send('DELETE', `/api/v1/subscriptions/${sub}/usage/${made.uuid}/`)).statusCode).toBe(204);
    const onTime = (
      await usage({ metric: 'CALLS', quantity: '1', timestamp: '2025-01-15T12:00:00Z', event_id: 'on-time' })
    ).json();
    expect(onTime).toMatchObject({ billed: false, late: false });
    expect(await billOn(t, '2025-02-01')).toBeGreaterThan(0);
    const listed = (
      await send(
        'GET',
        `/api/v1/subscriptions/${sub}/usage/?billed=true&timestamp__gte=2025-01-15T12:00:00Z&timestamp__lte=2025-01-15T12:00:00Z`,
      )
    ).json();
    expect(listed.results.map((r: { event_id: string }) => r.event_id)).toContain('on-time');
    const refused = await send('DELETE', `/api/v1/subscriptions/${sub}/usage/${onTime.uuid}/`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('already_billed');

    // January is billed now: usage for it that arrives is late, deletable until a run bills it.
    const late = (
      await usage({ metric: 'CALLS', quantity: '2', timestamp: '2025-01-20T12:00:00Z', event_id: 'late-1' })
    ).json();
    expect(late).toMatchObject({ billed: false, late: true });
    const unbilled = (
      await send(
        'GET',
        `/api/v1/subscriptions/${sub}/usage/?billed=false&timestamp__lte=2025-01-31T23:59:59Z&limit=500`,
      )
    ).json();
    expect(unbilled.results.map((r: { event_id: string }) => r.event_id)).toEqual(['late-1']);
    expect(await billOn(t, '2025-02-02')).toBe(1);
    const lateRefused = await send('DELETE', `/api/v1/subscriptions/${sub}/usage/${late.uuid}/`);
    expect(lateRefused.statusCode).toBe(409);
    expect(lateRefused.json().detail).toMatch(/invoice draft/);
    expect(await billOn(t, '2025-02-02')).toBe(0);
  });
});

describe('rated items', () => {
  it('adds a one-off charge in the subscription’s currency, lists it, deletes it while unbilled', async () => {
    const made = await send('POST', `/api/v1/subscriptions/${sub}/rated-items/`, {
      description: 'Consulting',
      quantity: '2.5',
      unit_price: '800',
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({
      description: 'Consulting',
      quantity: '2.5',
      unit_price: '800',
      currency: 'DKK',
      billed: false,
    });
    expect((await send('GET', `/api/v1/subscriptions/${sub}/rated-items/`)).json().results).toHaveLength(1);
    expect(
      (await send('DELETE', `/api/v1/subscriptions/${sub}/rated-items/${made.json().uuid}/`)).statusCode,
    ).toBe(204);
    expect((await send('GET', `/api/v1/subscriptions/${sub}/rated-items/`)).json().results).toHaveLength(0);
  });

  it.each([
    [{ description: '', quantity: '1', unit_price: '1' }, 'description'],
    [{ description: 'x', quantity: '0', unit_price: '1' }, 'quantity'],
    [{ description: 'x', quantity: '1', unit_price: '-1' }, 'unit_price'],
    [{ description: 'x', quantity: '1', unit_price: '1', tax_category: 'NOPE' }, 'tax_category'],
  ])('refuses %j', async (payload, field) => {
    const res = await send('POST', `/api/v1/subscriptions/${sub}/rated-items/`, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe(field);
  });
});
