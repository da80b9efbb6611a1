import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditorReference } from '../../src/domain/payment-references.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/** `ordering` on the lists: one keyset helper serves every sort, so each order pages like creation order. */
let t: TestApp;
// Duplicate names: ties are broken by id, and a page boundary may fall inside a run of equal names.
const NAMES = ['delta', 'alpha', 'charlie', 'alpha', 'bravo', 'echo', 'alpha', 'delta', 'bravo'];
const AMOUNTS = ['300.00', '25.50', '1000.00', '25.50', '7.00'];

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T12:00:00Z' });
  for (const [i, name] of NAMES.entries()) {
    t.clock.advance(60_000);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: authHeaders(t.org.tokens.full),
      payload: { code: `SORT-${String(8 - i)}`, name, email: `s${i}@example.com` },
    });
    expect(res.statusCode).toBe(201);
  }
  for (const [i, amount] of AMOUNTS.entries()) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/',
      headers: authHeaders(t.org.tokens.full),
      // Unknown references (valid RF ones): unmatched payments, which is all a list needs.
      payload: { amount, date: `2024-12-${String(20 - i)}`, reference: creditorReference(`9900${i}`) ?? '' },
    });
    expect(res.statusCode).toBe(201);
  }
  // The other organization's rows never show up in this organization's pages, however sorted.
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/',
    headers: authHeaders(t.other.tokens.full),
    payload: { code: 'OTHER-SORT', name: 'aaa other', email: 'o@example.com' },
  });
});
afterAll(async () => t.close());

async function get(url: string, token = t.org.tokens.read) {
  return t.app.inject({ method: 'GET', url, headers: authHeaders(token) });
}

function pathOf(url: string) {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

interface Row {
  uuid: string;
  [field: string]: unknown;
}

/** Every page forward from `url`, then every page back from the last; both walks must agree. */
async function walk(url: string): Promise<Row[]> {
  const pages: Row[][] = [];
  let res = await get(url);
  expect(res.statusCode).toBe(200);
  let last = res.json();
  pages.push(last.results);
  while (last.next) {
    res = await get(pathOf(last.next));
    expect(res.statusCode).toBe(200);
    last = res.json();
    pages.push(last.results);
  }
  const back: Row[][] = [pages.at(-1) ?? []];
  while (last.previous) {
    res = await get(pathOf(last.previous));
    expect(res.statusCode).toBe(200);
    last = res.json();
    back.unshift(last.results);
  }
  expect(back).toEqual(pages);
  return pages.flat();
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('ordering on the lists', () => {
  it('pages the accounts by name both ways, every row once, ties in the same order as the sort', async () => {
    const up = await walk('/api/v1/accounts/?ordering=name&limit=2');
    const down = await walk('/api/v1/accounts/?ordering=-name&limit=2');
    expect(up.map((row) => row.name)).toEqual([...NAMES].sort(byText));
    expect(down.map((row) => row.name)).toEqual([...NAMES].sort(byText).reverse());
    expect(new Set(up.map((row) => row.uuid)).size).toBe(NAMES.length);
    // Descending is the exact reverse: equal names go by id both ways.
    expect(down.map((row) => row.uuid)).toEqual(up.map((row) => row.uuid).reverse());
  });

  it('pages by code, and by creation time newest first', async () => {
    const codes = (await walk('/api/v1/accounts/?ordering=code&limit=4')).map((row) => row.code);
    expect(codes).toEqual(NAMES.map((_, i) => `SORT-${8 - i}`).sort(byText));
    const newest = await walk('/api/v1/accounts/?ordering=-created_date&limit=4');
    expect(newest.map((row) => row.code)).toEqual(NAMES.map((_, i) => `SORT-${8 - i}`).reverse());
  });

  it('pages the payments by amount as numbers (not as text) and by payment date', async () => {
    const amounts = (await walk('/api/v1/payments/?ordering=-amount&limit=2')).map((row) => row.amount);
    expect(amounts).toEqual(['1000.00', '300.00', '25.50', '25.50', '7.00']);
    const dates = (await walk('/api/v1/payments/?ordering=payment_date&limit=3')).map(
      (row) => row.payment_date,
    );
    expect(dates).toEqual(['2024-12-16', '2024-12-17', '2024-12-18', '2024-12-19', '2024-12-20']);
  });

  it('keeps the filters and the search with the sort', async () => {
    const found = await walk('/api/v1/accounts/?search=alpha&ordering=-code&limit=1');
    expect(found.map((row) => row.code)).toEqual(['SORT-7', 'SORT-5', 'SORT-2']);
  });

  it('refuses an ordering the list does not offer, naming the field', async () => {
    for (const url of [
      '/api/v1/accounts/?ordering=email',
      '/api/v1/accounts/?ordering=--name',
      '/api/v1/payments/?ordering=name',
      '/api/v1/invoice-drafts/?ordering=total',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(res.json().errors[0].field).toBe('query.ordering');
    }
  });

  it('refuses a cursor of another sort instead of reading it as this one', async () => {
    const byName = (await get('/api/v1/accounts/?ordering=name&limit=2')).json();
    const cursor = new URL(byName.next).searchParams.get('cursor') ?? '';
    for (const ordering of ['created_date', 'code', '-code']) {
      const res = await get(`/api/v1/accounts/?ordering=${ordering}&cursor=${cursor}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('query.cursor');
    }
    const created = (await get('/api/v1/accounts/?limit=2')).json();
    const createdCursor = new URL(created.next).searchParams.get('cursor') ?? '';
    const res = await get(`/api/v1/accounts/?ordering=name&cursor=${createdCursor}`);
    expect(res.statusCode).toBe(400);
  });

  it('answers every ordering every list offers, and only the caller’s organization', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    let lists = 0;
    for (const [path, item] of Object.entries(
      document.paths as Record<
        string,
        { get?: { parameters?: { name: string; schema: { enum?: string[] } }[] } }
      >,
    )) {
      const ordering = item.get?.parameters?.find((p) => p.name === 'ordering');
      if (!ordering?.schema.enum || path.includes('{')) continue;
      lists++;
      for (const value of ordering.schema.enum) {
        const token = path.includes('/imports/') ? t.org.tokens.import : t.org.tokens.full;
        const res = await get(`${path}/?ordering=${value}&limit=1`, token);
        expect(res.statusCode, `${path} ${value}`).toBe(200);
        const next = res.json().next;
        if (next) expect((await get(pathOf(next), token)).statusCode, `${path} ${value} next`).toBe(200);
      }
    }
    expect(lists).toBeGreaterThanOrEqual(12);
    const theirs = (await get('/api/v1/accounts/?ordering=name', t.other.tokens.read)).json();
    expect(theirs.results.map((row: Row) => row.code)).toEqual(['OTHER-SORT']);
  });

  it('needs a token like any list', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/accounts/?ordering=name' });
    expect(res.statusCode).toBe(401);
  });
});
