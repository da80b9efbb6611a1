import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

let n = 0;
const code = (prefix: string) => `${prefix}-${n++}`;

function send(
  method: 'POST' | 'PATCH' | 'DELETE' | 'GET',
  url: string,
  payload?: object,
  token = t.org.tokens.full,
) {
  return t.app.inject({ method, url, headers: authHeaders(token), ...(payload ? { payload } : {}) });
}

async function make(path: string, payload: object) {
  const res = await send('POST', path, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const fieldsOf = (res: { json(): { errors?: { field: string }[] } }) =>
  (res.json().errors ?? []).map((e) => e.field);

describe('plans and plan groups', () => {
  it('a plan needs no more than code and name; a plan group is named by code or uuid', async () => {
    const plan = await make('/api/v1/plans/', { code: code('P'), name: 'Basic' });
    expect(plan).toMatchObject({ plan_group: null, description: null, archived: false });
    const group = await make('/api/v1/plan-groups/', { code: code('G'), name: 'Memberships' });
    const grouped = await make('/api/v1/plans/', { code: code('P'), name: 'Gold', plan_group: group.code });
    expect(grouped.plan_group).toBe(group.uuid);
    const listed = await send('GET', `/api/v1/plans/?plan_group=${group.uuid}`);
    expect(listed.json().results.map((p: { uuid: string }) => p.uuid)).toEqual([grouped.uuid]);
  });

  it('refuses an unknown, foreign or archived plan group, and a taken code', async () => {
    const unknown = await send('POST', '/api/v1/plans/', { code: code('P'), name: 'x', plan_group: 'NOPE' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'plan_group', code: 'not_found' });
    const theirs = await send(
      'POST',
      '/api/v1/plan-groups/',
      { code: code('G'), name: 'Theirs' },
      t.other.tokens.full,
    );
    const foreign = await send('POST', '/api/v1/plans/', {
      code: code('P'),
      name: 'x',
      plan_group: theirs.json().uuid,
    });
    expect(foreign.json().errors[0]).toMatchObject({ field: 'plan_group', code: 'not_found' });
    const group = await make('/api/v1/plan-groups/', { code: code('G'), name: 'Old' });
    expect((await send('DELETE', `/api/v1/plan-groups/${group.code}`)).statusCode).toBe(200);
    const archived = await send('POST', '/api/v1/plans/', {
      code: code('P'),
      name: 'x',
      plan_group: group.code,
    });
    expect(archived.json().errors[0]).toMatchObject({ field: 'plan_group', code: 'archived' });
    const plan = await make('/api/v1/plans/', { code: code('P'), name: 'x' });
    const taken = await send('POST', '/api/v1/plans/', { code: plan.code, name: 'again' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('code_taken');
  });

  it('archives instead of deleting; archived items are read-only and listed apart', async () => {
    const plan = await make('/api/v1/plans/', { code: code('P'), name: 'Retired' });
    const archived = await send('DELETE', `/api/v1/plans/${plan.uuid}/`);
    expect(archived.json()).toMatchObject({ uuid: plan.uuid, archived: true });
    expect((await send('GET', `/api/v1/plans/${plan.code}`)).json().archived).toBe(true);
    expect((await send('GET', `/api/v1/plans/?code=${plan.code}`)).json().count).toBe(0);
    expect((await send('GET', `/api/v1/plans/?code=${plan.code}&archived=true`)).json().count).toBe(1);
    const patch = await send('PATCH', `/api/v1/plans/${plan.code}`, { name: 'Back' });
    expect(patch.statusCode).toBe(409);
    expect(patch.json().code).toBe('archived');
  });
});

describe('plan terms', () => {
  let planCode: string;
  beforeAll(async () => {
    planCode = (await make('/api/v1/plans/', { code: code('P'), name: 'Seats' })).code;
  });

  it('need no more than plan, price, currency, interval and interval_count, with sensible defaults', async () => {
    const terms = await make('/api/v1/plan-terms/', {
      plan: planCode,
      price: '99',
      currency: 'DKK',
      interval: 'month',
      interval_count: 1,
    });
    expect(terms).toMatchObject({
      price: '99.00',
      currency: 'DKK',
      interval: 'month',
      interval_count: 1,
      minimum_term: null,
      notice_period: null,
      notice_rule: 'end_of_term',
      trial_days: 0,
      externally_managed: false,
      tax_category: null,
      punch_card_entries: null,
    });
    const annual = await make('/api/v1/plan-terms/', {
      plan: planCode,
      price: '1188.5',
      interval: 'year',
      minimum_term: 'P12M',
      notice_period: 'P3M',
      notice_rule: 'end_of_month',
      trial_days: 14,
    });
    expect(annual).toMatchObject({
      price: '1188.50',
      currency: 'DKK',
      interval_count: 1,
      minimum_term: 'P12M',
      notice_period: 'P3M',
    });
  });

  it('sells punch cards: a number of entries instead of an interval', async () => {
    const card = await make('/api/v1/plan-terms/', { plan: planCode, price: '800', punch_card_entries: 10 });
    expect(card).toMatchObject({ interval: null, interval_count: null, punch_card_entries: 10 });
    const both = await send('POST', '/api/v1/plan-terms/', {
      plan: planCode,
      price: '800',
      punch_card_entries: 10,
      interval: 'month',
    });
    expect(fieldsOf(both)).toContain('punch_card_entries');
    const trial = await send('POST', '/api/v1/plan-terms/', {
      plan: planCode,
      price: '800',
      punch_card_entries: 10,
      trial_days: 7,
      notice_period: 'P1M',
    });
    expect(fieldsOf(trial)).toEqual(expect.arrayContaining(['trial_days', 'notice_period']));
    const neither = await send('POST', '/api/v1/plan-terms/', { plan: planCode, price: '800' });
    expect(fieldsOf(neither)).toContain('interval');
  });

  it.each([
    ['price', '-1'],
    ['price', '1.23456'],
    ['price', 12],
    ['currency', 'EURO'],
    ['interval', 'fortnight'],
    ['interval_count', 0],
    ['minimum_term', '12 months'],
    ['notice_period', 'P1M2D'],
    ['notice_rule', 'whenever'],
    ['trial_days', -1],
    ['plan', 'NO-SUCH-PLAN'],
    ['tax_category', 'NO-SUCH-TAX'],
  ])('refuses %s = %j', async (field, value) => {
    const res = await send('POST', '/api/v1/plan-terms/', {
      plan: planCode,
      price: '10',
      interval: 'month',
      [field]: value,
    });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toContain(field);
  });

  it('never changes what decides a billed amount; other fields may change', async () => {
    const terms = await make('/api/v1/plan-terms/', {
      plan: planCode,
      price: '10',
      interval: 'month',
      code: code('T'),
    });
    const price = await send('PATCH', `/api/v1/plan-terms/${terms.uuid}`, { price: '12' });
    expect(price.statusCode).toBe(400);
    expect(price.json().errors[0]).toMatchObject({ field: 'price', code: 'immutable' });
    const renamed = await send('PATCH', `/api/v1/plan-terms/${terms.code}`, {
      name: 'Monthly',
      trial_days: 30,
      notice_period: 'P1M',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: 'Monthly',
      trial_days: 30,
      notice_period: 'P1M',
      price: '10.00',
    });
  });

  it('externally managed terms cannot be changed or archived through the API (409)', async () => {
    const terms = await make('/api/v1/plan-terms/', {
      plan: planCode,
      price: '10',
      interval: 'month',
      externally_managed: true,
    });
    for (const res of [
      await send('PATCH', `/api/v1/plan-terms/${terms.uuid}`, { name: 'x' }),
      await send('DELETE', `/api/v1/plan-terms/${terms.uuid}`),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('externally_managed');
    }
    const listed = await send('GET', `/api/v1/plan-terms/?plan=${planCode}&externally_managed=true`);
    expect(listed.json().results.map((r: { uuid: string }) => r.uuid)).toEqual([terms.uuid]);
  });

  it('takes a tax category by code', async () => {
    const tax = await make('/api/v1/tax-categories/', {
      code: code('TAX'),
      name: 'Books',
      rates: { DK: '25', SE: '6', DE: '7' },
    });
    expect(tax.rates).toEqual({ DK: '25', SE: '6', DE: '7' });
    const terms = await make('/api/v1/plan-terms/', {
      plan: planCode,
      price: '10',
      interval: 'month',
      tax_category: tax.code,
    });
    expect(terms.tax_category).toBe(tax.uuid);
  });
});

describe('tax categories', () => {
  it.each([[{ DK: '101' }], [{ DK: 'abc' }], [{ XX: '5' }], [{ dk: '5' }]])(
    'refuses rates %j',
    async (rates) => {
      const res = await send('POST', '/api/v1/tax-categories/', { code: code('TAX'), name: 'x', rates });
      expect(res.statusCode).toBe(400);
      expect(fieldsOf(res).some((f: string) => f.startsWith('rates'))).toBe(true);
    },
  );
});

describe('components', () => {
  it('recurring add-ons have a price; metered ones a price model and an aggregation (default sum)', async () => {
    const seat = await make('/api/v1/components/', {
      code: code('C'),
      name: 'Extra seat',
      kind: 'recurring',
      price: '25',
    });
    expect(seat).toMatchObject({ price: '25.00', price_model: null, aggregation: null, currency: 'DKK' });
    const model = {
      model: 'graduated',
      tiers: [
        { up_to: 1000, unit_price: '0.10' },
        { up_to: null, unit_price: '0.05', flat_fee: '10' },
      ],
    };
    const calls = await make('/api/v1/components/', {
      code: code('C'),
      name: 'API calls',
      kind: 'metered',
      price_model: model,
      unit_name: 'call',
    });
    expect(calls).toMatchObject({ price: null, price_model: model, aggregation: 'sum', unit_name: 'call' });
    for (const pm of [
      { model: 'per_unit', unit_price: '0.5' },
      {
        model: 'volume',
        tiers: [
          { up_to: 10, unit_price: '2' },
          { up_to: null, unit_price: '1' },
        ],
      },
      { model: 'package', package_size: 100, package_price: '5' },
    ])
      await make('/api/v1/components/', {
        code: code('C'),
        name: 'm',
        kind: 'metered',
        price_model: pm,
        aggregation: 'max',
      });
  });

  it.each([
    [{ kind: 'recurring' }, 'price'],
    [{ kind: 'recurring', price: '1', aggregation: 'sum' }, 'aggregation'],
    [{ kind: 'metered' }, 'price_model'],
    [{ kind: 'metered', price: '1', price_model: { model: 'per_unit', unit_price: '1' } }, 'price'],
    [
      { kind: 'metered', price_model: { model: 'graduated', tiers: [{ up_to: 10, unit_price: '1' }] } },
      'price_model.tiers.0.up_to',
    ],
    [
      {
        kind: 'metered',
        price_model: {
          model: 'volume',
          tiers: [
            { up_to: 10, unit_price: '1' },
            { up_to: 5, unit_price: '1' },
            { up_to: null, unit_price: '1' },
          ],
        },
      },
      'price_model.tiers.1.up_to',
    ],
    [{ kind: 'metered', price_model: { model: 'flat' } }, 'price_model.model'],
    [
      { kind: 'metered', price_model: { model: 'per_unit', unit_price: '1' }, aggregation: 'avg' },
      'aggregation',
    ],
  ])('refuses %j naming %s', async (fields, field) => {
    const res = await send('POST', '/api/v1/components/', { code: code('C'), name: 'x', ...fields });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toContain(field);
  });

  it('keeps the price of a component fixed once made', async () => {
    const seat = await make('/api/v1/components/', {
      code: code('C'),
      name: 'Seat',
      kind: 'recurring',
      price: '25',
    });
    const res = await send('PATCH', `/api/v1/components/${seat.code}`, { price: '30' });
    expect(res.json().errors[0]).toMatchObject({ field: 'price', code: 'immutable' });
    const renamed = await send('PATCH', `/api/v1/components/${seat.code}`, { name: 'Seat (annual)' });
    expect(renamed.json()).toMatchObject({ name: 'Seat (annual)', price: '25.00' });
  });
});
