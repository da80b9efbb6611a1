import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstXsd } from '../../src/partners/xsd-validation.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// Issue 12, defect 1: a UTF-16 body hid its DTD from a guard that read it as UTF-8, and an entity to
// /dev/urandom then kept libxml2 busy for ever, four of them filling every validation slot.
const SEED_REQUEST = readFileSync(
  new URL('../fixtures/partner/createflexpayorder-request.xml', import.meta.url),
  'utf8',
);
const XSD = readFileSync(new URL('../../src/partners/xsd/createflexpayorder.xsd', import.meta.url), 'utf8');
const URANDOM_DTD = '<!DOCTYPE order [<!ENTITY e SYSTEM "file:///dev/urandom">]>';
const URL_PATH = '/webservice/partnerorders/createflexpayorder';
const code = (xml: string) => Number(/<code>(\d+)<\/code>/.exec(xml)?.[1]);

let t: TestApp;
const post = (payload: Buffer | string) =>
  t.app.inject({
    method: 'POST',
    url: URL_PATH,
    headers: authHeaders(t.org.tokens.partner, { 'content-type': 'application/xml' }),
    payload,
  });

beforeAll(async () => {
  t = await createTestApp({ now: '2013-11-20T09:31:00Z' });
});
afterAll(async () => t.close());

describe('hostile partner XML', () => {
  it('refuses a UTF-16LE body without a mark that hides a DTD, and still answers orders meanwhile', async () => {
    const hostile = Buffer.from(SEED_REQUEST.replace('<order>', `${URANDOM_DTD}\n<order>&e;`), 'utf16le');
    const started = Date.now();
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => post(hostile)));
    for (const answer of answers) {
      expect(answer.statusCode).toBe(400);
      expect(code(answer.body)).toBe(1001);
      expect(answer.body).toContain('the order must be UTF-8');
    }
    // The valid seed order reaches the business rules (this organization has no partner settings: 1111),
    // which it can only do after libxml2 validated it.
    const valid = await post(SEED_REQUEST);
    expect(code(valid.body)).toBe(1111);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('refuses the same DTD in UTF-8 with 1004, never echoing an expanded entity', async () => {
    const internal = SEED_REQUEST.replace('<order>', '<!DOCTYPE order [<!ENTITY x "EXPANDED">]>\n<order>&x;');
    const answer = await post(internal);
    expect(answer.statusCode).toBe(400);
    expect(code(answer.body)).toBe(1004);
    expect(answer.body).not.toContain('EXPANDED<');
  });

  it('refuses invalid UTF-8 with 1001', async () => {
    const answer = await post(
      Buffer.concat([Buffer.from('<?xml version="1.0"?><order>'), Buffer.from([0xc3, 0x28])]),
    );
    expect(answer.statusCode).toBe(400);
    expect(code(answer.body)).toBe(1001);
    expect(answer.body).toContain('not valid UTF-8');
  });

  it('ends libxml2 when it runs over the limit: an entity to /dev/urandom behind every guard', async () => {
    const started = Date.now();
    const result = await validateAgainstXsd({
      documentName: 'order.xml',
      document: `<?xml version="1.0"?>\n${URANDOM_DTD}\n<order>&e;</order>\n`,
      schemaName: 'createflexpayorder.xsd',
      schema: XSD,
      timeoutMs: 1_500,
    });
    expect(result).toEqual({ outcome: 'timed_out' });
    expect(Date.now() - started).toBeLessThan(10_000);
    // The slot is free again: the next validation answers.
    const next = await validateAgainstXsd({
      documentName: 'order.xml',
      document: SEED_REQUEST,
      schemaName: 'createflexpayorder.xsd',
      schema: XSD,
      timeoutMs: 10_000,
    });
    expect(next).toEqual({ outcome: 'valid' });
  });
});
