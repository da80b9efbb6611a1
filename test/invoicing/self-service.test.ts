import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const api = (method: 'POST' | 'DELETE' | 'GET' | 'PATCH', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(token), ...(payload ? { payload } : {}) });
const full = () => t.org.tokens.full;
const subscriptions: Record<string, string> = {};
const invoices: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await api('POST', '/api/v1/plans/', full(), { code: 'P', name: 'Plan' });
  await api('POST', '/api/v1/plan-terms/', full(), {
    plan: 'P',
    code: 'M',
    name: 'Monthly',
    price: '100',
    interval: 'month',
  });
  for (const code of ['ONE', 'TWO']) {
    await api('POST', '/api/v1/accounts/', full(), {
      code,
      name: code,
      email: `${code.toLowerCase()}@example.com`,
    });
    subscriptions[code] = (
      await api('POST', '/api/v1/subscriptions/', full(), {
        account: code,
        terms: 'M',
        start_date: '2025-01-01',
      })
    ).json().uuid;
  }
  await billOn(t, '2025-01-01');
  for (const code of ['ONE', 'TWO']) {
    const [draft] = (await api('GET', `/api/v1/invoice-drafts/?account=${code}`, full())).json().results;
    invoices[code] = (await api('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`, full())).json().uuid;
  }
});
afterAll(async () => t.close());

async function tokenOf(code: string) {
  const res = await api('GET', `/api/v1/subscriptions/${subscriptions[code]}/self-service-token/`, full());
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { token: string; expires_at: string; url: string; account: string };
}

describe('self-service access', () => {
  it('initiate-organization answers a URL for the account with that e-mail (seed 000)', async () => {
    const res = await api('POST', '/api/self-service/initiate-organization/', full(), {
      email: 'ONE@example.com',
    });
    expect(res.statusCode, res.body).toBe(200);
    const url = new URL(res.json().url);
    expect(url.pathname).toBe('/self-service/login');
    const token = url.searchParams.get('token')!;
    const me = await api('GET', '/api/self-service/account/', token);
    expect(me.json()).toMatchObject({ code: 'ONE' });
    const unknown = await api('POST', '/api/self-service/initiate-organization/', full(), {
      email: 'x@example.com',
    });
    expect(unknown.statusCode).toBe(404);
    const bad = await api('POST', '/api/self-service/initiate-organization/', full(), { email: 'nope' });
    expect(bad.statusCode).toBe(400);
    const readOnly = await api('POST', '/api/self-service/initiate-organization/', t.org.tokens.read, {
      email: 'one@example.com',
    });
    expect(readOnly.statusCode).toBe(403);
    const foreign = await api('POST', '/api/self-service/initiate-organization/', t.other.tokens.full, {
      email: 'one@example.com',
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('initiate-organization with an Idempotency-Key keeps no token at rest: a retry gets a new one', async () => {
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/self-service/initiate-organization/',
        headers: authHeaders(full(), { 'idempotency-key': 'link-for-one' }),
        payload: { email: 'one@example.com' },
      });
    const first = await send();
    expect(first.statusCode, first.body).toBe(200);
    const token = new URL(first.json().url).searchParams.get('token')!;
    const kept = await t.handle.db
      .selectFrom('idempotency_keys')
      .select(['key', 'response_body'])
      .where('organization_id', '=', t.org.id)
      .execute();
    expect(JSON.stringify(kept)).not.toContain(token);
    const again = await send();
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(new URL(again.json().url).searchParams.get('token')).not.toBe(token);
  });

  it('a subscription token reaches its own account: details, cards and invoices', async () => {
    const { token, expires_at, account } = await tokenOf('ONE');
    expect(new Date(expires_at).getTime() - t.clock.now().getTime()).toBe(30 * 60_000);
    const patched = await api('PATCH', '/api/self-service/account/', token, {
      legal_city: 'Odense',
      phone: '+45 12 34 56 78',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ uuid: account, legal_city: 'Odense' });
    const refused = await api('PATCH', '/api/self-service/account/', token, { code: 'HIJACK' });
    expect(refused.statusCode).toBe(400);
    // E-mail squatting (issue 12): another customer's address, as e-mail or invoice e-mail, in any case.
    for (const field of ['email', 'invoice_email']) {
      const squat = await api('PATCH', '/api/self-service/account/', token, { [field]: 'TWO@example.com' });
      expect(squat.statusCode, squat.body).toBe(400);
      expect(squat.json().errors).toEqual([expect.objectContaining({ field, code: 'in_use' })]);
    }
    expect((await api('GET', '/api/self-service/account/', token)).json()).toMatchObject({
      email: 'one@example.com',
      invoice_email: null,
    });
    const initiated = await api('POST', '/api/self-service/initiate-organization/', full(), {
      email: 'two@example.com',
    });
    expect(initiated.statusCode, initiated.body).toBe(200);
    const own = await api('PATCH', '/api/self-service/account/', token, { invoice_email: 'ONE@example.com' });
    expect(own.statusCode, own.body).toBe(200);
    const card = await api('POST', '/api/self-service/paymentcards/', token, {
      token: 'pm_card_visa',
      gateway: 'stripe',
    });
    expect(card.statusCode, card.body).toBe(201);
    expect(card.json()).toMatchObject({ account, gateway: 'stripe', token: '…visa' });
    expect((await api('GET', '/api/self-service/paymentcards/', token)).json().results).toHaveLength(1);
    const mine = await api('GET', '/api/self-service/invoices/', token);
    expect(mine.json().results.map((i: { uuid: string }) => i.uuid)).toEqual([invoices.ONE]);
    const link = await api('POST', `/api/self-service/invoices/${invoices.ONE}/download-link/`, token);
    expect(link.statusCode, link.body).toBe(201);
    expect((await t.app.inject({ url: new URL(link.json().url).pathname })).statusCode).toBe(200);
    const removed = await api('DELETE', `/api/self-service/paymentcards/${card.json().uuid}/`, token);
    expect(removed.statusCode).toBe(204);
    const audit = await api('GET', `/api/v1/audit-log/?entity_id=${card.json().uuid}`, full());
    expect(audit.json().results[0]).toMatchObject({ client_system: 'self-service', user: 'account:ONE' });
  });

  it('is refused for another account, after 30 minutes, and for API tokens', async () => {
    const one = await tokenOf('ONE');
    const otherCard = await api('POST', '/api/v1/paymentcards/', full(), {
      account: 'TWO',
      token: 'pm_card_two',
      gateway: 'stripe',
    });
    expect(
      (await api('DELETE', `/api/self-service/paymentcards/${otherCard.json().uuid}/`, one.token)).statusCode,
    ).toBe(404);
    expect(
      (await api('POST', `/api/self-service/invoices/${invoices.TWO}/download-link/`, one.token)).statusCode,
    ).toBe(404);
    expect((await api('GET', '/api/self-service/paymentcards/', one.token)).json().results).toEqual([]);
    // The self-service token opens nothing of the organization's API, and API tokens open no self-service.
    expect((await api('GET', '/api/v1/invoices/', one.token)).statusCode).toBe(401);
    expect((await api('GET', '/api/self-service/account/', full())).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/self-service/account/' })).statusCode).toBe(401);
    const foreign = await api(
      'GET',
      `/api/v1/subscriptions/${subscriptions.ONE}/self-service-token/`,
      t.other.tokens.full,
    );
    expect(foreign.statusCode).toBe(404);
    t.clock.advance(30 * 60_000);
    expect((await api('GET', '/api/self-service/account/', one.token)).statusCode).toBe(401);
  });
});
