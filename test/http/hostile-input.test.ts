import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../src/context.ts';
import { findUnsafeInput, MAX_INPUT_DEPTH, unsafeLine } from '../../src/domain/unsafe-input.ts';
import { decodeImportFile, importOrdersFile } from '../../src/imports/import-file.ts';
import { importBankFile } from '../../src/payments/import-bank-file.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// Issue 12, defect 2: a NUL, a lone surrogate or deep nesting reaching PostgreSQL answered 500.
let t: TestApp;
const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: string, token = t.org.tokens.full) =>
  t.app.inject({
    method,
    url,
    headers: authHeaders(token, payload === undefined ? {} : { 'content-type': 'application/json' }),
    ...(payload === undefined ? {} : { payload }),
  });
const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const accountCount = async () => (await send('GET', '/api/v1/accounts/?limit=1')).json().count as number;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

function expectRefused(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  field: string,
) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const problem = JSON.parse(res.body);
  expect(problem.code).toBe('validation_failed');
  expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
}

describe('unsafe input at the edge', () => {
  it('finds NUL, lone surrogates and depth in values and keys, and passes what is fine', () => {
    expect(findUnsafeInput({ a: [{ b: 'x\u0000' }] })).toMatchObject({
      field: 'a.0.b',
      code: 'nul_character',
    });
    expect(findUnsafeInput({ a: '\udc00' }, 'query')).toMatchObject({
      field: 'query.a',
      code: 'lone_surrogate',
    });
    expect(findUnsafeInput({ 'k\u0000': 1 })).toMatchObject({ field: '(key)', code: 'nul_character' });
    expect(findUnsafeInput(JSON.parse(deep(MAX_INPUT_DEPTH + 1)))).toMatchObject({ code: 'too_deep' });
    expect(findUnsafeInput(JSON.parse(deep(MAX_INPUT_DEPTH)))).toBeNull();
    expect(findUnsafeInput({ name: 'Ærø 😀 \u00a0', n: 1, b: null, c: Buffer.from([0]) })).toBeNull();
    expect(unsafeLine('a\nb\n\u0000')).toEqual({ line: 3, code: 'nul_character' });
    expect(unsafeLine('a\n\ud800x')).toEqual({ line: 2, code: 'lone_surrogate' });
    expect(unsafeLine('😀\n')).toBeNull();
  });

  it('answers 400 naming the path parameter, the query parameter and the body field', async () => {
    expectRefused(await send('GET', '/api/v1/accounts/%00/'), 'path.id');
    expectRefused(await send('GET', '/api/v1/accounts/?code=a%00b'), 'query.code');
    const before = await accountCount();
    expectRefused(
      await send('POST', '/api/v1/accounts/', JSON.stringify({ code: 'N1', name: 'a\u0000b' })),
      'name',
    );
    expectRefused(await send('POST', '/api/v1/accounts/', '{"code":"N2","name":"\\ud800"}'), 'name');
    expectRefused(
      await send('POST', '/api/v1/accounts/', `{"code":"N3","name":"x","meta":${deep(10_000)}}`),
      'meta.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0',
    );
    expect(await accountCount()).toBe(before);
  });

  it('refuses lone surrogates and 10,000-deep JSON on the import route without writing the import log', async () => {
    const log = async () =>
      (await send('GET', '/api/v1/imports/log/?limit=1', undefined, t.org.tokens.import)).json()
        .count as number;
    const before = await log();
    const bodies = [
      '{"externalSystemId":"\\ud800","planTerms":"X"}',
      `{"externalSystemId":"E","planTerms":${deep(10_000)}}`,
      '{"externalSystemId":"E\\u0000","planTerms":"X"}',
    ];
    for (const body of bodies) {
      const res = await send('POST', '/api/v1/imports/orders/', body, t.org.tokens.import);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0].field).toMatch(/^(externalSystemId|planTerms)/);
    }
    expect(await log()).toBe(before);
  });

  it('refuses a camt.054 or BgMax file with a NUL in a payer name, naming its line, over HTTP and as a file', async () => {
    const bgmax = '01BGMAX               0120250115\n20 9912346\n26Anna \u0000Svensson\n70\n';
    const res = await send('POST', '/api/v1/payments/import/', JSON.stringify({ content: bgmax }));
    expectRefused(res, 'content');
    const direct = await importBankFile({ ...t.services, actor: commandLineActor(t.org) }, bgmax);
    expect(direct.ok).toBe(false);
    if (!direct.ok) {
      expect(direct.failure.code).toBe('validation_failed');
      expect(direct.failure.detail).toBe(
        'bank file: line 3 holds a NUL character (U+0000), which cannot be stored',
      );
    }
    const camt = '<Document><Nm>Anna \ud800</Nm></Document>';
    const surrogate = await importBankFile({ ...t.services, actor: commandLineActor(t.org) }, camt);
    expect(!surrogate.ok && surrogate.failure.errors?.[0]?.code).toBe('lone_surrogate');
  });

  it('imports a file row by row: hostile rows are reported and logged, good rows land; binary files are refused', async () => {
    expect(decodeImportFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toMatchObject({
      ok: false,
      line: 1,
    });
    expect(decodeImportFile(Buffer.from('a,b\n\xff', 'latin1'))).toMatchObject({ ok: false, line: 2 });
    expect(decodeImportFile(Buffer.from('a,b\n'))).toEqual({ ok: true, text: 'a,b\n' });
    const ctx = { ...t.services, actor: commandLineActor(t.org) };
    const report = await importOrdersFile(
      ctx,
      [
        JSON.stringify({ externalSystemId: 'A\u0000', planTerms: 'X' }),
        '{"externalSystemId":"\\udfff","planTerms":"X"}',
        `{"externalSystemId":"D","planTerms":${deep(10_000)}}`,
        `{"externalSystemId":"k","planTerms":"X","\\u0000":1}`,
      ].join('\n'),
      'ndjson',
    );
    expect(report.refused).toBe(4);
    expect(report.lines.map((l) => l.error)).toEqual([
      'externalSystemId holds a NUL character (U+0000), which cannot be stored',
      'externalSystemId holds a lone UTF-16 surrogate, which is not a character',
      `planTerms${'.0'.repeat(MAX_INPUT_DEPTH - 1)} is nested deeper than ${MAX_INPUT_DEPTH} levels`,
      '(key) holds a NUL character (U+0000), which cannot be stored',
    ]);
  });
});
