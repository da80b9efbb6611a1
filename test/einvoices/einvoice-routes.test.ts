import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, monthlyPlan } from '../support/billing.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { api } from './conformance-cases.ts';

let t: TestApp;
let call: ReturnType<typeof api>;
let invoice: { uuid: string; number: string; lines: { uuid: string }[] };
let personInvoice: { uuid: string };
let creditNote: { uuid: string; number: string };

async function sendDraftOf(account: string) {
  const drafts = (
    await call('GET', `/api/v1/invoice-drafts/?account=${account}&status=draft`, undefined, 200)
  ).json();
  return (
    await call('POST', `/api/v1/invoice-drafts/${drafts.results[0].uuid}/send/`, undefined, 201)
  ).json();
}

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  call = api(t, t.org);
  await call(
    'PATCH',
    '/api/v1/organization/',
    {
      name: 'Nordlys ApS',
      legal_address: 'Vestergade 1\n1456 København K',
      vat_number: 'DK12345674',
      pay_to: 'IBAN DK50 0040 0440 1162 43',
    },
    200,
  );
  await monthlyPlan(t, '100');
  for (const [code, type, vat] of [
    ['B2B', 'company', 'DK87654311'],
    ['PERSON', 'person', null],
  ] as const) {
    await call(
      'POST',
      '/api/v1/accounts/',
      {
        code,
        name: `Kunde ${code}`,
        email: `${code.toLowerCase()}@example.com`,
        type,
        legal_country: 'DK',
        ...(vat ? { vat_number: vat } : {}),
      },
      201,
    );
    await call(
      'POST',
      '/api/v1/subscriptions/',
      { account: code, terms: 'M', start_date: '2025-01-01' },
      201,
    );
  }
  await billOn(t, '2025-01-01');
  invoice = await sendDraftOf('B2B');
  personInvoice = await sendDraftOf('PERSON');
  creditNote = (await call('POST', `/api/v1/invoices/${invoice.uuid}/credit-notes/`, undefined, 201)).json();
}, 120_000);
afterAll(async () => t.close());

describe('GET /invoices/{id}/einvoice/', () => {
  it('answers the invoice as Peppol BIS Billing 3.0 UBL, Peppol being the default', async () => {
    const res = await call('GET', `/api/v1/invoices/${invoice.uuid}/einvoice/`, undefined, 200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="invoice-${invoice.number}.peppol-bis.xml"`,
    );
    expect(res.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Invoice /);
    expect(res.body).toContain('urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>');
    expect(res.body).toContain('<cbc:EndpointID schemeID="0184">87654311</cbc:EndpointID>');
    expect(res.body).toContain('<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>');
    expect(res.body).toContain('<cbc:PayableAmount currencyID="DKK">125.00</cbc:PayableAmount>');
  });

  it('answers a credit note as a UBL CreditNote that refers to the invoice it credits', async () => {
    const res = await call(
      'GET',
      `/api/v1/credit-notes/${creditNote.uuid}/einvoice/?format=peppol-bis`,
      undefined,
      200,
    );
    expect(res.body).toContain('<CreditNote ');
    expect(res.body).toContain(
      `<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>${invoice.number}</cbc:ID><cbc:IssueDate>2025-01-01</cbc:IssueDate>`,
    );
    expect(res.body).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
  });

  it('answers ZUGFeRD as a PDF named for the invoice', async () => {
    const res = await call(
      'GET',
      `/api/v1/invoices/${invoice.uuid}/einvoice/?format=zugferd`,
      undefined,
      200,
    );
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="invoice-${invoice.number}.zugferd.pdf"`,
    );
    expect(res.rawPayload.subarray(0, 8).toString()).toBe('%PDF-1.7');
  });

  it('names the missing field when the format needs data the document lacks', async () => {
    const res = await call('GET', `/api/v1/invoices/${personInvoice.uuid}/einvoice/`, undefined, 400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'account.electronic_address', code: 'required' }],
    });
  });

  it('refuses an unknown format, naming the parameter', async () => {
    const res = await call('GET', `/api/v1/invoices/${invoice.uuid}/einvoice/?format=pdf`, undefined, 400);
    expect(res.json().errors[0].field).toBe('query.format');
  });

  it('does not mix invoices and credit notes, nor organizations; needs a token with read access', async () => {
    await call('GET', `/api/v1/invoices/${creditNote.uuid}/einvoice/`, undefined, 404);
    await call('GET', `/api/v1/credit-notes/${invoice.uuid}/einvoice/`, undefined, 404);
    const foreign = await api(t, t.other)('GET', `/api/v1/invoices/${invoice.uuid}/einvoice/`);
    expect(foreign.statusCode).toBe(404);
    const anonymous = await t.app.inject({ url: `/api/v1/invoices/${invoice.uuid}/einvoice/` });
    expect(anonymous.statusCode).toBe(401);
    const partner = await t.app.inject({
      url: `/api/v1/invoices/${invoice.uuid}/einvoice/`,
      headers: { authorization: `Token ${t.org.tokens.partner}` },
    });
    expect(partner.statusCode).toBe(403);
  });

  it('is described in the OpenAPI document with its formats', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/invoices/{id}/einvoice'].get;
    expect(op.operationId).toBe('getInvoiceEInvoice');
    expect(op.responses['200'].content['application/xml']).toBeDefined();
    expect(op.parameters.find((p: { name: string }) => p.name === 'format').schema.enum).toContain(
      'peppol-bis',
    );
  });
});
