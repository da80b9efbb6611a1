import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILED_TOKENS_PER_ADDRESS } from '../../src/http/auth.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// Issue 12, defect 7: the request limit counts per token, so made-up tokens each got a fresh bucket
// and were never limited. Failed token authentications are counted per address instead.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const from = (remoteAddress: string, token: string, url = '/api/v1/accounts/') =>
  t.app.inject({ url, headers: authHeaders(token), remoteAddress });

describe('failed token authentication per address', () => {
  it(`answers 429 after ${FAILED_TOKENS_PER_ADDRESS} unknown tokens from one address, even to a valid token, until the window ends`, async () => {
    for (let i = 0; i < FAILED_TOKENS_PER_ADDRESS; i++) {
      const res = await from('10.7.7.7', `ks_made-up-${i}`);
      expect(res.statusCode).toBe(401);
    }
    const valid = await from('10.7.7.7', t.org.tokens.read);
    expect(valid.statusCode).toBe(429);
    expect(valid.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(valid.headers['retry-after'])).toBeGreaterThan(0);
    // Self-service tokens from there wait too.
    const selfService = await from('10.7.7.7', 'ss_made-up', '/api/self-service/account/');
    expect(selfService.statusCode).toBe(429);
    // Another address is not held up.
    expect((await from('10.7.7.8', t.org.tokens.read)).statusCode).toBe(200);
    expect((await from('10.7.7.8', 'ks_made-up')).statusCode).toBe(401);
    t.clock.advance(15 * 60 * 1000);
    expect((await from('10.7.7.7', t.org.tokens.read)).statusCode).toBe(200);
  });

  it('counts only failures: valid tokens from one address are limited by the request rate alone', async () => {
    for (let i = 0; i < FAILED_TOKENS_PER_ADDRESS + 10; i++)
      expect((await from('10.8.8.8', t.org.tokens.read)).statusCode).toBe(200);
  });
});
