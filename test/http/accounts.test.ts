import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccountDependentCheck } from '../../src/accounts/account-dependents.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const seedAccount = {
  code: 'CUST001',
  name: 'Acme Corporation',
  email: 'billing@acme.com',
  type: 'company',
  legal_address: '123 Main Street',
  legal_zipcode: '12345',
  legal_city: 'Copenhagen',
  legal_country: 'DK',
};

let counter = 0;
const uniqueCode = () => `ACC-${Date.now().toString(36)}-${counter++}`;

async function post(body: unknown, token = t.org.tokens.full) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/',
    headers: authHeaders(token),
    payload: body as object,
  });
}

async function create(overrides: Record<string, unknown> = {}) {
  const res = await post({ ...seedAccount, code: uniqueCode(), ...overrides });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('POST /api/v1/accounts/', () => {
  it('answers the seed fields and fills defaults from the organization', async () => {
    const res = await post({ ...seedAccount, code: 'SEED-1' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      ...seedAccount,
      code: 'SEED-1',
      language: 'da',
      currency: 'DKK',
      archived: false,
    });
    expect(body.created_date).toBe('2025-01-15T10:00:00.000Z');
  });

  it('takes the minimum of code, name and email', async () => {
    const res = await post({ code: uniqueCode(), name: 'Min', email: 'min@example.com' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      type: 'company',
      legal_country: 'DK',
      language: 'da',
      currency: 'DKK',
      vat_number: null,
    });
  });

  it('derives the language from the country and normalizes VAT numbers and Swedish ids', async () => {
    const body = await create({
      legal_country: 'SE',
      vat_number: 'se 5566778899-01',
      national_id: '556677-8899',
    });
    expect(body).toMatchObject({ language: 'sv', vat_number: 'SE556677889901', national_id: '556677-8899' });
    const person = await create({ type: 'person', legal_country: 'SE', national_id: '8112189876' });
    expect(person.national_id).toBe('19811218-9876');
    const german = await create({ legal_country: 'DE', currency: 'EUR' });
    expect(german).toMatchObject({ language: 'de', currency: 'EUR' });
  });

  it('refuses a code that is taken, naming the field, and writes nothing', async () => {
    const code = uniqueCode();
    await create({ code });
    const before = await t.handle.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await post({ ...seedAccount, code });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'code_taken', errors: [{ field: 'code', code: 'taken' }] });
    const after = await t.handle.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('allows the same code in another organization', async () => {
    const code = uniqueCode();
    await create({ code });
    const res = await post({ ...seedAccount, code }, t.other.tokens.full);
    expect(res.statusCode).toBe(201);
  });

  const invalid: [string, unknown, string][] = [
    ['code', '', 'code'],
    ['code', 'has space', 'code'],
    ['code', '123e4567-e89b-12d3-a456-426614174000', 'code'],
    ['code', 'x'.repeat(65), 'code'],
    ['name', '', 'name'],
    ['name', '   ', 'name'],
    ['name', 42, 'name'],
    ['email', 'not-an-email', 'email'],
    ['type', 'alien', 'type'],
    ['legal_address', 'x'.repeat(501), 'legal_address'],
    ['legal_zipcode', 'x'.repeat(21), 'legal_zipcode'],
    ['legal_city', 'x'.repeat(101), 'legal_city'],
    ['legal_country', 'XX', 'legal_country'],
    ['legal_country', 'dk', 'legal_country'],
    ['legal_country', 'DNK', 'legal_country'],
    ['vat_number', '12', 'vat_number'],
    ['language', 'fr', 'language'],
    ['currency', 'XYZ', 'currency'],
    ['currency', 'dkk', 'currency'],
    ['phone', 'call me', 'phone'],
    ['invoice_email', 'nope', 'invoice_email'],
    ['national_id', 'x'.repeat(33), 'national_id'],
  ];
  it.each(invalid)('refuses %s = %j with a field error', async (field, value, expectedField) => {
    const res = await post({ ...seedAccount, code: field === 'code' ? value : uniqueCode(), [field]: value });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(expectedField);
    expect(body.requestId).toBeTruthy();
  });

  it.each([
    [
      'SE person with a wrong check digit',
      { type: 'person', legal_country: 'SE', national_id: '811218-9875' },
      'check_digit',
    ],
    [
      'SE person with an impossible date',
      { type: 'person', legal_country: 'SE', national_id: '810230-9876' },
      'date',
    ],
    [
      'SE person with an organisationsnummer',
      { type: 'person', legal_country: 'SE', national_id: '556677-8899' },
      'type_mismatch',
    ],
    ['SE company with garbage', { legal_country: 'SE', national_id: 'ABC' }, 'format'],
  ])('refuses a %s', async (_name, fields, code) => {
    const res = await post({ ...seedAccount, code: uniqueCode(), ...fields });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'national_id', code })]);
  });

  it('accepts any national id outside Sweden', async () => {
    const body = await create({ legal_country: 'DK', national_id: '010203-1234' });
    expect(body.national_id).toBe('010203-1234');
  });

  it('rejects unknown fields such as our own', async () => {
    const res = await post({
      ...seedAccount,
      code: uniqueCode(),
      uuid: '123e4567-e89b-12d3-a456-426614174000',
      archived: true,
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['uuid', 'archived']));
  });

  it('rejects a body that is not JSON, and a missing body', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: { ...authHeaders(t.org.tokens.full), 'content-type': 'application/json' },
      payload: '{"code":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('malformed_request');
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: authHeaders(t.org.tokens.full),
    });
    expect(none.statusCode).toBe(400);
  });

  it('works without the trailing slash', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: authHeaders(t.org.tokens.full),
      payload: { ...seedAccount, code: uniqueCode() },
    });
    expect(res.statusCode).toBe(201);
  });
});

describe('GET /api/v1/accounts/{id}/', () => {
  it('finds an account by uuid and by code, with or without a trailing slash', async () => {
    const made = await create();
    for (const url of [
      `/api/v1/accounts/${made.uuid}/`,
      `/api/v1/accounts/${made.code}`,
      `/api/v1/accounts/${made.uuid.toUpperCase()}`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: authHeaders(t.org.tokens.read) });
      expect(res.statusCode, url).toBe(200);
      expect(res.json()).toEqual(made);
    }
  });

  it('answers 404 for a missing code and for another organization’s account alike', async () => {
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: authHeaders(t.other.tokens.full),
      payload: { ...seedAccount, code: uniqueCode() },
    });
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/v1/accounts/NOPE',
      headers: authHeaders(t.org.tokens.read),
    });
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${theirs.json().uuid}`,
      headers: authHeaders(t.org.tokens.read),
    });
    expect(missing.statusCode).toBe(404);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe(missing.json().code);
    const foreignByCode = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${theirs.json().code}`,
      headers: authHeaders(t.org.tokens.read),
    });
    expect(foreignByCode.statusCode).toBe(404);
  });
});

describe('PUT and PATCH', () => {
  it('PATCH changes only the named fields and re-checks the whole', async () => {
    const made = await create({ phone: '+45 12 34 56 78', vat_number: 'DK12345674' });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${made.code}/`,
      headers: authHeaders(t.org.tokens.full),
      payload: { name: 'Acme A/S', invoice_email: 'ap@acme.com' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Acme A/S',
      invoice_email: 'ap@acme.com',
      phone: '+45 12 34 56 78',
      vat_number: 'DK12345674',
    });
    t.clock.advance(1000);
    const swedish = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${made.uuid}/`,
      headers: authHeaders(t.org.tokens.full),
      payload: { legal_country: 'SE', national_id: '556677-8890' },
    });
    expect(swedish.statusCode).toBe(400);
    expect(swedish.json().errors[0].field).toBe('national_id');
    const unchanged = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${made.uuid}/`,
      headers: authHeaders(t.org.tokens.read),
    });
    expect(unchanged.json().legal_country).toBe('DK');
  });

  it('PATCH leaves fields that have defaults alone when it does not name them', async () => {
    const person = await create({ type: 'person', language: 'en', currency: 'EUR' });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${person.code}/`,
      headers: authHeaders(t.org.tokens.full),
      payload: { name: 'Renamed' },
    });
    expect(res.json()).toMatchObject({ name: 'Renamed', type: 'person', language: 'en', currency: 'EUR' });
  });

  it('PUT replaces: fields left out return to their defaults', async () => {
    const made = await create({ phone: '+45 12 34 56 78', legal_country: 'DE' });
    t.clock.advance(60_000);
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/accounts/${made.code}`,
      headers: authHeaders(t.org.tokens.full),
      payload: { code: made.code, name: 'Replaced', email: 'new@acme.com' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      name: 'Replaced',
      phone: null,
      legal_country: 'DK',
      language: 'da',
      legal_city: null,
    });
    expect(body.updated_date).not.toBe(made.updated_date);
    expect(body.created_date).toBe(made.created_date);
  });

  it('PUT requires the required fields', async () => {
    const made = await create();
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/accounts/${made.code}`,
      headers: authHeaders(t.org.tokens.full),
      payload: { name: 'No code' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['code', 'email']),
    );
  });

  it('renaming the code to a taken one is refused; to a free one works and the old code no longer finds it', async () => {
    const a = await create();
    const b = await create();
    const clash = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${a.uuid}`,
      headers: authHeaders(t.org.tokens.full),
      payload: { code: b.code },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('code_taken');
    const newCode = uniqueCode();
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${a.code}`,
      headers: authHeaders(t.org.tokens.full),
      payload: { code: newCode },
    });
    expect(renamed.statusCode).toBe(200);
    const old = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${a.code}`,
      headers: authHeaders(t.org.tokens.read),
    });
    expect(old.statusCode).toBe(404);
  });

  it('404 for another organization’s account, which stays unchanged', async () => {
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: authHeaders(t.other.tokens.full),
      payload: { ...seedAccount, code: uniqueCode() },
    });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${theirs.json().uuid}`,
      headers: authHeaders(t.org.tokens.full),
      payload: { name: 'Hijack' },
    });
    expect(res.statusCode).toBe(404);
    const still = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${theirs.json().uuid}`,
      headers: authHeaders(t.other.tokens.read),
    });
    expect(still.json().name).toBe(seedAccount.name);
  });
});

describe('DELETE archives', () => {
  it('archives: still readable, out of the list, read-only; deleting again changes nothing', async () => {
    const made = await create();
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/accounts/${made.code}/`,
      headers: authHeaders(t.org.tokens.full),
    });
    expect(res.statusCode).toBe(204);
    const got = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${made.uuid}`,
      headers: authHeaders(t.org.tokens.read),
    });
    expect(got.json()).toMatchObject({ archived: true, archived_date: t.clock.now().toISOString() });
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/?code=${made.code}`,
      headers: authHeaders(t.org.tokens.read),
    });
    expect(list.json().count).toBe(0);
    const archivedList = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/?code=${made.code}&archived=true`,
      headers: authHeaders(t.org.tokens.read),
    });
    expect(archivedList.json().count).toBe(1);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${made.uuid}`,
      headers: authHeaders(t.org.tokens.full),
      payload: { name: 'x' },
    });
    expect(patch.statusCode).toBe(409);
    expect(patch.json().code).toBe('archived');
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/accounts/${made.code}/`,
      headers: authHeaders(t.org.tokens.full),
    });
    expect(again.statusCode).toBe(204);
  });

  it('refuses with 409 while something active depends on the account', async () => {
    const made = await create();
    const unregister = registerAccountDependentCheck(async (tx, organizationId, accountId) => {
      // Stands in for a module with live records on the account: reads real rows, of this account only.
      const row = await tx
        .selectFrom('accounts')
        .select('code')
        .where('organization_id', '=', organizationId)
        .where('id', '=', accountId)
        .executeTakeFirst();
      return row?.code === made.code ? '1 active subscription' : null;
    });
    try {
      const res = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/accounts/${made.code}/`,
        headers: authHeaders(t.org.tokens.full),
      });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'account_in_use' });
      expect(res.json().detail).toContain('1 active subscription');
      const got = await t.app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${made.uuid}`,
        headers: authHeaders(t.org.tokens.read),
      });
      expect(got.json().archived).toBe(false);
    } finally {
      unregister();
    }
  });

  it('404 for a missing account', async () => {
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/accounts/NOPE/',
      headers: authHeaders(t.org.tokens.full),
    });
    expect(res.statusCode).toBe(404);
  });
});
