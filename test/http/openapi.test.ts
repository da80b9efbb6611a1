import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildServer } from '../../src/http/server.ts';
import { DocumentValidator, exampleViolations, responseViolations } from '../support/contract.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// biome-ignore lint/suspicious/noExplicitAny: the document is plain JSON walked by key.
type Doc = any;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

let t: TestApp;
let doc: Doc;
let validator: DocumentValidator;
const operations: { path: string; method: string; operation: Doc }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  doc = response.json();
  validator = new DocumentValidator(doc);
  for (const [path, item] of Object.entries(doc.paths as Record<string, Doc>))
    for (const method of METHODS)
      if (item[method]) operations.push({ path, method, operation: item[method] });
});
afterAll(() => t.close());

describe('the OpenAPI document', () => {
  it('names every operation verbNoun, once, with a summary, a description and a tag', () => {
    expect(operations.length).toBeGreaterThan(100);
    const ids = operations.map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { operation } of operations) {
      expect(operation.operationId).toMatch(/^[a-z]+(?:[A-Z][a-z0-9]*)+$/);
      expect(operation.summary.length).toBeGreaterThan(3);
      expect(operation.description.length).toBeGreaterThan(10);
      expect(operation.tags.length).toBeGreaterThan(0);
    }
  });

  it('declares the standard headers: Idempotency-Key on token POSTs, the audit headers, the request id', () => {
    const names = (operation: Doc) =>
      operation.parameters.map((p: Doc) => validator.resolve<Doc>(p)).map((p: Doc) => `${p.in}:${p.name}`);
    const createAccount = operations.find((o) => o.operation.operationId === 'createAccount')!.operation;
    expect(names(createAccount)).toEqual(
      expect.arrayContaining([
        'header:Idempotency-Key',
        'header:X-Client-System',
        'header:X-User',
        'header:X-Request-Id',
      ]),
    );
    const getAccount = operations.find((o) => o.operation.operationId === 'getAccount')!.operation;
    expect(names(getAccount)).not.toContain('header:Idempotency-Key');
    for (const { method, operation } of operations) {
      expect(names(operation)).toContain('header:X-Request-Id');
      const token = (operation.security ?? []).some((s: Doc) => 'tokenAuth' in s);
      if (method === 'post' && token) expect(names(operation)).toContain('header:Idempotency-Key');
    }
    const created = validator.resolve<Doc>(createAccount.responses['201']);
    expect(Object.keys(created.headers)).toEqual(
      expect.arrayContaining(['X-Request-Id', 'Idempotent-Replayed']),
    );
    expect(Object.keys(validator.resolve<Doc>(createAccount.responses['429']).headers)).toContain(
      'Retry-After',
    );
  });

  it('answers every error as application/problem+json, the auth errors included', () => {
    for (const { path, method, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      if (operation.security.length > 0)
        expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['401', '429']));
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        const response = validator.resolve<Doc>(operation.responses[status]);
        // The OAuth token endpoint answers its own errors as RFC 6749 §5.2 requires.
        if (path === '/oauth/token' && (status === '400' || status === '401')) {
          expect(Object.keys(response.content)).toEqual(['application/json']);
          expect(response.content['application/json'].schema.$ref).toBe('#/components/schemas/OAuthError');
          continue;
        }
        // The partner XML route answers the partner protocol's <errors> XML, whatever went wrong.
        if (path === '/webservice/partnerorders/createflexpayorder') {
          expect(Object.keys(response.content), `${method} ${path} ${status}`).toEqual(['application/xml']);
          continue;
        }
        expect(Object.keys(response.content), `${method} ${path} ${status}`).toEqual([
          'application/problem+json',
        ]);
      }
    }
  });

  it('has servers, a license, security [] on public routes and no trailing slashes', () => {
    expect(doc.servers.length).toBeGreaterThan(0);
    expect(doc.info.license.identifier).toBe('AGPL-3.0-only');
    const pdf = doc.paths['/api/files/invoices/{token}'].get;
    expect(pdf.security).toEqual([]);
    expect(Object.keys(doc.paths).filter((p) => p.endsWith('/'))).toEqual([]);
    expect(doc.components.securitySchemes.tokenAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('describes the partner XML route: its XML body, its confirmation, its <errors> and its XSD', () => {
    const order = doc.paths['/webservice/partnerorders/createflexpayorder'].post;
    expect(order.operationId).toBe('createPartnerOrderXml');
    expect(Object.keys(order.requestBody.content)).toEqual(['application/xml', 'text/xml']);
    expect(order.requestBody.content['application/xml'].example).toContain('<order>');
    expect(Object.keys(order.responses['201'].content)).toEqual(['application/xml']);
    expect(order.responses['422'].description).toContain('2001 Unknown product');
    expect(order.responses['401'].content['application/xml'].example).toContain('<errors>');
    const xsd = doc.paths['/xsd/webservice/createflexpayorder.xsd'].get;
    expect(xsd.security).toEqual([]);
    expect(Object.keys(xsd.responses['200'].content)).toEqual(['application/xml']);
  });

  it('marks dates and instants with their format', () => {
    const account = doc.components.schemas.Account.properties;
    expect(account.created_date.format).toBe('date-time');
    const subscription = doc.components.schemas.Subscription.properties;
    expect(subscription.start_date.format).toBe('date');
  });

  it('holds no example that does not match its schema', () => {
    expect(exampleViolations(validator)).toEqual([]);
  });

  it('has an example for every request body and every answer', () => {
    const hasExample = (media: Doc) => {
      if (media.example !== undefined || Object.keys(media.examples ?? {}).length > 0) return true;
      const schema = validator.resolve<Doc>(media.schema ?? {});
      return (schema.examples ?? []).length > 0 || schema.example !== undefined;
    };
    const missing: string[] = [];
    for (const { operation } of operations) {
      const body = operation.requestBody ? validator.resolve<Doc>(operation.requestBody) : null;
      for (const [type, media] of Object.entries(body?.content ?? {}))
        if (!hasExample(media)) missing.push(`${operation.operationId} request ${type}`);
      for (const [status, response] of Object.entries(operation.responses as Record<string, Doc>)) {
        if (!status.startsWith('2')) continue;
        for (const [type, media] of Object.entries(validator.resolve<Doc>(response).content ?? {}))
          if (!hasExample(media)) missing.push(`${operation.operationId} ${status} ${type}`);
      }
    }
    expect(missing, 'without an example').toEqual([]);
    // A body whose schema transforms (zod leaves its examples out) keeps them through withRequestExamples.
    const createAccount = operations.find((o) => o.operation.operationId === 'createAccount')!.operation;
    const media = createAccount.requestBody.content['application/json'];
    expect(media.schema.examples).toContainEqual({ email: 'erika.mustermann@web.de', language: 'de' });
    expect(JSON.stringify(doc)).not.toContain('x-request-examples');
  });

  it('finds an example that does not match its schema', () => {
    const broken = structuredClone(doc);
    broken.components.schemas.Problem.examples = [{ status: 'four hundred' }];
    expect(exampleViolations(new DocumentValidator(broken)).length).toBeGreaterThan(0);
  });
});

describe('the response check of the test suite', () => {
  it('passes an answer the document declares', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/accounts/nobody/',
      headers: authHeaders(t.org.tokens.read),
    });
    expect(response.statusCode).toBe(404);
    const seen = {
      method: 'GET',
      route: '/api/v1/accounts/:id/',
      status: 404,
      headers: response.headers,
      body: response.body,
    };
    expect(responseViolations(validator, seen)).toEqual([]);
  });

  it('finds an undeclared status, an undeclared content type, a missing header and a body off its schema', () => {
    const seen = {
      method: 'GET',
      route: '/api/v1/accounts/:id/',
      status: 404,
      headers: { 'content-type': 'application/problem+json', 'x-request-id': 'r' },
      body: '{"code":"not_found"}',
    };
    expect(responseViolations(validator, { ...seen, status: 418 })).toEqual([
      'GET /api/v1/accounts/{id} 418: status not declared',
    ]);
    expect(
      responseViolations(validator, {
        ...seen,
        headers: { 'content-type': 'text/html', 'x-request-id': 'r' },
      }),
    ).toEqual(['GET /api/v1/accounts/{id} 404: content type text/html not declared']);
    expect(
      responseViolations(validator, { ...seen, headers: { 'content-type': 'application/problem+json' } }),
    ).toContain('GET /api/v1/accounts/{id} 404: required header X-Request-Id missing');
    expect(responseViolations(validator, seen).join('\n')).toMatch(/must have required property 'title'/);
  });
});

describe('a route without its contract', () => {
  it('keeps the server from starting', async () => {
    const app = await buildServer(t.services);
    const start = async () => {
      app.get('/api/v1/undocumented/', {
        config: { access: 'read' },
        schema: { tags: ['Test'], summary: 'Nothing', response: { 200: z.object({}) } },
        handler: async () => ({}),
      });
      await app.ready();
    };
    await expect(start()).rejects.toThrow(/operationId/);
    await app.close().catch(() => undefined);
  });
});

describe('the reference page /api/docs', () => {
  it('works over plain http (no upgrade-insecure-requests) and is titled kassa', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(page.body).toContain('<title>kassa API reference</title>');
    const json = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(json.json().components.securitySchemes.tokenAuth.scheme).toBe('bearer');
  });
});
