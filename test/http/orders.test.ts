import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const h = () => authHeaders(t.org.tokens.full);
const post = (url: string, payload: object = {}) =>
  t.app.inject({ method: 'POST', url, headers: h(), payload });
const get = (url: string) => t.app.inject({ url, headers: authHeaders(t.org.tokens.read) });
const at = (instant: string) => t.clock.set(instant);

async function order(payload: object) {
  const res = await post('/api/v1/orders/', payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function commit(uuid: string) {
  const res = await post(`/api/v1/orders/${uuid}/commit/`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function subscribe(terms: string, quantity: number, start = '2025-01-01', account = 'ACME') {
  return (
    await commit(
      (
        await order({ type: 'new_subscription', account, terms, quantity, start_date: start })
      ).uuid,
    )
  ).subscription as string;
}

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await post('/api/v1/accounts/', {
    code: 'ACME',
    name: 'Acme ApS',
    email: 'a@acme.dk',
    legal_country: 'DK',
    vat_number: 'DK12345674',
  });
  await post('/api/v1/accounts/', {
    code: 'BERLIN',
    name: 'Berlin GmbH',
    email: 'b@berlin.de',
    legal_country: 'DE',
    vat_number: 'DE123456788',
    currency: 'EUR',
  });
  await post('/api/v1/plans/', { code: 'APP', name: 'App' });
  await post('/api/v1/plan-terms/', {
    plan: 'APP',
    code: 'BASIC',
    name: 'Basic',
    price: '100',
    interval: 'month',
  });
  await post('/api/v1/plan-terms/', {
    plan: 'APP',
    code: 'PRO',
    name: 'Pro',
    price: '200',
    interval: 'month',
  });
  await post('/api/v1/plan-terms/', {
    plan: 'APP',
    code: 'PRO-YEAR',
    name: 'Pro yearly',
    price: '2000',
    interval: 'year',
  });
  await post('/api/v1/plan-terms/', {
    plan: 'APP',
    code: 'TRIAL',
    name: 'Trial',
    price: '100',
    interval: 'month',
    trial_days: 14,
  });
  await post('/api/v1/plan-terms/', {
    plan: 'APP',
    code: 'CARD',
    name: '10-card',
    price: '500',
    punch_card_entries: 10,
  });
  await post('/api/v1/plan-terms/', {
    plan: 'APP',
    code: 'EXT',
    price: '100',
    interval: 'month',
    externally_managed: true,
  });
  await post('/api/v1/components/', { code: 'SEAT', name: 'Extra seat', kind: 'recurring', price: '31' });
});
afterAll(async () => t.close());

describe('new subscriptions and one-off purchases', () => {
  it('prices the first period in advance, with VAT, and commits it atomically', async () => {
    at('2025-01-01T08:00:00Z');
    const preview = await order({
      type: 'new_subscription',
      account: 'ACME',
      terms: 'BASIC',
      quantity: 3,
      start_date: '2025-01-01',
    });
    expect(preview).toMatchObject({
      status: 'preview',
      effective_date: '2025-01-01',
      currency: 'DKK',
      total_ex_vat: '300.00',
      total_vat: '75.00',
      total: '375.00',
    });
    expect(preview.lines).toEqual([
      expect.objectContaining({
        billing: 'recurring',
        period_start: '2025-01-01',
        period_end: '2025-02-01',
        amount: '300.00',
        vat_rate: '25',
      }),
    ]);
    expect(preview.vat).toEqual([{ rate: '25', base: '300.00', amount: '75.00' }]);
    const before = (await get('/api/v1/subscriptions/?account=ACME')).json().count;
    const committed = await commit(preview.uuid);
    expect(committed.status).toBe('committed');
    const sub = (await get(`/api/v1/subscriptions/${committed.subscription}`)).json();
    expect(sub).toMatchObject({ terms: expect.any(String), quantity: 3, status: 'active' });
    expect((await get('/api/v1/subscriptions/?account=ACME')).json().count).toBe(before + 1);
    const again = await post(`/api/v1/orders/${preview.uuid}/commit/`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('order_state');
  });

  it('a trial costs nothing now and its first paid period starts when it ends', async () => {
    const preview = await order({
      type: 'new_subscription',
      account: 'ACME',
      terms: 'TRIAL',
      start_date: '2025-01-01',
    });
    expect(preview.lines[0]).toMatchObject({
      period_start: '2025-01-15',
      period_end: '2025-02-15',
      amount: '100.00',
    });
    const sub = (await get(`/api/v1/subscriptions/${(await commit(preview.uuid)).subscription}`)).json();
    expect(sub).toMatchObject({ status: 'trialing', trial_end: '2025-01-15' });
  });

  it('sells punch cards once, on the next invoice', async () => {
    const preview = await order({ type: 'one_off', account: 'ACME', terms: 'CARD', quantity: 2 });
    expect(preview).toMatchObject({ total_ex_vat: '1000.00', total_vat: '250.00', total: '1250.00' });
    await commit(preview.uuid);
    const lines = await t.handle.db
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', '=', preview.uuid)
      .execute();
    expect(lines.map((l) => [l.kind, Number(l.amount)])).toEqual([['charge', 100000]]);
  });

  it('reverse-charges a business in another EU country with a VAT number', async () => {
    await post('/api/v1/plan-terms/', {
      plan: 'APP',
      code: 'BASIC-EUR',
      price: '10',
      currency: 'EUR',
      interval: 'month',
    });
    const preview = await order({ type: 'new_subscription', account: 'BERLIN', terms: 'BASIC-EUR' });
    expect(preview).toMatchObject({ currency: 'EUR', total_vat: '0.00', total: '10.00' });
    expect(preview.lines[0].vat_rate).toBe('0');
  });

  it('refuses externally managed terms (409), unknown references and bad input, naming the field', async () => {
    const external = await post('/api/v1/orders/', {
      type: 'new_subscription',
      account: 'ACME',
      terms: 'EXT',
    });
    expect(external.statusCode).toBe(409);
    expect(external.json().code).toBe('externally_managed');
    for (const [payload, field] of [
      [{ type: 'new_subscription', account: 'NOBODY', terms: 'BASIC' }, 'account'],
      [{ type: 'one_off', account: 'ACME', terms: 'BASIC' }, 'terms'],
      [
        { type: 'change_quantity', subscription: '00000000-0000-4000-8000-000000000000', quantity: 2 },
        'subscription',
      ],
      [{ type: 'refund', account: 'ACME' }, 'type'],
      [{ type: 'change_quantity', subscription: 'nope', quantity: 2 }, 'subscription'],
    ] as const) {
      const res = await post('/api/v1/orders/', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
});

describe('changes within a period', () => {
  it('a seat plan crossing the contract’s 15 % tier at 10: credit the rest of 8, charge the rest of 12 at the tier', async () => {
    at('2025-01-01T08:00:00Z');
    const contract = (
      await post('/api/v1/accounts/ACME/contracts/', {
        plan_terms: 'BASIC',
        start_date: '2025-01-01',
        end_date: '2025-12-31',
      })
    ).json();
    await post(`/api/v1/accounts/ACME/contracts/${contract.uuid}/tiers/`, {
      minimum_quantity: 10,
      discount: '15.00',
      discount_type: 'percentage',
    });
    const sub = await subscribe('BASIC', 8);
    at('2025-01-17T09:00:00Z');
    const preview = await order({ type: 'change_quantity', subscription: sub, quantity: 12 });
    expect(preview.effective_date).toBe('2025-01-17');
    // 15 of 31 days remain: 8 × 100 × 15/31 = 387.10 back; 12 × 85 × 15/31 = 493.55 on.
    expect(
      preview.lines.map((l: { kind: string; amount: string; discount: string }) => [
        l.kind,
        l.amount,
        l.discount,
      ]),
    ).toEqual([
      ['credit', '-387.10', '0.00'],
      ['charge', '493.55', '87.10'],
    ]);
    expect(preview).toMatchObject({ total_ex_vat: '106.45', total_vat: '26.61', total: '133.06' });
    await commit(preview.uuid);
    const after = (await get(`/api/v1/subscriptions/${sub}`)).json();
    expect(after).toMatchObject({
      quantity: 12,
      current_period_start: '2025-01-01',
      current_period_end: '2025-02-01',
    });
    const overview = (await get(`/api/v1/subscriptions/${sub}/overview/`)).json();
    expect(overview.discount).toMatchObject({ minimum_quantity: 10, discount: '15.00' });
    // and back down again: a decrease waits for the period end, with nothing to prorate
    const back = await order({ type: 'change_quantity', subscription: sub, quantity: 8 });
    expect(back).toMatchObject({ effective_date: '2025-02-01', total_ex_vat: '800.00' });
    expect(back.lines).toEqual([
      expect.objectContaining({ billing: 'recurring', period_start: '2025-02-01', period_end: '2025-03-01' }),
    ]);
  });

  it('an upgrade acts at once with prorations; a downgrade waits for the period end and shows as scheduled', async () => {
    at('2025-01-01T08:00:00Z');
    const sub = await subscribe('BASIC', 1);
    at('2025-01-16T10:00:00Z');
    const up = await order({ type: 'change_terms', subscription: sub, terms: 'PRO' });
    // 16 of 31 days remain: 100 × 16/31 = 51.61 back, 200 × 16/31 = 103.23 on
    expect(up.lines.map((l: { amount: string }) => l.amount)).toEqual(['-51.61', '103.23']);
    await commit(up.uuid);
    expect((await get(`/api/v1/subscriptions/${sub}`)).json().terms).toBe(
      (await get('/api/v1/plan-terms/PRO')).json().uuid,
    );

    const down = await order({ type: 'change_terms', subscription: sub, terms: 'BASIC' });
    expect(down).toMatchObject({ effective_date: '2025-02-01', total_ex_vat: '100.00' });
    await commit(down.uuid);
    const scheduled = (await get(`/api/v1/subscriptions/${sub}`)).json();
    expect(scheduled.scheduled_change).toMatchObject({ date: '2025-02-01', quantity: 1 });
    at('2025-02-03T10:00:00Z');
    const basic = (await get('/api/v1/plan-terms/BASIC')).json().uuid;
    expect((await get(`/api/v1/subscriptions/${sub}`)).json()).toMatchObject({
      terms: basic,
      scheduled_change: null,
      current_period_start: '2025-02-01',
    });
  });

  it('a change of interval credits the rest of the old period and starts the new terms’ periods on the day', async () => {
    at('2025-03-01T08:00:00Z');
    const sub = await subscribe('PRO', 1, '2025-03-01');
    at('2025-03-11T08:00:00Z');
    const yearly = await order({
      type: 'change_terms',
      subscription: sub,
      terms: 'PRO-YEAR',
      effective: 'immediately',
    });
    expect(
      yearly.lines.map((l: { billing: string; amount: string; period_start: string; period_end: string }) => [
        l.billing,
        l.amount,
        l.period_start,
        l.period_end,
      ]),
    ).toEqual([
      ['one_off', '-135.48', '2025-03-11', '2025-04-01'],
      ['recurring', '2000.00', '2025-03-11', '2026-03-11'],
    ]);
    await commit(yearly.uuid);
    expect((await get(`/api/v1/subscriptions/${sub}`)).json()).toMatchObject({
      current_period_start: '2025-03-11',
      current_period_end: '2026-03-11',
    });
  });

  it('adds a component for the rest of the period and removes it at the period end', async () => {
    at('2025-01-01T08:00:00Z');
    const sub = await subscribe('BASIC', 1);
    at('2025-01-22T08:00:00Z');
    const add = await order({ type: 'add_component', subscription: sub, component: 'SEAT', quantity: 2 });
    // 10 of 31 days: 2 × 31 × 10/31 = 20.00
    expect(add.lines.map((l: { amount: string }) => l.amount)).toEqual(['20.00']);
    await commit(add.uuid);
    const remove = await order({ type: 'remove_component', subscription: sub, component: 'SEAT' });
    expect(remove).toMatchObject({ effective_date: '2025-02-01', lines: [] });
    await commit(remove.uuid);
    const components = (await get(`/api/v1/subscriptions/${sub}/components/`)).json().results;
    expect(components).toEqual([
      expect.objectContaining({ quantity: 2, start_date: '2025-01-22', end_date: '2025-02-01' }),
    ]);
  });

  it('refuses a backdated change, an unchanged one, and a commit after the subscription changed', async () => {
    at('2025-01-01T08:00:00Z');
    const sub = await subscribe('BASIC', 1);
    at('2025-01-10T08:00:00Z');
    const past = await post('/api/v1/orders/', {
      type: 'change_quantity',
      subscription: sub,
      quantity: 3,
      effective_date: '2025-01-05',
    });
    expect(past.json().errors[0]).toMatchObject({ field: 'effective_date', code: 'past' });
    const same = await post('/api/v1/orders/', { type: 'change_quantity', subscription: sub, quantity: 1 });
    expect(same.json().errors[0].code).toBe('unchanged');
    const first = await order({ type: 'change_quantity', subscription: sub, quantity: 2 });
    const second = await order({ type: 'change_quantity', subscription: sub, quantity: 5 });
    await commit(first.uuid);
    const stale = await post(`/api/v1/orders/${second.uuid}/commit/`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('order_stale');
  });

  it('a new subscription is not committed for an account archived after the order was priced', async () => {
    at('2025-01-01T08:00:00Z');
    await post('/api/v1/accounts/', { code: 'GONE', name: 'Gone', email: 'gone@example.com' });
    const preview = await order({ type: 'new_subscription', account: 'GONE', terms: 'BASIC' });
    const archived = await t.app.inject({ method: 'DELETE', url: '/api/v1/accounts/GONE/', headers: h() });
    expect(archived.statusCode, archived.body).toBeLessThan(300);
    const stale = await post(`/api/v1/orders/${preview.uuid}/commit/`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'order_stale' });
    expect((await get('/api/v1/subscriptions/?account=GONE')).json().results).toEqual([]);
  });

  it('an add_component order priced before the same component was added directly is stale', async () => {
    at('2025-01-01T08:00:00Z');
    const sub = await subscribe('BASIC', 1);
    at('2025-01-12T08:00:00Z');
    const add = await order({ type: 'add_component', subscription: sub, component: 'SEAT', quantity: 2 });
    const direct = await post(`/api/v1/subscriptions/${sub}/components/`, { component: 'SEAT', quantity: 2 });
    expect(direct.statusCode, direct.body).toBe(201);
    const stale = await post(`/api/v1/orders/${add.uuid}/commit/`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('order_stale');
    const components = (await get(`/api/v1/subscriptions/${sub}/components/`)).json().results;
    expect(components).toHaveLength(1);
  });
});

describe('expiry and approval', () => {
  it('an uncommitted order expires after 24 hours', async () => {
    at('2025-01-01T08:00:00Z');
    const preview = await order({ type: 'one_off', account: 'ACME', terms: 'CARD' });
    at('2025-01-02T08:00:01Z');
    const res = await post(`/api/v1/orders/${preview.uuid}/commit/`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('order_expired');
    expect((await get(`/api/v1/orders/${preview.uuid}`)).json().status).toBe('expired');
    expect(
      (await get('/api/v1/orders/?status=expired')).json().results.map((o: { uuid: string }) => o.uuid),
    ).toContain(preview.uuid);
  });

  it('with approval required, commit leaves the order pending until approved or declined', async () => {
    at('2025-01-01T08:00:00Z');
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/organization/',
      headers: h(),
      payload: { order_approval_required: true },
    });
    try {
      const declined = await order({
        type: 'new_subscription',
        account: 'ACME',
        terms: 'PRO',
        start_date: '2025-01-01',
      });
      expect((await commit(declined.uuid)).status).toBe('pending_approval');
      const count = (await get('/api/v1/subscriptions/?account=ACME')).json().count;
      const no = await post(`/api/v1/orders/${declined.uuid}/decline/`);
      expect(no.json()).toMatchObject({ status: 'declined', subscription: null });
      expect((await get('/api/v1/subscriptions/?account=ACME')).json().count).toBe(count);
      expect((await post(`/api/v1/orders/${declined.uuid}/approve/`)).json().code).toBe('order_state');

      const approved = await order({
        type: 'new_subscription',
        account: 'ACME',
        terms: 'PRO',
        start_date: '2025-01-01',
      });
      await commit(approved.uuid);
      const yes = (await post(`/api/v1/orders/${approved.uuid}/approve/`)).json();
      expect(yes.status).toBe('committed');
      expect((await get(`/api/v1/subscriptions/${yes.subscription}`)).json().status).toBe('active');
      const log = (await get(`/api/v1/audit-log/?entity_id=${approved.uuid}`))
        .json()
        .results.map((e: { action: string }) => e.action);
      expect(log).toEqual(['order.created', 'order.pending_approval', 'order.approved']);
    } finally {
      await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/organization/',
        headers: h(),
        payload: { order_approval_required: false },
      });
    }
  });
});

describe('bodyless steps and archived components', () => {
  it('commits without a body, and removes a component that was archived in the catalog since', async () => {
    at('2025-01-01T08:00:00Z');
    const sub = await subscribe('BASIC', 1);
    await post('/api/v1/components/', { code: 'OLD-SEAT', name: 'Old seat', kind: 'recurring', price: '10' });
    const add = await order({ type: 'add_component', subscription: sub, component: 'OLD-SEAT' });
    const bare = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${add.uuid}/commit/`,
      headers: authHeaders(t.org.tokens.full),
    });
    expect(bare.statusCode, bare.body).toBe(200);
    await t.app.inject({ method: 'DELETE', url: '/api/v1/components/OLD-SEAT/', headers: h() });
    const running = (await get(`/api/v1/subscriptions/${sub}/components/`)).json().results[0];
    for (const name of ['OLD-SEAT', running.uuid]) {
      const res = await post('/api/v1/orders/', {
        type: 'remove_component',
        subscription: sub,
        component: name,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
});
