import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const codes: string[] = [];
beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T12:00:00Z' });
  // Seven accounts over three days: 3 on Jan 1, 2 on Jan 2, 2 on Jan 3 (Copenhagen time).
  const days = [
    '2025-01-01T12:00:00Z',
    '2025-01-01T12:00:00Z',
    '2025-01-01T22:59:59Z',
    '2025-01-02T08:00:00Z',
    '2025-01-02T23:30:00Z',
    '2025-01-03T09:00:00Z',
    '2025-01-03T09:00:00Z',
  ];
  for (const [i, instant] of days.entries()) {
    t.clock.set(instant);
    const code = `PAGE-${i}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: authHeaders(t.org.tokens.full),
      payload: { code, name: code, email: 'p@example.com' },
    });
    expect(res.statusCode).toBe(201);
    codes.push(code);
  }
});
afterAll(async () => t.close());

async function list(query: string) {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/accounts/${query}`,
    headers: authHeaders(t.org.tokens.read),
  });
}

function pathOf(url: string) {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

describe('list pagination', () => {
  it('walks forward with next and back with previous, in creation order', async () => {
    const seen: string[] = [];
    let res = await list('?limit=3');
    expect(res.json()).toMatchObject({ count: 7, previous: null });
    const pages = [];
    for (;;) {
      const body = res.json();
      pages.push(body);
      seen.push(...body.results.map((a: { code: string }) => a.code));
      if (!body.next) break;
      res = await t.app.inject({ url: pathOf(body.next), headers: authHeaders(t.org.tokens.read) });
    }
    expect(seen).toEqual(codes);
    expect(pages.map((p) => p.results.length)).toEqual([3, 3, 1]);
    expect(pages.every((p) => p.count === 7)).toBe(true);
    const last = pages.at(-1);
    const back = await t.app.inject({ url: pathOf(last.previous), headers: authHeaders(t.org.tokens.read) });
    expect(back.json().results.map((a: { code: string }) => a.code)).toEqual(codes.slice(3, 6));
    const first = await t.app.inject({
      url: pathOf(back.json().previous),
      headers: authHeaders(t.org.tokens.read),
    });
    expect(first.json().results.map((a: { code: string }) => a.code)).toEqual(codes.slice(0, 3));
    expect(first.json().previous).toBeNull();
  });

  it('filters by created date in the organization’s time zone, keeping the filters across pages', async () => {
    // 2025-01-01T22:59:59Z is still Jan 1 in Copenhagen; 2025-01-02T23:30:00Z is already Jan 3 there.
    const jan1 = await list('?created_date__lte=2025-01-01');
    expect(jan1.json().results.map((a: { code: string }) => a.code)).toEqual(['PAGE-0', 'PAGE-1', 'PAGE-2']);
    const jan3 = await list('?created_date__gte=2025-01-03');
    expect(jan3.json().results.map((a: { code: string }) => a.code)).toEqual(['PAGE-4', 'PAGE-5', 'PAGE-6']);
    const exact = await list(
      '?created_date__gte=2025-01-02T08:00:00Z&created_date__lte=2025-01-02T08:00:00Z',
    );
    expect(exact.json().results.map((a: { code: string }) => a.code)).toEqual(['PAGE-3']);
    const paged = await list('?created_date__gte=2025-01-02&limit=2');
    const next = new URL(paged.json().next);
    expect(next.searchParams.get('created_date__gte')).toBe('2025-01-02');
  });

  it.each([
    ['?limit=501', 'query.limit'],
    ['?limit=0', 'query.limit'],
    ['?limit=abc', 'query.limit'],
    ['?cursor=garbage', 'query.cursor'],
    ['?created_date__gte=2025-13-01', 'query.created_date__gte'],
    ['?created_date_gte=2025-01-01', 'query.created_date_gte'],
    ['?archived=maybe', 'query.archived'],
  ])('refuses %s naming %s', async (query, field) => {
    const res = await list(query);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('accepts the largest page', async () => {
    const res = await list('?limit=500');
    expect(res.statusCode).toBe(200);
    expect(res.json().next).toBeNull();
  });
});
