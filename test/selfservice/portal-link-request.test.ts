import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher } from '../support/mail-catcher.ts';
import { authHeaders, createTestApp, createTestOrganization, type TestApp } from '../support/test-app.ts';

/*
 * A customer who has only their e-mail asks for a sign-in link (issue 16): kassa e-mails a one-time
 * link when a live account of that organization has the e-mail, and answers the same either way;
 * requests are throttled per address and per e-mail.
 */

let t: TestApp;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
const merchant = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(t.org.tokens.full), ...(payload ? { payload } : {}) });
let address = 0;
/** Each request from its own address unless told, so the per-address limit stays out of the way. */
const ask = (payload: object, remoteAddress = `10.0.0.${++address}`) =>
  t.app.inject({ method: 'POST', url: '/api/self-service/link-requests/', payload, remoteAddress });

async function mailsTo(to: string, count: number) {
  const sentTo = (m: { to?: unknown }) => JSON.stringify(m.to ?? '').includes(to);
  await expect.poll(() => mail.received.filter(sentTo).length, { timeout: 15_000 }).toBe(count);
  return mail.received.filter(sentTo);
}
/** Lets a mail that would have been sent arrive, before asserting that none did. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTestApp({
    now: '2025-01-01T08:00:00Z',
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'billing@kassa.test',
      publicUrl: 'https://kassa.test',
      gateways: {},
    },
  });
  for (const [code, email, language] of [
    ['ANNA', 'anna@example.com', 'da'],
    ['GONE', 'gone@example.com', 'en'],
  ] as const) {
    const made = await merchant('POST', '/api/v1/accounts/', {
      code,
      name: `${code} Larsen`,
      email,
      language,
    });
    expect(made.statusCode, made.body).toBe(201);
  }
  expect((await merchant('DELETE', '/api/v1/accounts/GONE/')).statusCode).toBeLessThan(300);
});
afterAll(async () => {
  await t?.close();
  await mail?.close();
});

describe('a sign-in link by e-mail', () => {
  it('e-mails a one-time link in the account’s language that opens the portal once', async () => {
    const res = await ask({ organization: t.org.slug, email: 'Anna@Example.com' });
    expect(res.statusCode, res.body).toBe(202);
    const [sent] = await mailsTo('anna@example.com', 1);
    expect(sent!.subject).toMatch(/^Dit link til din konto hos /);
    const url = /https:\/\/kassa\.test(\/self-service\/login\?token=\S+)/.exec(sent!.text ?? '')?.[1];
    expect(url).toBeTruthy();
    const opened = await t.app.inject({ url: url! });
    expect(opened.headers.location).toBe('/self-service/');
    const cookie = /kassa_portal=([^;]*)/.exec(String(opened.headers['set-cookie']))?.[1];
    const session = await t.app.inject({
      url: '/api/self-service/session/',
      headers: { cookie: `kassa_portal=${cookie}` },
    });
    expect(session.json().account.code).toBe('ANNA');
    // Once only: the same link again goes to the page that offers a new one for this organization.
    const again = await t.app.inject({ url: url! });
    expect(again.headers.location).toBe(`/self-service/link-invalid?organization=${t.org.slug}`);
  });

  it('answers an unknown e-mail, an archived account and an unknown organization the same, sending nothing', async () => {
    const known = await ask({ organization: t.org.slug, email: 'anna@example.com' });
    for (const payload of [
      { organization: t.org.slug, email: 'nobody@example.com' },
      { organization: t.org.slug, email: 'gone@example.com' },
      { organization: 'no-such-organization', email: 'anna@example.com' },
    ]) {
      const res = await ask(payload);
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual(known.json());
    }
    await mailsTo('anna@example.com', 2);
    await settle();
    expect(mail.received.filter((m) => /nobody|gone/.test(JSON.stringify(m.to)))).toEqual([]);
  });

  it('does not cross organizations: another organization’s customer gets no link to ours', async () => {
    const other = await createTestOrganization(t.services);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/',
      headers: authHeaders(other.tokens.full),
      payload: { code: 'X', name: 'X Other', email: 'x@example.com', language: 'en' },
    });
    expect((await ask({ organization: t.org.slug, email: 'x@example.com' })).statusCode).toBe(202);
    await settle();
    expect(mail.received.filter((m) => JSON.stringify(m.to).includes('x@example.com'))).toEqual([]);
    expect((await ask({ organization: other.slug, email: 'x@example.com' })).statusCode).toBe(202);
    const [sent] = await mailsTo('x@example.com', 1);
    expect(sent!.text).toContain('Hello X Other');
  });

  it('names a wrong field and sends nothing', async () => {
    const before = mail.received.length;
    const bad = await ask({ organization: t.org.slug, email: 'not-an-e-mail' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('email');
    const extra = await ask({ organization: t.org.slug, email: 'anna@example.com', account: 'ANNA' });
    expect(extra.statusCode).toBe(400);
    await settle();
    expect(mail.received.length).toBe(before);
  });

  it('sends at most three mails per e-mail in 15 minutes, with the same answer after', async () => {
    await merchant('POST', '/api/v1/accounts/', {
      code: 'CARL',
      name: 'Carl',
      email: 'carl@example.com',
      language: 'sv',
    });
    for (let i = 0; i < 5; i++) {
      const res = await ask({ organization: t.org.slug, email: 'carl@example.com' });
      expect(res.statusCode).toBe(202);
    }
    await mailsTo('carl@example.com', 3);
    await settle();
    expect((await mailsTo('carl@example.com', 3)).length).toBe(3);
    t.clock.advance(16 * 60_000);
    try {
      await ask({ organization: t.org.slug, email: 'carl@example.com' });
      await mailsTo('carl@example.com', 4);
    } finally {
      t.clock.set('2025-01-01T08:00:00Z');
    }
  });

  it('answers 429 with Retry-After past ten requests from one address, sending nothing more', async () => {
    for (let i = 0; i < 10; i++)
      expect(
        (await ask({ organization: t.org.slug, email: `n${i}@example.com` }, '10.9.9.9')).statusCode,
      ).toBe(202);
    const before = mail.received.length;
    const refused = await ask({ organization: t.org.slug, email: 'anna@example.com' }, '10.9.9.9');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await settle();
    expect(mail.received.length).toBe(before);
    expect((await ask({ organization: t.org.slug, email: 'anna@example.com' }, '10.9.9.8')).statusCode).toBe(
      202,
    );
  });
});
