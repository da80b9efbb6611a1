import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { App } from '../../src/http/types.ts';

/**
 * The OpenAPI document as a contract the tests hold the server to: every answer a test receives must
 * be declared (status, content type, required headers) and its JSON must match the declared schema;
 * every example in the document must match its schema.
 */

// biome-ignore lint/suspicious/noExplicitAny: the document is plain JSON walked by key.
type Doc = any;
type Json = Record<string, unknown>;

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const COMPONENT = '#/components/schemas/';

/** Validators for one document: component schemas added once, each schema compiled once. */
export class DocumentValidator {
  readonly doc: Doc;
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: Doc) {
    this.doc = doc;
    this.ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, validateFormats: true }));
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {}))
      this.ajv.addSchema(rewriteRefs(schema) as Json, `kassa:${name}`);
  }

  /** The messages of what in `value` does not match `schema` (a schema of this document); [] if it does. */
  check(schema: unknown, value: unknown, cacheKey: string): string[] {
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(schema) as Json);
      this.compiled.set(cacheKey, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
  }

  resolve<T = Json>(value: T | { $ref: string }): T {
    if (value && typeof value === 'object' && '$ref' in value && typeof value.$ref === 'string') {
      const pointer = value.$ref.replace(/^#\//, '').split('/');
      return pointer.reduce(
        (at: Doc, key) => at?.[key.replaceAll('~1', '/').replaceAll('~0', '~')],
        this.doc,
      );
    }
    return value as T;
  }
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) =>
        key === '$ref' && typeof inner === 'string' && inner.startsWith(COMPONENT)
          ? [key, `kassa:${inner.slice(COMPONENT.length)}`]
          : [key, rewriteRefs(inner)],
      ),
    );
  return value;
}

export interface SeenResponse {
  method: string;
  /** The route as registered (`/api/v1/accounts/:id/`), or undefined when no route matched. */
  route: string | undefined;
  status: number;
  headers: Record<string, unknown>;
  body: string | Buffer | null;
}

/** The document's path for a route: `{id}` for `:id`, no trailing slash. */
export function documentPath(route: string): string {
  const path = route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

/** What in one answer the document does not declare; [] when it is all declared. */
export function responseViolations(validator: DocumentValidator, seen: SeenResponse): string[] {
  if (!seen.route) return [];
  const path = documentPath(seen.route);
  const method = seen.method.toLowerCase();
  const operation = validator.doc.paths?.[path]?.[method];
  if (!operation) return []; // a route the document leaves out on purpose (hide: true)
  const where = `${seen.method} ${path} ${seen.status}`;
  const declared = operation.responses?.[String(seen.status)];
  if (!declared) return [`${where}: status not declared`];
  const response = validator.resolve<Json>(declared);
  const problems: string[] = [];
  for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, Json>))
    if (validator.resolve<Json>(header).required && seen.headers[name.toLowerCase()] === undefined)
      problems.push(`${where}: required header ${name} missing`);
  const content = response.content as Record<string, Json> | undefined;
  // A 204 has no body on the wire, whatever Fastify holds as its payload.
  const empty = seen.status === 204 || seen.body === null || seen.body.length === 0;
  if (empty)
    return content && seen.status !== 204
      ? [...problems, `${where}: empty body, content declared`]
      : problems;
  const type = String(seen.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim();
  const media = type ? content?.[type] : undefined;
  if (!media) return [...problems, `${where}: content type ${type || '(none)'} not declared`];
  if (!type?.endsWith('json')) return problems;
  const body = JSON.parse(String(seen.body));
  const errors = validator.check(media.schema, body, `${path} ${method} ${seen.status} ${type}`);
  return [...problems, ...errors.map((e) => `${where}: ${e}`)];
}

/** Every `example` and `examples` in the document that does not match the schema beside it. */
export function exampleViolations(validator: DocumentValidator): string[] {
  const problems: string[] = [];
  const check = (schema: unknown, example: unknown, at: string) => {
    for (const e of validator.check(schema, example, at)) problems.push(`${at}: ${e}`);
  };
  const visitSchema = (node: unknown, at: string) => {
    if (!node || typeof node !== 'object') return;
    const { examples, example, ...schema } = node as Json;
    if (Array.isArray(examples))
      for (const [i, value] of examples.entries()) check(schema, value, `${at} examples[${i}]`);
    if (example !== undefined) check(schema, example, `${at} example`);
    for (const [key, inner] of Object.entries(schema)) {
      if (key === 'properties' || key === 'patternProperties')
        for (const [name, property] of Object.entries(inner as Json))
          visitSchema(property, `${at}/${key}/${name}`);
      else if (['anyOf', 'oneOf', 'allOf', 'prefixItems'].includes(key) && Array.isArray(inner))
        for (const [i, item] of inner.entries()) visitSchema(item, `${at}/${key}/${i}`);
      else if (['items', 'additionalProperties', 'not'].includes(key)) visitSchema(inner, `${at}/${key}`);
    }
  };
  const visit = (node: unknown, at: string) => {
    if (Array.isArray(node)) for (const [i, item] of node.entries()) visit(item, `${at}/${i}`);
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const object = node as Json;
    if ('schema' in object) {
      // A media type or a parameter: its own examples against its schema.
      if ('example' in object) check(object.schema, object.example, `${at} example`);
      for (const [name, entry] of Object.entries((object.examples ?? {}) as Record<string, Json>))
        check(object.schema, validator.resolve(entry).value, `${at} examples.${name}`);
      visitSchema(object.schema, `${at}/schema`);
    }
    for (const [key, inner] of Object.entries(object)) {
      if (key === 'schema' || key === 'example' || key === 'examples') continue;
      if (at === '#/components' && key === 'schemas')
        for (const [name, schema] of Object.entries(inner as Json))
          visitSchema(schema, `${at}/schemas/${name}`);
      else visit(inner, `${at}/${key}`);
    }
  };
  visit(validator.doc, '#');
  return problems;
}

const validators = new WeakMap<object, DocumentValidator>();

/** Holds every answer `app` gives to the document; `violations` lists what it did not declare. */
export function watchResponses(app: App): { violations: string[] } {
  const found = { violations: [] as string[] };
  app.addHook('onSend', async (request, reply, payload) => {
    const doc = app.swagger() as object;
    let validator = validators.get(doc);
    if (!validator) {
      validator = new DocumentValidator(doc);
      validators.set(doc, validator);
    }
    const body =
      typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : payload === null ? null : undefined;
    if (body === undefined) return payload; // a stream: its headers are checked where it is built
    const seen: SeenResponse = {
      method: request.method,
      route: request.routeOptions.url,
      status: reply.statusCode,
      headers: reply.getHeaders(),
      body,
    };
    for (const violation of responseViolations(validator, seen))
      if (!found.violations.includes(violation)) found.violations.push(violation);
    return payload;
  });
  return found;
}
