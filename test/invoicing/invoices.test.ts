import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { danishFik71, isPaymentReference } from '../../src/domain/payment-references.ts';
import { billOn, draftsOf, expectNothingLeftToBill } from '../support/billing.ts';
import { startMailCatcher } from '../support/mail-catcher.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
const call = (method: 'POST' | 'DELETE' | 'GET' | 'PATCH', url: string, payload?: object, token?: string) =>
  t.app.inject({
    method,
    url,
    headers: authHeaders(token ?? t.org.tokens.full),
    ...(payload ? { payload } : {}),
  });

async function sendDraftOf(account: string) {
  const drafts = await call('GET', `/api/v1/invoice-drafts/?account=${account}&status=draft`);
  const [draft] = drafts.json().results;
  const res = await call('POST', `/api/v1/invoice-drafts/${draft!.uuid}/send/`);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTestApp({
    now: '2025-01-01T08:00:00Z',
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'billing@kassa.test',
      gateways: {},
      publicUrl: 'https://kassa.test',
    },
  });
  const settings = await call('PATCH', '/api/v1/organization/', {
    name: 'Nordlys ApS',
    legal_address: 'Vestergade 1\n1456 København K',
    vat_number: 'DK12345674',
    email: 'faktura@nordlys.test',
    pay_to: 'FI creditor 85123456',
    payment_reference_scheme: 'dk_fik71',
    payment_terms_days: 14,
  });
  expect(settings.statusCode, settings.body).toBe(200);
  await call('POST', '/api/v1/plans/', { code: 'P', name: 'Plan' });
  await call('POST', '/api/v1/plan-terms/', {
    plan: 'P',
    code: 'M',
    name: 'Monthly',
    price: '200',
    interval: 'month',
  });
  for (const code of ['A1', 'A2', 'A3']) {
    await call('POST', '/api/v1/accounts/', {
      code,
      name: `Kunde ${code}`,
      email: `${code.toLowerCase()}@example.com`,
      legal_address: 'Nørregade 2',
      legal_zipcode: '8000',
      legal_city: 'Aarhus',
      legal_country: 'DK',
    });
    await call('POST', '/api/v1/subscriptions/', { account: code, terms: 'M', start_date: '2025-01-01' });
  }
  await billOn(t, '2025-01-01');
});
afterAll(async () => {
  await t.close();
  await mail.close();
});

describe('sending a draft', () => {
  it('numbers it, dates it, gives it a payment reference and e-mails its PDF', async () => {
    const invoice = await sendDraftOf('A1');
    expect(invoice).toMatchObject({
      number: '2025-000001',
      status: 'open',
      issue_date: '2025-01-01',
      due_date: '2025-01-15',
      total_ex_vat: '200.00',
      total_vat: '50.00',
      total: '250.00',
      balance: '250.00',
      payment_reference_scheme: 'dk_fik71',
      collection_method: 'invoice',
    });
    expect(isPaymentReference('dk_fik71', invoice.payment_reference)).toBe(true);
    expect(invoice.emailed_date).not.toBeNull();
    const arrived = mail.received.find((m) => m.subject?.includes('2025-000001'));
    expect(arrived?.subject).toBe('Faktura 2025-000001 fra Nordlys ApS');
    expect(arrived?.to && 'text' in arrived.to ? arrived.to.text : '').toBe('a1@example.com');
    expect(arrived?.text).toContain(invoice.payment_reference);
    const pdf = arrived?.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).toBe('invoice-2025-000001.pdf');
    expect(pdf?.content.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('never sends a draft twice, nor one of another organization', async () => {
    const [sent] = await draftsOf(t, 'A1');
    const again = await call('POST', `/api/v1/invoice-drafts/${sent!.uuid}/send/`);
    expect(again.statusCode).toBe(409);
    const foreign = await call(
      'POST',
      `/api/v1/invoice-drafts/${sent!.uuid}/send/`,
      undefined,
      t.other.tokens.full,
    );
    expect(foreign.statusCode).toBe(404);
    const readOnly = await call(
      'POST',
      `/api/v1/invoice-drafts/${sent!.uuid}/send/`,
      undefined,
      t.org.tokens.read,
    );
    expect(readOnly.statusCode).toBe(403);
    const list = await call('GET', '/api/v1/invoices/?created_date__gte=2025-01-01');
    expect(list.json().results.map((i: { number: string }) => i.number)).toEqual(['2025-000001']);
    expect((await call('GET', '/api/v1/invoices/', undefined, t.other.tokens.full)).json().results).toEqual(
      [],
    );
  });

  it('serves the PDF through a download link for 15 minutes, then answers 410', async () => {
    const [invoice] = (await call('GET', '/api/v1/invoices/?account=A1')).json().results;
    const link = await call('POST', `/api/v1/invoices/${invoice.uuid}/download-link/`);
    expect(link.statusCode, link.body).toBe(201);
    const path = link.json().url.replace('https://kassa.test', '');
    const pdf = await t.app.inject({ url: path });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const tampered = await t.app.inject({ url: `${path.slice(0, -3)}abc` });
    expect(tampered.statusCode).toBe(404);
    t.clock.advance(15 * 60_000 + 1000);
    const expired = await t.app.inject({ url: path });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe('link_expired');
  });
});

describe('payments', () => {
  it('matches by reference: partial, then the rest and more, which becomes credit used by the next invoice', async () => {
    const [invoice] = (await call('GET', '/api/v1/invoices/?account=A1')).json().results;
    const part = await call('POST', '/api/v1/payments/', {
      amount: '100.00',
      reference: invoice.payment_reference,
    });
    expect(part.statusCode, part.body).toBe(201);
    expect(part.json()).toMatchObject({
      status: 'matched',
      allocations: [{ invoice: invoice.uuid, amount: '100.00' }],
    });
    expect((await call('GET', `/api/v1/invoices/${invoice.uuid}/`)).json()).toMatchObject({
      status: 'partially_paid',
      paid: '100.00',
      balance: '150.00',
    });
    const rest = await call('POST', '/api/v1/payments/', { amount: '170.00', invoice: invoice.number });
    expect(rest.json().allocations).toEqual([{ invoice: invoice.uuid, amount: '150.00' }]);
    expect((await call('GET', `/api/v1/invoices/${invoice.uuid}/`)).json()).toMatchObject({
      status: 'paid',
      balance: '0.00',
    });
    const credit = await call('GET', '/api/v1/accounts/A1/credit/');
    expect(credit.json()).toMatchObject({
      balances: [{ currency: 'DKK', amount: '20.00' }],
      entries: [{ amount: '20.00' }],
    });
    await billOn(t, '2025-02-01');
    const next = await sendDraftOf('A1');
    expect(next).toMatchObject({ number: '2025-000002', total: '250.00', paid: '20.00', balance: '230.00' });
    expect(next.status).toBe('partially_paid');
    const used = await call('GET', '/api/v1/accounts/A1/credit/');
    expect(used.json().balances).toEqual([{ currency: 'DKK', amount: '0.00' }]);
    expect(used.json().entries.map((e: { amount: string }) => e.amount)).toEqual(['-20.00', '20.00']);
    expect(
      (await call('GET', '/api/v1/accounts/A1/credit/', undefined, t.other.tokens.full)).statusCode,
    ).toBe(404);
  });

  it('takes a payment sent again under its external_id once, and refuses the id for another payment', async () => {
    const payload = { amount: '5.00', reference: danishFik71('555')!, external_id: 'BANK-1' };
    const first = await call('POST', '/api/v1/payments/', payload);
    const again = await call('POST', '/api/v1/payments/', payload);
    expect(again.statusCode).toBe(201);
    expect(again.json().uuid).toBe(first.json().uuid);
    const other = await call('POST', '/api/v1/payments/', { ...payload, amount: '6.00' });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('external_id_reused');
  });

  it('refuses a reference with a wrong check digit and keeps an unknown one unmatched', async () => {
    const valid = danishFik71('00000000000001')!;
    const wrongDigit = `${valid.slice(0, -1)}${(Number(valid.at(-1)) + 1) % 10}`;
    const bad = await call('POST', '/api/v1/payments/', { amount: '1.00', reference: wrongDigit });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('reference');
    const unknown = await call('POST', '/api/v1/payments/', {
      amount: '1.00',
      reference: danishFik71('99999')!,
    });
    expect(unknown.statusCode, unknown.body).toBe(201);
    expect(unknown.json()).toMatchObject({ status: 'unmatched', allocations: [] });
    const listed = await call('GET', '/api/v1/payments/?status=unmatched');
    expect(listed.json().results.map((p: { uuid: string }) => p.uuid)).toContain(unknown.json().uuid);
  });
});

describe('credit notes', () => {
  it('credit part of a line, then the rest of the invoice, never more', async () => {
    // January and February: billed on both days before this draft is sent.
    const invoice = await sendDraftOf('A2');
    expect(invoice.total).toBe('500.00');
    const line = invoice.lines[0];
    const part = await call('POST', `/api/v1/invoices/${invoice.uuid}/credit-notes/`, {
      lines: [{ line: line.uuid, amount: '50.00' }],
    });
    expect(part.statusCode, part.body).toBe(201);
    expect(part.json()).toMatchObject({
      number: 'CN-2025-000001',
      invoice: invoice.uuid,
      total_ex_vat: '50.00',
      total_vat: '12.50',
      total: '62.50',
    });
    const tooMuch = await call('POST', `/api/v1/invoices/${invoice.uuid}/credit-notes/`, {
      lines: [{ line: line.uuid, amount: '150.01' }],
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().errors[0].field).toBe('lines.0.amount');
    const rest = await call('POST', `/api/v1/invoices/${invoice.uuid}/credit-notes/`);
    expect(rest.json()).toMatchObject({ number: 'CN-2025-000002', total_ex_vat: '350.00', total: '437.50' });
    expect((await call('GET', `/api/v1/invoices/${invoice.uuid}/`)).json()).toMatchObject({
      status: 'credited',
      credited: '500.00',
      balance: '0.00',
    });
    const nothing = await call('POST', `/api/v1/invoices/${invoice.uuid}/credit-notes/`);
    expect(nothing.statusCode).toBe(400);
    const notes = await call('GET', '/api/v1/credit-notes/?account=A2');
    expect(notes.json().results).toHaveLength(2);
    expect(mail.received.some((m) => m.subject === 'Kreditnota CN-2025-000002 fra Nordlys ApS')).toBe(true);
  });

  it('leaves nothing left to bill', async () => {
    await expectNothingLeftToBill(t, '2025-02-01');
  });
});
