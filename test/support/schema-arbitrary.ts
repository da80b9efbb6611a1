import fc from 'fast-check';

/**
 * fast-check arbitraries from JSON Schema, for the subset our OpenAPI document uses: `$ref` (into the
 * document), object with properties and required, string (enum, format, pattern, length), integer and
 * number with bounds, boolean, array, anyOf/oneOf, `type` lists with "null", `nullable`. What it makes
 * is valid-shaped: it fits the schema as far as the schema says, so requests get past validation and
 * reach the handlers; sizes are kept small (strings of at most 40, arrays of at most 3).
 */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  nullable?: boolean;
}

/** Resolves `#/…` references in `document`. */
export function resolver(document: object) {
  return function resolve<T extends object>(node: T | { $ref: string }): T {
    let current = node as { $ref?: string };
    while (current.$ref?.startsWith('#/')) {
      current = current.$ref
        .slice(2)
        .split('/')
        .reduce<unknown>(
          (at, key) => (at as Record<string, unknown>)[key.replaceAll('~1', '/')],
          document,
        ) as {
        $ref?: string;
      };
    }
    return current as T;
  };
}

export function arbitraryOf(schema: JsonSchema, resolve: ReturnType<typeof resolver>): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const choices = s.anyOf ?? s.oneOf;
  if (choices) return fc.oneof(...choices.map((choice) => arbitraryOf(choice, resolve)));
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  if (s.nullable) types.push('null');
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => arbitraryOfType(type, s, resolve)));
}

function arbitraryOfType(
  type: string,
  s: JsonSchema,
  resolve: ReturnType<typeof resolver>,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({
        min: s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : (s.minimum ?? -1000),
        max: s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : (s.maximum ?? 1_000_000),
      });
    case 'number':
      return fc.double({
        min: s.minimum ?? -1e6,
        max: s.maximum ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'array':
      return fc.array(s.items ? arbitraryOf(s.items, resolve) : fc.jsonValue({ maxDepth: 1 }), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
      });
    case 'object': {
      const properties = s.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, arbitraryOf(property, resolve)]),
      );
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((name) => name in properties) });
    }
    default:
      return stringOf(s);
  }
}

function stringOf(s: JsonSchema): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, 40));
  const fits = (value: string) =>
    value.length >= (s.minLength ?? 0) && value.length <= (s.maxLength ?? Infinity);
  switch (s.format) {
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress().filter(fits);
    case 'uri':
      return fc.webUrl().filter(fits);
    case 'uuid':
      return fc.uuid();
  }
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter(fits);
    } catch {
      // A pattern fast-check cannot read: any string, which validation may refuse.
    }
  }
  return fc.string({ minLength, maxLength });
}

/**
 * Hostile values: NUL, a lone surrogate, 100 kB, nesting deeper than the edge allows, wrong types.
 * `refusedIn` says where the edge must answer 4xx to it, whatever the field (nesting is a body's: in a
 * path or query it is only text).
 */
const ANYWHERE = ['path', 'query', 'body'];
export const HOSTILE_VALUES: { value: unknown; label: string; refusedIn: string[] }[] = [
  { value: 'a\u0000b', label: 'NUL', refusedIn: ANYWHERE },
  { value: '\ud800', label: 'lone surrogate', refusedIn: ANYWHERE },
  { value: 'x'.repeat(100_000), label: '100 kB', refusedIn: [] },
  { value: JSON.parse(`${'['.repeat(40)}"x"${']'.repeat(40)}`), label: '40-deep', refusedIn: ['body'] },
  { value: 1e21, label: '1e21', refusedIn: [] },
  { value: -1, label: '-1', refusedIn: [] },
  { value: true, label: 'true', refusedIn: [] },
  { value: null, label: 'null', refusedIn: [] },
  { value: { a: 1 }, label: 'object', refusedIn: [] },
  { value: [1, 'a'], label: 'array', refusedIn: [] },
];

/** The paths of the leaves (and of every object and array) in a value made from a schema. */
export function placesIn(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [at];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [at, ...entries.flatMap(([key, v]) => placesIn(v, [...at, key]))];
}

/** `value` with the place `path` set to `replacement` (a copy; the root when the path is empty). */
export function withPlace(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = withPlace(copy[head], rest, replacement);
  return copy;
}
