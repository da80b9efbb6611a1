import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const accounts = [
    { code: 'NORD-1', name: 'Nordlys ApS', email: 'faktura@nordlys.dk', vat_number: 'DK13585628' },
    { code: 'FJALL', name: 'Fjällgymmet AB', email: 'ekonomi@fjall.se', legal_country: 'SE' },
    { code: 'PCT', name: 'Percent 100%_off Ltd', email: 'a@percent.example' },
    { code: 'OTHER', name: 'Another One', email: 'nordlys-fan@example.com' },
  ];
  for (const account of accounts) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: authHeaders(t.org.tokens.full),
      payload: account,
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const foreign = await t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/',
    headers: authHeaders(t.other.tokens.full),
    payload: { code: 'NORD-X', name: 'Nordlys AB', email: 'x@nordlys.se' },
  });
  expect(foreign.statusCode).toBe(201);
});
afterAll(async () => t.close());

async function search(text: string, token = t.org.tokens.read) {
  const res = await t.app.inject({
    url: `/api/v1/accounts/?search=${encodeURIComponent(text)}`,
    headers: authHeaders(token),
  });
  return res;
}

const codes = (res: { json(): { results: { code: string }[] } }) =>
  res
    .json()
    .results.map((a) => a.code)
    .sort();

describe('GET /api/v1/accounts/?search=', () => {
  it('finds a part of the code, name, e-mail or VAT number in any case, and counts what it found', async () => {
    const byName = await search('nordLYS');
    expect(byName.statusCode).toBe(200);
    expect(codes(byName)).toEqual(['NORD-1', 'OTHER']);
    expect(byName.json().count).toBe(2);
    expect(codes(await search('fjäll'))).toEqual(['FJALL']);
    expect(codes(await search('ekonomi@'))).toEqual(['FJALL']);
    expect(codes(await search('13585628'))).toEqual(['NORD-1']);
  });

  it('takes % and _ as themselves, not as patterns', async () => {
    expect(codes(await search('%_'))).toEqual(['PCT']);
    expect(codes(await search('_'))).toEqual(['PCT']);
    expect(codes(await search('0%_o'))).toEqual(['PCT']);
  });

  it('trims the text, and refuses an empty or too long one naming the field', async () => {
    expect(codes(await search('  percent  '))).toEqual(['PCT']);
    const empty = await search('   ');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('query.search');
    const long = await search('x'.repeat(101));
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].field).toBe('query.search');
  });

  it("never finds another organization's accounts, and needs a token", async () => {
    expect(codes(await search('NORD-X'))).toEqual([]);
    const none = await t.app.inject({ url: '/api/v1/accounts/?search=nord' });
    expect(none.statusCode).toBe(401);
  });
});
