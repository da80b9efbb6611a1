import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('organization settings', () => {
  it('shows the token’s own organization and changes its settings, audited', async () => {
    const mine = await t.app.inject({
      url: '/api/v1/organization/',
      headers: authHeaders(t.org.tokens.read),
    });
    expect(mine.json()).toMatchObject({
      uuid: t.org.id,
      country: 'DK',
      currency: 'DKK',
      timezone: 'Europe/Copenhagen',
      order_approval_required: false,
    });
    const changed = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/organization',
      headers: authHeaders(t.org.tokens.full),
      payload: { order_approval_required: true, timezone: 'Europe/Stockholm' },
    });
    expect(changed.json()).toMatchObject({ order_approval_required: true, timezone: 'Europe/Stockholm' });
    const theirs = await t.app.inject({
      url: '/api/v1/organization/',
      headers: authHeaders(t.other.tokens.read),
    });
    expect(theirs.json()).toMatchObject({ uuid: t.other.id, order_approval_required: false });
    const log = await t.app.inject({
      url: '/api/v1/audit-log/?action=organization.updated',
      headers: authHeaders(t.org.tokens.read),
    });
    expect(log.json().results[0].after).toMatchObject({ order_approval_required: true });
  });

  it.each([
    [{ timezone: 'Mars/Olympus' }, 'timezone'],
    [{ currency: 'EUR' }, 'currency'],
    [{ name: '' }, 'name'],
  ])('refuses %j', async (payload, field) => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/organization/',
      headers: authHeaders(t.org.tokens.full),
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe(field);
  });
});
