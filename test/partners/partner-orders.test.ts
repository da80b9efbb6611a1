import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { isSwedishOcr } from '../../src/domain/payment-references.ts';
import { runDunning } from '../../src/dunning/run-dunning.ts';
import { billOn, expectNothingLeftToBill } from '../support/billing.ts';
import { startMailCatcher } from '../support/mail-catcher.ts';
import {
  authHeaders,
  createTestApp,
  createTestOrganization,
  type TestApp,
  type TestOrganization,
} from '../support/test-app.ts';

const SEED_REQUEST = readFileSync(
  new URL('../fixtures/partner/createflexpayorder-request.xml', import.meta.url),
  'utf8',
);
const CONFIRMATION_XSD = readFileSync(
  new URL('../../src/partners/xsd/createflexpayorder-confirmation.xsd', import.meta.url),
  'utf8',
);
const URL_PATH = '/webservice/partnerorders/createflexpayorder';

let t: TestApp;
let gym: TestOrganization;
const api = (method: 'POST' | 'GET' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(gym.tokens.full), ...(payload ? { payload } : {}) });
const postXml = (body: string, headers: Record<string, string> = {}, token = gym.tokens.partner) =>
  t.app.inject({
    method: 'POST',
    url: URL_PATH,
    headers: authHeaders(token, { 'content-type': 'application/xml', ...headers }),
    payload: body,
  });
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const errorCode = (xml: string) => Number(tag(xml, 'code'));

/** The seed's request with some values replaced. */
function request(
  changes: {
    product?: string;
    price?: number;
    unit?: string;
    start?: string;
    pnr?: string;
    org?: string;
    origin?: string;
  } = {},
) {
  let xml = SEED_REQUEST;
  if (changes.product)
    xml = xml.replace(
      '<productnumber>2</productnumber>',
      `<productnumber>${changes.product}</productnumber>`,
    );
  if (changes.price !== undefined)
    xml = xml.replace('<priceincvat>250000</priceincvat>', `<priceincvat>${changes.price}</priceincvat>`);
  if (changes.unit) xml = xml.replace('<id>1</id>', `<id>${changes.unit}</id>`);
  if (changes.start)
    xml = xml.replace('<startday>2013-12-24</startday>', `<startday>${changes.start}</startday>`);
  if (changes.pnr)
    xml = xml.replace(
      '<personnumber>111111-1116</personnumber>',
      `<personnumber>${changes.pnr}</personnumber>`,
    );
  if (changes.org) xml = xml.replace('<number>123425-2334</number>', `<number>${changes.org}</number>`);
  if (changes.origin) xml = xml.replace('<origin>flexpay</origin>', `<origin>${changes.origin}</origin>`);
  return xml;
}

beforeAll(async () => {
  t = await createTestApp({ now: '2013-11-20T09:31:00Z' });
  gym = await createTestOrganization(t.services, {
    country: 'SE',
    currency: 'SEK',
    timezone: 'Europe/Stockholm',
  });
  const settings = await api('PATCH', '/api/v1/organization/', {
    payment_reference_scheme: 'se_ocr',
    invoice_number_format: '{SEQ}',
  });
  expect(settings.statusCode, settings.body).toBe(200);
  await api('POST', '/api/v1/business-units/', { code: '1', name: 'Anläggning 2' });
  await api('POST', '/api/v1/business-units/', { code: '7', name: 'Anläggning 7' });
  await api('POST', '/api/v1/plans/', { code: 'GYM', name: 'Gym' });
  const monthly = await api('POST', '/api/v1/plan-terms/', {
    plan: 'GYM',
    code: '2',
    name: 'Gym, månad',
    price: '2000.00',
    interval: 'month',
    business_units: ['1'],
  });
  expect(monthly.statusCode, monthly.body).toBe(201);
  await api('POST', '/api/v1/plan-terms/', {
    plan: 'GYM',
    code: '64575F',
    name: '100 Entre klipp',
    price: '187.20',
    punch_card_entries: 100,
  });
  await api('POST', '/api/v1/plan-terms/', { plan: 'GYM', code: 'SECRET', price: '10', interval: 'month' });
  const partner = await api('PUT', '/api/v1/partner-settings/flexpay/', {
    products: ['2', '64575F'],
    payment_terms_days: 10,
  });
  expect(partner.statusCode, partner.body).toBe(200);
});
afterAll(async () => t.close());

describe('createflexpayorder (seed 001)', () => {
  it('serves its XSD, which the seed request validates against', async () => {
    const xsd = await t.app.inject({ url: '/xsd/webservice/createflexpayorder.xsd' });
    expect(xsd.statusCode).toBe(200);
    expect(xsd.headers['content-type']).toContain('xml');
    const result = await validateXML({
      xml: [{ fileName: 'request.xml', contents: SEED_REQUEST }],
      schema: [{ fileName: 'createflexpayorder.xsd', contents: xsd.body }],
    });
    expect(result.errors).toEqual([]);
  });

  it('takes the seed request as it stands and answers a confirmation that validates', async () => {
    const res = await postXml(SEED_REQUEST, { 'idempotency-key': 'flexpay-137' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toContain('application/xml');
    const valid = await validateXML({
      xml: [{ fileName: 'confirmation.xml', contents: res.body }],
      schema: [{ fileName: 'confirmation.xsd', contents: CONFIRMATION_XSD }],
    });
    expect(valid.errors).toEqual([]);
    expect(tag(res.body, 'created')).toBe('2013-11-20 10:31');
    expect(tag(res.body, 'personnumber')).toBe('111111-1116');
    expect(tag(res.body, 'firstname')).toBe('Tessan');
    expect(tag(res.body, 'sumexvat')).toBe('200000');
    expect(tag(res.body, 'rate')).toBe('25');
    expect(tag(res.body, 'amount')).toBe('50000');
    expect(tag(res.body, 'sum')).toBe('250000');
    expect(tag(res.body, 'lefttopay')).toBe('0');
    expect(tag(res.body, 'mark')).toBe('flexpay');
    expect(res.body).toContain('<name>Anläggning 2</name>');
    expect(res.body).toContain('<type>Abonnemang</type>');
    expect(tag(res.body, 'invoicedate')).toBe('2013-11-20');
    expect(tag(res.body, 'duedate')).toBe('2013-11-30');
    expect(tag(res.body, 'totalamount')).toBe('250000');
    expect(tag(res.body, 'rest')).toBe('250000');
    const ocr = tag(res.body, 'ocrnumber')!;
    expect(isSwedishOcr(ocr)).toBe(true);
  });

  it('makes the employer an account with no e-mail (not ""), which a later change leaves so', async () => {
    const accounts = (await api('GET', '/api/v1/accounts/')).json().results as {
      code: string;
      type: string;
      email: string | null;
      name: string;
    }[];
    const employer = accounts.find((a) => a.type === 'company')!;
    expect(employer).toMatchObject({ name: 'Test Org.', email: null });
    expect(accounts.find((a) => a.type === 'person')!.email).toBe('tessan@test.com');
    const renamed = await api('PATCH', `/api/v1/accounts/${employer.code}/`, { name: 'Test Org. AB' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Test Org. AB', email: null });
    // A client may give it one; "" is still not an e-mail.
    const blank = await api('PATCH', `/api/v1/accounts/${employer.code}/`, { email: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors[0].field).toBe('email');
  });

  it('a retried request with the same Idempotency-Key creates nothing new', async () => {
    const again = await postXml(SEED_REQUEST, { 'idempotency-key': 'flexpay-137' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const orders = (await api('GET', '/api/v1/partner-orders/')).json().results;
    expect(orders).toHaveLength(1);
    const other = await postXml(request({ price: 1 }), { 'idempotency-key': 'flexpay-137' });
    expect(other.statusCode).toBe(409);
    expect(errorCode(other.body)).toBe(3003);
  });

  it('finds the person on a second order, and splits VAT on a punch card: 23400 = 18720 + 4680', async () => {
    const res = await postXml(request({ product: '64575F', price: 23400 }));
    expect(res.statusCode, res.body).toBe(201);
    expect(tag(res.body, 'sumexvat')).toBe('18720');
    expect(tag(res.body, 'amount')).toBe('4680');
    expect(tag(res.body, 'sum')).toBe('23400');
    expect(res.body).toContain('<type>Klippkort</type>');
    const orders = (await api('GET', '/api/v1/partner-orders/')).json().results;
    expect(orders).toHaveLength(2);
    expect(orders[0].account).toBe(orders[1].account);
    const accounts = (await api('GET', '/api/v1/accounts/?limit=50')).json().results;
    expect(accounts.filter((a: { national_id: string }) => a.national_id === '20111111-1116')).toHaveLength(
      1,
    );
  });

  it('lists partner orders newest first, a page at a time, by partner', async () => {
    const all = (await api('GET', '/api/v1/partner-orders/?limit=500')).json();
    expect(all.count).toBeGreaterThan(1);
    const numbers = all.results.map((o: { number: string }) => o.number);
    const first = (await api('GET', '/api/v1/partner-orders/?limit=1')).json();
    expect(first).toMatchObject({ count: all.count, previous: null });
    expect(first.results.map((o: { number: string }) => o.number)).toEqual(numbers.slice(0, 1));
    const next = new URL(first.next);
    const second = (await api('GET', next.pathname + next.search)).json();
    expect(second.results.map((o: { number: string }) => o.number)).toEqual(numbers.slice(1, 2));
    const times = all.results.map((o: { created_date: string }) => o.created_date);
    expect([...times].sort().reverse()).toEqual(times);
    const none = (await api('GET', '/api/v1/partner-orders/?origin=nobody')).json();
    expect(none).toMatchObject({ count: 0, results: [] });
    const bad = await api('GET', '/api/v1/partner-orders/?origin=Not%20One');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.origin');
  });

  it('shows the order paid once the partner pays the invoice by its OCR number', async () => {
    const [latest] = (await api('GET', '/api/v1/partner-orders/')).json().results;
    const paid = await api('POST', '/api/v1/payments/', {
      amount: '234.00',
      reference: latest.invoice.payment_reference,
    });
    expect(paid.statusCode, paid.body).toBe(201);
    const order = (await api('GET', `/api/v1/partner-orders/${latest.number}/`)).json();
    expect(order.invoice).toMatchObject({ status: 'paid', balance: '0.00', currency: 'SEK' });
  });

  it.each([
    ['bad XML', '<order><origin>flexpay</origin>', 400, 1001],
    ['a schema violation', request().replace('<personnumber>111111-1116</personnumber>', ''), 400, 1002],
    [
      'a DOCTYPE',
      `<?xml version="1.0"?><!DOCTYPE order [<!ENTITY x SYSTEM "file:///etc/passwd">]>${request().replace('<origin>flexpay</origin>', '<origin>&x;</origin>')}`,
      400,
      1004,
    ],
    ['an unknown product', request({ product: 'NOPE' }), 422, 2001],
    ['a product not offered to the partner', request({ product: 'SECRET', price: 1250 }), 422, 2001],
    ['a unit the product is not sold in', request({ unit: '7' }), 422, 2002],
    ['an unknown unit', request({ unit: '99' }), 422, 2002],
    ['a start day in the past', request({ start: '2013-01-01' }), 422, 2003],
    ['a price that is not the product’s', request({ price: 249999 }), 422, 2004],
    ['a personnummer with a bad check digit', request({ pnr: '111111-1117' }), 422, 2005],
    ['an organization number with a bad check digit', request({ org: '123425-2335' }), 422, 2006],
    ['an origin without settings', request({ origin: 'benify' }), 500, 1111],
  ])('refuses %s with its code', async (_name, body, status, code) => {
    const before = (await api('GET', '/api/v1/partner-orders/')).json().results.length;
    const res = await postXml(body);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/xml');
    expect(errorCode(res.body)).toBe(code);
    expect(tag(res.body, 'debuginfo')).not.toBe('');
    expect((await api('GET', '/api/v1/partner-orders/')).json().results).toHaveLength(before);
  });

  it('refuses an oversized body, a missing token and a token of another scope, in XML', async () => {
    const big = await postXml(`<order>${'x'.repeat(70 * 1024)}</order>`);
    expect(big.statusCode).toBe(413);
    expect(errorCode(big.body)).toBe(1003);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: URL_PATH,
      headers: { 'content-type': 'application/xml' },
      payload: SEED_REQUEST,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(errorCode(anonymous.body)).toBe(3001);
    const importToken = await postXml(SEED_REQUEST, {}, gym.tokens.import);
    expect(importToken.statusCode).toBe(403);
    expect(errorCode(importToken.body)).toBe(3002);
    // Another organization's partner token reaches that organization, which has no settings.
    const foreign = await postXml(SEED_REQUEST, {}, t.other.tokens.partner);
    expect(errorCode(foreign.body)).toBe(1111);
  });

  it('speaks XML whatever it is sent: JSON, no body type, another method', async () => {
    for (const [type, payload] of [
      ['application/json', '{"order": {}}'],
      ['text/plain', SEED_REQUEST],
    ] as const) {
      const wrong = await t.app.inject({
        method: 'POST',
        url: URL_PATH,
        headers: { authorization: `Token ${gym.tokens.partner}`, 'content-type': type },
        payload,
      });
      expect(wrong.headers['content-type'], type).toContain('application/xml');
      expect(errorCode(wrong.body), type).toBe(1001);
      expect(wrong.body, type).toContain('Unsupported Media Type');
    }
    const get = await t.app.inject({ method: 'GET', url: URL_PATH });
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(get.headers['content-type']).toContain('application/xml');
    expect(errorCode(get.body)).toBe(1006);
  });

  it('leaves nothing left to bill: the subscription’s first period was invoiced with the order', async () => {
    await expectNothingLeftToBill(t, '2013-12-24', gym);
  });
});

describe('partner invoices stand on their own', () => {
  it('carry an OCR number whatever the organization’s scheme, and only the order’s lines', async () => {
    const rf = await api('PATCH', '/api/v1/organization/', { payment_reference_scheme: 'rf' });
    expect(rf.statusCode, rf.body).toBe(200);
    t.clock.set('2013-11-21T09:00:00Z');
    // The person already has a charge of their own waiting on their open draft.
    const first = await postXml(request({ pnr: '121212-1212', start: '2013-11-21' }));
    expect(first.statusCode, first.body).toBe(201);
    const order = (await api('GET', `/api/v1/partner-orders/${tag(first.body, 'number')}/`)).json();
    const item = await api('POST', `/api/v1/subscriptions/${order.subscriptions[0]}/rated-items/`, {
      description: 'Towel',
      quantity: '1',
      unit_price: '20.00',
    });
    expect(item.statusCode, item.body).toBe(201);
    await billOn(t, '2013-11-21', gym);

    const xml = request({ pnr: '121212-1212' }).replace(
      '</orderitem>',
      '</orderitem>\n <orderitem>\n  <productnumber>2</productnumber>\n  <startday>2014-01-10</startday>\n  <priceincvat>250000</priceincvat>\n </orderitem>',
    );
    const res = await postXml(xml);
    expect(res.statusCode, res.body).toBe(201);
    expect(isSwedishOcr(tag(res.body, 'ocrnumber')!)).toBe(true);
    // Two subscriptions, each its own first month from its own start day; no towel.
    expect(tag(res.body, 'totalamount')).toBe('500000');
    const latest = (await api('GET', `/api/v1/partner-orders/${tag(res.body, 'number')}/`)).json();
    const invoice = (await api('GET', `/api/v1/invoices/${latest.invoice.uuid}/`)).json();
    expect(invoice.lines.map((l: { period_start: string }) => l.period_start)).toEqual([
      '2013-12-24',
      '2014-01-10',
    ]);
    const open = (await api('GET', `/api/v1/invoice-drafts/?account=${latest.account}&status=draft`)).json()
      .results;
    expect(open.map((d: { lines: { description: string }[] }) => d.lines.map((l) => l.description))).toEqual([
      ['Towel'],
    ]);
    const paid = await api('POST', '/api/v1/payments/', {
      amount: '5000.00',
      reference: invoice.payment_reference,
    });
    expect(paid.statusCode, paid.body).toBe(201);
    expect(paid.json().status).toBe('matched');
  });
});

describe('the order confirmation e-mail', () => {
  it('goes to the person when the partner settings ask for it', async () => {
    const mail = await startMailCatcher();
    const withMail = await createTestApp({
      now: '2013-11-20T09:31:00Z',
      integrations: {
        mailer: mail.mailer,
        mailFrom: 'gym@kassa.test',
        gateways: {},
        publicUrl: 'https://kassa.test',
      },
    });
    try {
      const org = await createTestOrganization(withMail.services, {
        country: 'SE',
        currency: 'SEK',
        timezone: 'Europe/Stockholm',
      });
      const call = (method: 'POST' | 'PUT', url: string, payload: object) =>
        withMail.app.inject({ method, url, headers: authHeaders(org.tokens.full), payload });
      await call('POST', '/api/v1/business-units/', { code: '1', name: 'Anläggning 2' });
      await call('POST', '/api/v1/plans/', { code: 'GYM', name: 'Gym' });
      await call('POST', '/api/v1/plan-terms/', {
        plan: 'GYM',
        code: '2',
        name: 'Gym, månad',
        price: '2000.00',
        interval: 'month',
      });
      await call('PUT', '/api/v1/partner-settings/flexpay/', { products: ['2'], confirmation_email: true });
      const res = await withMail.app.inject({
        method: 'POST',
        url: URL_PATH,
        headers: authHeaders(org.tokens.partner, { 'content-type': 'text/xml' }),
        payload: SEED_REQUEST,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(mail.received.map((m) => [m.subject, m.to && 'text' in m.to ? m.to.text : ''])).toEqual([
        [`Orderbekräftelse ${tag(res.body, 'number')}`, 'tessan@test.com'],
      ]);
      expect(mail.received[0]?.text).toContain('Gym, månad');
      // Unpaid after its due date (4 December, 14 days): dunned from the 7th, but no reminder to the person.
      withMail.clock.set('2013-12-07T10:00:00Z');
      const dunning = await runDunning(withMail.services, org.id);
      expect(dunning).toMatchObject({ overdue: 1, results: ['partner invoice: no reminder to the buyer'] });
      expect(mail.received).toHaveLength(1);
    } finally {
      await withMail.close();
      await mail.close();
    }
  });
});
