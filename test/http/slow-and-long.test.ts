import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

// Issue 12, defects 7 and 9: a body sent a byte at a time was waited for for ever; an over-long path
// answered Fastify's own JSON, not a problem document.
let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await createTestApp({ server: { requestTimeoutMs: 1_000 } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => t.close());

describe('request limits', () => {
  it('ends a request whose body trickles in slower than the request timeout with 408', async () => {
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let received = '';
      let drip: NodeJS.Timeout | undefined;
      socket.on('connect', () => {
        socket.write(
          `POST /api/v1/accounts/ HTTP/1.1\r\nHost: x\r\nAuthorization: Token ${t.org.tokens.full}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
        );
        drip = setInterval(() => socket.write(' '), 400);
      });
      socket.on('data', (chunk) => {
        received += chunk;
      });
      socket.on('close', () => {
        clearInterval(drip);
        resolve(received);
      });
      socket.on('error', reject);
      setTimeout(() => reject(new Error(`still open after 15 s: ${received}`)), 15_000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('answers an undecodable path and an over-long path parameter with problem documents', async () => {
    const bad = await t.app.inject({
      url: '/api/v1/accounts/%ED%A0%80/',
      headers: authHeaders(t.org.tokens.full),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().code).toBe('malformed_request');
    // With the web app's catch-all route the router answers not found rather than 414; either way a
    // problem document, never Fastify's own body.
    const long = await t.app.inject({
      url: `/api/v1/accounts/${'a'.repeat(5_000)}/`,
      headers: authHeaders(t.org.tokens.full),
    });
    expect([404, 414]).toContain(long.statusCode);
    expect(long.headers['content-type']).toContain('application/problem+json');
    expect(long.json().code).toMatch(/^(not_found|uri_too_long)$/);
  });
});
