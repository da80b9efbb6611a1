import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendAutomaticDrafts } from '../../src/invoices/send-automatic-drafts.ts';
import { billOn, expectNothingLeftToBill, monthlyPlan } from '../support/billing.ts';
import {
  createTestApp,
  createTestOrganization,
  type TestApp,
  type TestOrganization,
} from '../support/test-app.ts';
import { api } from './conformance-cases.ts';

let t: TestApp;
let de: TestOrganization;
let call: ReturnType<typeof api>;

const account = {
  code: 'AMT',
  name: 'Bezirksamt',
  email: 'rechnungen@amt.test',
  legal_address: 'Karl-Marx-Allee 31',
  legal_zipcode: '10178',
  legal_city: 'Berlin',
  legal_country: 'DE',
};

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  de = await createTestOrganization(t.services, {
    country: 'DE',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
  });
  call = api(t, de);
  await monthlyPlan(t, '100', de);
}, 120_000);
afterAll(async () => t.close());

async function draftOf(code: string) {
  const drafts = await call('GET', `/api/v1/invoice-drafts/?account=${code}&status=draft`, undefined, 200);
  return drafts.json().results[0] as { uuid: string; status: string };
}

describe('e-invoice data on the organization and the account', () => {
  it('keeps a checked, normalized electronic address, the references and the format', async () => {
    const created = await call(
      'POST',
      '/api/v1/accounts/',
      {
        ...account,
        electronic_address: ' 0204 : 04011000-1234512345-06 ',
        purchase_order_reference: 'PO-4711',
        einvoice_format: 'xrechnung-ubl',
      },
      201,
    );
    expect(created.json()).toMatchObject({
      electronic_address: '0204:04011000-1234512345-06',
      buyer_reference: null,
      purchase_order_reference: 'PO-4711',
      einvoice_format: 'xrechnung-ubl',
    });
    const settings = await call(
      'PATCH',
      '/api/v1/organization/',
      {
        name: 'Sonnenschein GmbH',
        legal_address: 'Hauptstraße 5\n10115 Berlin',
        vat_number: 'DE123456788',
        email: 'rechnung@sonnenschein.test',
        electronic_address: '9930:DE123456788',
        phone: '+49 30 1234567',
        pay_to: 'IBAN DE89 3704 0044 0532 0130 00',
      },
      200,
    );
    expect(settings.json()).toMatchObject({
      electronic_address: '9930:DE123456788',
      phone: '+49 30 1234567',
    });
  });

  it('refuses an electronic address its scheme does not allow, naming the field and changing nothing', async () => {
    for (const [address, why] of [
      ['0007:5560360794', 'Luhn'],
      ['0088:123', 'GS1 GLN'],
      ['12345678', 'scheme:id'],
      ['0999:1', 'unknown scheme'],
    ]) {
      const res = await call('PATCH', '/api/v1/accounts/AMT/', { electronic_address: address }, 400);
      expect(res.json().errors[0]).toMatchObject({ field: 'electronic_address' });
      expect(res.json().errors[0].message).toContain(why);
    }
    const org = await call('PATCH', '/api/v1/organization/', { electronic_address: '0184:12' }, 400);
    expect(org.json().errors[0].field).toBe('electronic_address');
    const format = await call('PATCH', '/api/v1/accounts/AMT/', { einvoice_format: 'edifact' }, 400);
    expect(format.json().errors[0].field).toBe('einvoice_format');
    const after = (await call('GET', '/api/v1/accounts/AMT/', undefined, 200)).json();
    expect(after.electronic_address).toBe('0204:04011000-1234512345-06');
    expect((await call('GET', '/api/v1/organization/', undefined, 200)).json().electronic_address).toBe(
      '9930:DE123456788',
    );
  });
});

describe('a draft for an account with an e-invoice format', () => {
  it('cannot be sent without what the format needs: the error names the field and the draft stays', async () => {
    await call(
      'POST',
      '/api/v1/subscriptions/',
      { account: 'AMT', terms: 'M', start_date: '2025-01-01' },
      201,
    );
    await billOn(t, '2025-01-01', de);
    const draft = await draftOf('AMT');
    const refused = await call('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`, undefined, 400);
    expect(refused.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'account.buyer_reference', code: 'required' }],
    });
    expect((await draftOf('AMT')).uuid).toBe(draft.uuid);
    expect((await call('GET', '/api/v1/invoices/', undefined, 200)).json().count).toBe(0);
  });

  it("is sent with this invoice's buyer reference, which the XRechnung documents carry", async () => {
    const draft = await draftOf('AMT');
    const sent = await call(
      'POST',
      `/api/v1/invoice-drafts/${draft.uuid}/send/`,
      {
        buyer_reference: '04011000-1234512345-06',
      },
      201,
    );
    expect(sent.json()).toMatchObject({
      buyer_reference: '04011000-1234512345-06',
      purchase_order_reference: 'PO-4711',
    });
    const ubl = await call(
      'GET',
      `/api/v1/invoices/${sent.json().uuid}/einvoice/?format=xrechnung-ubl`,
      undefined,
      200,
    );
    expect(ubl.body).toContain('urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>');
    expect(ubl.body).toContain('<cbc:BuyerReference>04011000-1234512345-06</cbc:BuyerReference>');
    expect(ubl.body).toContain('<cac:OrderReference><cbc:ID>PO-4711</cbc:ID></cac:OrderReference>');
    expect(ubl.body).toContain('<cbc:EndpointID schemeID="0204">04011000-1234512345-06</cbc:EndpointID>');
    expect(ubl.body).toContain('<cbc:Telephone>+49 30 1234567</cbc:Telephone>');
    const cii = await call(
      'GET',
      `/api/v1/invoices/${sent.json().uuid}/einvoice/?format=xrechnung-cii`,
      undefined,
      200,
    );
    expect(cii.body).toContain('<rsm:CrossIndustryInvoice ');
    expect(cii.body).toContain('<ram:BuyerReference>04011000-1234512345-06</ram:BuyerReference>');
    expect(cii.body).toContain('<ram:IBANID>DE89370400440532013000</ram:IBANID>');
  });

  it('is held, not sent, by automatic sending, with what it lacks', async () => {
    await call(
      'POST',
      '/api/v1/accounts/',
      {
        ...account,
        code: 'AUTO',
        einvoice_format: 'xrechnung-cii',
        send_drafts: 'automatic',
      },
      201,
    );
    await call(
      'POST',
      '/api/v1/subscriptions/',
      { account: 'AUTO', terms: 'M', start_date: '2025-01-01' },
      201,
    );
    await billOn(t, '2025-01-01', de);
    const draft = await draftOf('AUTO');
    const result = await sendAutomaticDrafts(t.services, de);
    expect(result.held).toEqual([expect.stringContaining('the buyer reference (BT-10')]);
    expect((await draftOf('AUTO')).uuid).toBe(draft.uuid);
    await expectNothingLeftToBill(t, '2025-01-01', de);
  });

  it('XRechnung names every missing field of an invoice issued without them', async () => {
    const dk = api(t, t.org);
    await dk(
      'POST',
      '/api/v1/accounts/',
      { code: 'BARE', name: 'Bare', email: 'bare@example.com', legal_country: 'DK' },
      201,
    );
    await monthlyPlan(t, '10');
    await dk(
      'POST',
      '/api/v1/subscriptions/',
      { account: 'BARE', terms: 'M', start_date: '2025-01-01' },
      201,
    );
    await billOn(t, '2025-01-01');
    const drafts = (await dk('GET', '/api/v1/invoice-drafts/?account=BARE', undefined, 200)).json();
    const invoice = (
      await dk('POST', `/api/v1/invoice-drafts/${drafts.results[0].uuid}/send/`, undefined, 201)
    ).json();
    const res = await dk(
      'GET',
      `/api/v1/invoices/${invoice.uuid}/einvoice/?format=xrechnung-cii`,
      undefined,
      400,
    );
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual([
      'account.buyer_reference',
      'account.legal_city',
      'account.legal_zipcode',
      'organization.electronic_address',
      'organization.email',
      'organization.legal_address',
      'organization.pay_to',
      'organization.phone',
    ]);
  });
});
