import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  arbitraryOf,
  HOSTILE_VALUES,
  type JsonSchema,
  placesIn,
  resolver,
  withPlace,
} from '../support/schema-arbitrary.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// Issue 12: the outside test found 5xx answers by sending hostile values to every operation. This suite
// does the same from /api/openapi.json on every run: each operation's path parameters, query parameters
// and body fields get NUL, lone surrogates, 100 kB strings, deep nesting and wrong types, and no answer
// may be a 5xx. A 4xx must change nothing: the audit log (every mutation writes it) does not grow.
// Then valid-shaped requests, made by fast-check from each operation's own schemas (path, query and
// body), as they are and with one place swapped for a hostile value: no 5xx, and a 4xx changes nothing.
interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}
type Operation = {
  method: string;
  path: string;
  query: string[];
  body: string[] | null;
  parameters: Parameter[];
  bodySchema: JsonSchema | undefined;
};

const HOSTILE_TEXT = ['a\u0000b', '\ud800', 'x'.repeat(100_000), '../../etc/passwd', "' or 1=1 --"];
// As JSON text: 10,000-deep nesting is too deep for JSON.stringify itself.
const HOSTILE_JSON: string[] = [
  ...[...HOSTILE_TEXT, 1e21, -1, true, null, [], {}].map((value) => JSON.stringify(value)),
  `${'['.repeat(10_000)}"x"${']'.repeat(10_000)}`,
];
// A few random strings as well, the same on every run (fixed seed), so a failure can be replayed.
const RANDOM_TEXT = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { numRuns: 4, seed: 12 });

/** Valid-shaped requests per operation (each also sent with one hostile place). */
const VALID_SHAPED = 4;

let t: TestApp;
/** Ids of real things of the organization, by the path segment that names them, for half of the requests. */
const realIds: Record<string, string> = {};
let operations: Operation[];
let resolve: ReturnType<typeof resolver>;

const auditCount = async () =>
  Number(
    (
      await t.handle.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('organization_id', '=', t.org.id)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: 'POST', url, headers: authHeaders(t.org.tokens.full), payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().uuid as string;
  };
  realIds.plans = await post('/api/v1/plans/', { code: 'P', name: 'Plan' });
  realIds['plan-terms'] = await post('/api/v1/plan-terms/', {
    plan: 'P',
    code: 'M',
    price: '10',
    interval: 'month',
  });
  realIds.accounts = await post('/api/v1/accounts/', { code: 'A', name: 'A', email: 'a@example.com' });
  realIds.subscriptions = await post('/api/v1/subscriptions/', {
    account: 'A',
    terms: 'M',
    start_date: '2025-01-01',
  });
  realIds.components = await post('/api/v1/components/', {
    code: 'C',
    name: 'Seat',
    kind: 'recurring',
    price: '5',
  });
  const document = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  resolve = resolver(document);
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => {
        const parameters = ((operation.parameters ?? []) as Parameter[]).map((p) => resolve(p));
        const schema = (
          operation.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined
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
          parameters,
          bodySchema: schema,
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

let sent = 0;
function inject(method: string, url: string, payload?: string) {
  sent += 1;
  return t.app.inject({
    method: method as 'GET',
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
}

/** A request as fast-check makes it from an operation's schemas: path and query values, a body. */
interface Made {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body?: unknown;
}

function requestArbitrary(operation: Operation): fc.Arbitrary<Made> {
  const record = (where: string) => {
    const parameters = operation.parameters.filter((p) => p.in === where);
    return fc.record(
      Object.fromEntries(
        parameters.map((p) => [p.name, arbitraryOf(p.schema ?? { type: 'string' }, resolve)]),
      ),
      { requiredKeys: parameters.filter((p) => p.required).map((p) => p.name) },
    );
  };
  return fc.record({
    path: record('path'),
    query: record('query'),
    ...(operation.bodySchema ? { body: arbitraryOf(operation.bodySchema, resolve) } : {}),
  });
}

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The request with each path value that follows a segment naming a real thing set to its id. */
function withRealIds(operation: Operation, made: Made): Made {
  const path = { ...made.path };
  for (const [, segment, name] of operation.path.matchAll(/\/([a-z-]+)\/\{([^}]+)\}/g))
    if (realIds[segment!]) path[name!] = realIds[segment!];
  return { ...made, path };
}

function urlOfMade(operation: Operation, made: Made) {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encode(text(made.path[name] ?? 'x')),
  );
  const query = Object.entries(made.query)
    .filter(([, value]) => value !== undefined)
    .flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => `${encode(name)}=${encode(text(v))}`),
    );
  return query.length > 0 ? `${path}?${query.join('&')}` : path;
}

describe('fuzzing every operation of /api/openapi.json', () => {
  it('finds the operations', () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it('answers no 5xx to hostile path, query and body values, and a 4xx changes nothing', async () => {
    const failures: string[] = [];
    const before = await auditCount();
    const send = async (operation: Operation, url: string, payload?: string) => {
      const res = await inject(operation.method, url, payload);
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

  it('answers no 5xx to requests made from each operation’s schemas, hostile in one place, and a 4xx changes nothing', async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const [n, operation] of operations.entries()) {
      const made = fc.sample(requestArbitrary(operation), { numRuns: VALID_SHAPED, seed: 1200 + n });
      // Each valid-shaped request as it is, then again with one place (a path or query value, or any
      // place in the body) swapped for a hostile value; the places and values go round, the same each run.
      const variants = made.flatMap((generated, i) => {
        const request = i % 2 === 0 ? withRealIds(operation, generated) : generated;
        const places = [
          ...Object.keys(request.path).map((name) => ['path', name]),
          ...Object.keys(request.query).map((name) => ['query', name]),
          ...(operation.bodySchema ? placesIn(request.body).map((place) => ['body', ...place]) : []),
        ];
        const hostile = HOSTILE_VALUES[(n + i) % HOSTILE_VALUES.length]!;
        const place = places[(n * 7 + i * 3) % Math.max(places.length, 1)];
        const swapped = place ? (withPlace(request, place, hostile.value) as Made) : undefined;
        return [
          { request, hostile: undefined },
          ...(swapped
            ? [
                {
                  request: swapped,
                  hostile: `${hostile.label} at ${place!.join('.')}`,
                  refused: hostile.refusedIn.includes(String(place![0])),
                },
              ]
            : []),
        ];
      });
      for (const variant of variants) {
        const url = urlOfMade(operation, variant.request);
        const payload = 'body' in variant.request ? JSON.stringify(variant.request.body) : undefined;
        const before = await auditCount();
        const res = await inject(operation.method, url, payload);
        requests += 1;
        const what = `${operation.method} ${url.slice(0, 120)} ${(payload ?? '').slice(0, 120)}${variant.hostile ? ` (${variant.hostile})` : ''}`;
        if (res.statusCode >= 500 || res.statusCode === 429)
          failures.push(`${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        else if (res.statusCode >= 400 && (await auditCount()) !== before)
          failures.push(`${what}: ${res.statusCode}, yet something was written`);
        else if ('refused' in variant && variant.refused && res.statusCode < 400)
          failures.push(`${what}: accepted with ${res.statusCode}`);
      }
    }
    expect(failures.join('\n')).toBe('');
    expect(requests).toBeGreaterThan(operations.length * VALID_SHAPED);
  }, 120_000);
});
