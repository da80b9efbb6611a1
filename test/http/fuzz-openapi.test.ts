import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// Issue 12: the outside test found 5xx answers by sending hostile values to every operation. This suite
// does the same from /api/openapi.json on every run: each operation's path parameters, query parameters
// and body fields get NUL, lone surrogates, 100 kB strings, deep nesting and wrong types, and no answer
// may be a 5xx. A 4xx must change nothing: the audit log (every mutation writes it) does not grow.
type Operation = { method: string; path: string; query: string[]; body: string[] | null };

const HOSTILE_TEXT = ['a\u0000b', '\ud800', 'x'.repeat(100_000), '../../etc/passwd', "' or 1=1 --"];
// As JSON text: 10,000-deep nesting is too deep for JSON.stringify itself.
const HOSTILE_JSON: string[] = [
  ...[...HOSTILE_TEXT, 1e21, -1, true, null, [], {}].map((value) => JSON.stringify(value)),
  `${'['.repeat(10_000)}"x"${']'.repeat(10_000)}`,
];
// A few random strings as well, the same on every run (fixed seed), so a failure can be replayed.
const RANDOM_TEXT = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { numRuns: 4, seed: 12 });

let t: TestApp;
let operations: Operation[];

const auditCount = async () =>
  (await t.app.inject({ url: '/api/v1/audit-log/?limit=1', headers: authHeaders(t.org.tokens.full) })).json()
    .count as number;

beforeAll(async () => {
  t = await createTestApp();
  const document = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => {
        const parameters = (operation.parameters ?? []) as { in: string; name: string }[];
        const schema = (
          operation.requestBody as
            | { content?: Record<string, { schema?: { properties?: object } }> }
            | undefined
        )?.content?.['application/json']?.schema;
        return {
          method: method.toUpperCase(),
          path,
          query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
          // Only bodies with named fields (a nullable body such as a billing run's is an anyOf: skipped).
          body:
            schema?.properties && Object.keys(schema.properties).length > 0
              ? Object.keys(schema.properties)
              : null,
        };
      }),
  );
});
afterAll(async () => t.close());

/** Percent-encoding; a lone surrogate becomes the bytes a careless encoder would send (CESU-8). */
const encode = (value: string): string =>
  value.isWellFormed()
    ? encodeURIComponent(value)
    : encodeURIComponent(value.toWellFormed()).replaceAll('%EF%BF%BD', '%ED%A0%80');

function urlOf(operation: Operation, value: string, queryName?: string) {
  const path = operation.path.replace(/\{[^}]+\}/g, encode(value));
  return queryName ? `${path}?${encode(queryName)}=${encode(value)}` : path;
}

describe('fuzzing every operation of /api/openapi.json', () => {
  it('finds the operations', () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it('answers no 5xx to hostile path, query and body values, and a 4xx changes nothing', async () => {
    const failures: string[] = [];
    const before = await auditCount();
    let sent = 0;
    const send = async (operation: Operation, url: string, payload?: string) => {
      sent += 1;
      const res = await t.app.inject({
        method: operation.method as 'GET',
        url,
        // Hostile tokens in portal paths count as failed token attempts: each request comes from its
        // own address so that the per-address throttle (tested in its own suite) answers none of them.
        remoteAddress: `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`,
        headers: authHeaders(
          t.org.tokens.full,
          payload === undefined ? {} : { 'content-type': 'application/json' },
        ),
        ...(payload === undefined ? {} : { payload }),
      });
      if (res.statusCode >= 500 || res.statusCode === 429)
        failures.push(
          `${operation.method} ${url.slice(0, 120)}: ${res.statusCode} ${res.body.slice(0, 200)}`,
        );
      // A write that took a hostile value would change rows: only reads may answer below 400.
      else if (res.statusCode < 400 && operation.method !== 'GET')
        failures.push(`${operation.method} ${url.slice(0, 120)}: accepted with ${res.statusCode}`);
    };
    for (const operation of operations) {
      const hasPathParameter = operation.path.includes('{');
      for (const value of [...HOSTILE_TEXT.slice(0, 2), ...RANDOM_TEXT]) {
        if (hasPathParameter) await send(operation, urlOf(operation, value));
        for (const name of operation.query.slice(0, 3))
          await send(operation, urlOf(operation, `${value}\u0000`, name));
      }
      if (operation.body)
        for (const value of HOSTILE_JSON) {
          const body = `{${operation.body.map((field) => `${JSON.stringify(field)}:${value}`).join(',')}}`;
          await send(operation, urlOf(operation, '0193b4a0-0000-7000-8000-000000000000'), body);
        }
    }
    expect(failures.join('\n')).toBe('');
    expect(await auditCount()).toBe(before);
  }, 120_000);
});
