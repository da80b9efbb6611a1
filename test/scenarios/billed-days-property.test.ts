import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToIso, daysFromTo } from '../../src/domain/calendar.ts';
import { billOn, expectNothingLeftToBill } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// Issue 11: for any change and end, everything invoiced less everything credited for a subscription is
// the price of the days it ran, within one minor unit per line. Monthly terms at 100.00 a unit from
// 2025-01-01; January billed in advance (sent or not), an immediate quantity change inside January,
// then an end (forced) inside January or February; runs through 2025-03-01.

let t: TestApp;
const post = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: authHeaders(t.org.tokens.full), payload });
const get = async (url: string) => {
  const res = await t.app.inject({ url, headers: authHeaders(t.org.tokens.read) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await post('/api/v1/plans/', { code: 'P', name: 'Plan' });
  await post('/api/v1/plan-terms/', { plan: 'P', code: 'U', name: 'Seat', price: '100', interval: 'month' });
});
afterAll(async () => t.close());

type Doc = { total_ex_vat: string; lines: unknown[] };

/** Net invoiced (invoices and open drafts) less credited, and how many lines made it. */
async function billedFor(account: string) {
  const invoices = (await get(`/api/v1/invoices/?account=${account}`)).results as Doc[];
  const drafts = (await get(`/api/v1/invoice-drafts/?account=${account}&status=draft`)).results as Doc[];
  const notes = (await get(`/api/v1/credit-notes/?account=${account}`)).results as Doc[];
  const sum = (docs: Doc[]) => docs.reduce((s, d) => s.plus(d.total_ex_vat), new Decimal(0));
  return {
    net: sum(invoices).plus(sum(drafts)).minus(sum(notes)),
    lines: [...invoices, ...drafts, ...notes].reduce((n, d) => n + d.lines.length, 0),
  };
}

/** The price of the days run: each day at quantity × 100 over the days of its month. */
function priceOfDaysRun(q1: number, change: string, q2: number, end: string): Decimal {
  let price = new Decimal(0);
  for (let day = '2025-01-01'; day < end; day = addToIso(day, 'day', 1)) {
    const monthStart = `${day.slice(0, 7)}-01`;
    const monthDays = daysFromTo(monthStart, addToIso(monthStart, 'month', 1));
    price = price.plus(new Decimal((day < change ? q1 : q2) * 100).div(monthDays));
  }
  return price;
}

let runs = 0;

describe('property: billed less credited is the price of the days run', () => {
  it('for any quantity change in a billed period and any later end, sent or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 58 }),
        fc.boolean(),
        async (q1, q2, changeOffset, endOffset, send) => {
          fc.pre(q1 !== q2);
          const account = `PROP-${++runs}`;
          const change = addToIso('2025-01-01', 'day', changeOffset);
          const end = addToIso(change, 'day', Math.min(endOffset, daysFromTo(change, '2025-03-01')));
          t.clock.set('2025-01-01T08:00:00Z');
          await post('/api/v1/accounts/', { code: account, name: account, email: `p${runs}@example.com` });
          const sub = (
            await post('/api/v1/subscriptions/', {
              account,
              terms: 'U',
              quantity: q1,
              start_date: '2025-01-01',
            })
          ).json().uuid;
          await billOn(t, '2025-01-01');
          if (send) {
            const [draft] = (await get(`/api/v1/invoice-drafts/?account=${account}&status=draft`)).results;
            expect((await post(`/api/v1/invoice-drafts/${draft.uuid}/send/`, {})).statusCode).toBe(201);
          }
          t.clock.set(`${change}T09:00:00Z`);
          const order = await post('/api/v1/orders/', {
            type: 'change_quantity',
            subscription: sub,
            quantity: q2,
            effective: 'immediately',
          });
          expect(order.statusCode, order.body).toBe(201);
          expect((await post(`/api/v1/orders/${order.json().uuid}/commit/`, {})).statusCode).toBe(200);
          await billOn(t, change);
          t.clock.set(`${change}T10:00:00Z`);
          const ended = await post(`/api/v1/subscriptions/${sub}/end/`, { end_date: end, force: true });
          expect(ended.statusCode, ended.body).toBe(200);
          await billOn(t, '2025-02-01');
          await billOn(t, '2025-03-01');
          await expectNothingLeftToBill(t, '2025-03-01');
          const billed = await billedFor(account);
          const ran = priceOfDaysRun(q1, change, q2, end);
          // Within one øre per line.
          expect(billed.net.minus(ran).abs().toNumber()).toBeLessThanOrEqual(billed.lines * 0.01 + 1e-9);
        },
      ),
      { numRuns: 20, seed: 11 },
    );
    expect(runs).toBeGreaterThanOrEqual(15);
  });
});
