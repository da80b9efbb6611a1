import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn } from '../support/billing.ts';
import { pdfPages } from '../support/pdf-text.ts';
import { authHeaders, createTestApp, type TestApp, type TestOrganization } from '../support/test-app.ts';
import { type api, germanSeller } from './conformance-cases.ts';

let t: TestApp;
let seller: TestOrganization;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-10T08:00:00Z' });
  ({ org: seller, call } = await germanSeller(t, '49.00'));
}, 120_000);
afterAll(async () => t.close());

const patch = (token: string | null, payload: object) =>
  t.app.inject({
    method: 'PATCH',
    url: '/api/v1/organization/',
    headers: token ? authHeaders(token) : {},
    payload,
  });

describe("the organization's VAT settings for categories K and E", () => {
  it('keeps what is sold to EU businesses and why its supplies are exempt', async () => {
    const before = (await call('GET', '/api/v1/organization/', undefined, 200)).json();
    expect(before).toMatchObject({
      eu_supplies: 'services',
      vat_exemption_reason: null,
      vat_exemption_code: null,
    });
    const changed = await patch(seller.tokens.full, {
      eu_supplies: 'goods',
      vat_exemption_reason: 'Steuerfreie Unterrichtsleistung nach § 4 Nr. 21 UStG',
      vat_exemption_code: 'VATEX-EU-132-1I',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      eu_supplies: 'goods',
      vat_exemption_reason: 'Steuerfreie Unterrichtsleistung nach § 4 Nr. 21 UStG',
      vat_exemption_code: 'VATEX-EU-132-1I',
    });
    const cleared = await patch(seller.tokens.full, {
      eu_supplies: 'services',
      vat_exemption_reason: null,
      vat_exemption_code: null,
    });
    expect(cleared.json()).toMatchObject({ eu_supplies: 'services', vat_exemption_reason: null });
  });

  it.each([
    [{ eu_supplies: 'food' }, 'eu_supplies'],
    [{ vat_exemption_code: 'VATEX-EU-AE' }, 'vat_exemption_code'],
    [{ vat_exemption_code: 'VATEX-EU-132-1I' }, 'vat_exemption_reason'],
    [{ vat_exemption_reason: 'x'.repeat(301) }, 'vat_exemption_reason'],
  ])('refuses %j, naming the field and changing nothing', async (payload, field) => {
    const res = await patch(seller.tokens.full, { ...payload, name: 'Changed GmbH' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    const now = (await call('GET', '/api/v1/organization/', undefined, 200)).json();
    expect(now).toMatchObject({
      name: 'Sonnenschein GmbH',
      vat_exemption_code: null,
      eu_supplies: 'services',
    });
  });

  it('may be changed only with a full token of the organization itself', async () => {
    expect((await patch(null, { eu_supplies: 'goods' })).statusCode).toBe(401);
    expect((await patch(seller.tokens.read, { eu_supplies: 'goods' })).statusCode).toBe(403);
    const other = await patch(t.other.tokens.full, { eu_supplies: 'goods' });
    expect(other.statusCode).toBe(200);
    const mine = (await call('GET', '/api/v1/organization/', undefined, 200)).json();
    expect(mine.eu_supplies).toBe('services');
    await patch(t.other.tokens.full, { eu_supplies: 'services' });
  });
});

describe('an issued document', () => {
  it('is an intra-community supply (K) for goods and keeps it when the setting changes; exempt lines are E', async () => {
    await patch(seller.tokens.full, {
      eu_supplies: 'goods',
      vat_exemption_reason: 'Steuerfreie Unterrichtsleistung nach § 4 Nr. 21 UStG',
      vat_exemption_code: 'VATEX-EU-132-1I',
    });
    await call(
      'POST',
      '/api/v1/tax-categories/',
      { code: 'EXEMPT', name: 'Unterricht', rates: { DE: '0' } },
      201,
    );
    for (const [code, country, vat] of [
      ['KBH', 'DK', 'DK87654311'],
      ['HH', 'DE', 'DE987654328'],
    ] as const) {
      await call(
        'POST',
        '/api/v1/accounts/',
        {
          code,
          name: `${code} GmbH`,
          email: `${code.toLowerCase()}@example.com`,
          type: 'company',
          language: 'en',
          legal_address: 'Street 1',
          legal_zipcode: '1650',
          legal_city: 'City',
          legal_country: country,
          vat_number: vat,
        },
        201,
      );
      await call(
        'POST',
        '/api/v1/subscriptions/',
        { account: code, terms: 'M', start_date: '2025-01-10' },
        201,
      );
    }
    await billOn(t, '2025-01-10', seller);
    const send = async (code: string, lines: object[] = []) => {
      const drafts = (
        await call('GET', `/api/v1/invoice-drafts/?account=${code}&status=draft`, undefined, 200)
      ).json();
      for (const line of lines)
        await call('POST', `/api/v1/invoice-drafts/${drafts.results[0].uuid}/lines/`, line, 201);
      return (
        await call('POST', `/api/v1/invoice-drafts/${drafts.results[0].uuid}/send/`, undefined, 201)
      ).json();
    };
    const supply = await send('KBH');
    const exempt = await send('HH', [
      { description: 'Lessons', quantity: '10', unit_price: '45', tax_category: 'EXEMPT' },
    ]);
    // Back to services and no exemption: what was issued stays as it was issued.
    await patch(seller.tokens.full, {
      eu_supplies: 'services',
      vat_exemption_reason: null,
      vat_exemption_code: null,
    });

    const xml = async (uuid: string) =>
      (await call('GET', `/api/v1/invoices/${uuid}/einvoice/?format=peppol-bis`, undefined, 200)).body;
    const pdfText = async (uuid: string) => {
      const res = await call('GET', `/api/v1/invoices/${uuid}/einvoice/?format=zugferd`, undefined, 200);
      return (await pdfPages(res.rawPayload)).join(' ').replace(/\s+/g, ' ');
    };
    const k = await xml(supply.uuid);
    expect(k).toContain('<cbc:ID>K</cbc:ID>');
    expect(k).toContain('VATEX-EU-IC');
    expect(k).toContain(
      '<cac:Delivery><cac:DeliveryLocation><cac:Address><cbc:StreetName>Street 1</cbc:StreetName><cbc:CityName>City</cbc:CityName><cbc:PostalZone>1650</cbc:PostalZone><cac:Country><cbc:IdentificationCode>DK<',
    );
    expect(k).not.toContain('VATEX-EU-AE');
    expect(await pdfText(supply.uuid)).toContain('Intra-community supply of goods, exempt under Art. 138');

    const e = await xml(exempt.uuid);
    expect(e).toContain('<cbc:ID>E</cbc:ID>');
    expect(e).toContain('<cbc:TaxExemptionReasonCode>VATEX-EU-132-1I</cbc:TaxExemptionReasonCode>');
    expect(e).toContain('<cbc:ID>S</cbc:ID>');
    expect(e).not.toContain('<cac:Delivery>');
    expect(await pdfText(exempt.uuid)).toContain(
      'Exempt from VAT: Steuerfreie Unterrichtsleistung nach § 4 Nr. 21 UStG',
    );

    // Issued now, the same sale to a Danish business is reverse charge again.
    await billOn(t, '2025-02-10', seller);
    expect(await xml((await send('KBH')).uuid)).toContain('VATEX-EU-AE');
  }, 120_000);
});
