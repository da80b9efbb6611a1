import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { billOn, monthlyPlan } from '../support/billing.ts';
import {
  authHeaders,
  createTestOrganization,
  type TestApp,
  type TestOrganization,
} from '../support/test-app.ts';

export interface IssuedDocument {
  name: string;
  org: TestOrganization;
  /** The formats the case is written in (every case in Peppol BIS). */
  formats: string[];
  kind: 'invoice' | 'credit_note';
  uuid: string;
  /** The document as the API shows it (its totals are the PDF's). */
  view: { number: string; total: string; total_vat: string; total_ex_vat: string; balance?: string };
}

type Method = 'POST' | 'GET' | 'PATCH' | 'PUT';

export function api(t: TestApp, org: TestOrganization) {
  return async (method: Method, url: string, payload?: object, expected?: number) => {
    const res = await t.app.inject({
      method,
      url,
      headers: authHeaders(org.tokens.full),
      ...(payload ? { payload } : {}),
    });
    if (expected !== undefined) expect(res.statusCode, res.body).toBe(expected);
    return res;
  };
}

/** Bills an account's subscription on `day`, adds manual lines, and sends its draft. */
async function issue(
  t: TestApp,
  org: TestOrganization,
  account: string,
  manualLines: { description: string; quantity: string; unit_price: string; tax_category?: string }[] = [],
) {
  const call = api(t, org);
  const drafts = (
    await call('GET', `/api/v1/invoice-drafts/?account=${account}&status=draft`, undefined, 200)
  ).json();
  const draft = drafts.results[0];
  for (const line of manualLines)
    await call('POST', `/api/v1/invoice-drafts/${draft.uuid}/lines/`, line, 201);
  return (await call('POST', `/api/v1/invoice-drafts/${draft.uuid}/send/`, undefined, 201)).json();
}

/**
 * The conformance cases of issue 19, issued through the API on the test app's two organizations:
 * a Danish seller (domestic 25 %, EU reverse charge, export, a contract tier discount, many lines
 * with rounding and a zero-rated line, a partial credit note) and a Swedish one (25, 12 and 6 %).
 */
export async function issueConformanceCases(t: TestApp): Promise<IssuedDocument[]> {
  const dk = api(t, t.org);
  const se = api(t, t.other);
  await dk(
    'PATCH',
    '/api/v1/organization/',
    {
      name: 'Nordlys ApS',
      legal_address: 'Vestergade 1\n1456 København K',
      vat_number: 'DK12345674',
      organization_number: '12345674',
      email: 'faktura@nordlys.test',
      pay_to: 'FI creditor 85123456',
      payment_reference_scheme: 'dk_fik71',
    },
    200,
  );
  await se(
    'PATCH',
    '/api/v1/organization/',
    {
      name: 'Norrsken AB',
      legal_address: 'Storgatan 1\n111 22 Stockholm',
      vat_number: 'SE556036079301',
      organization_number: '556036-0793',
      email: 'faktura@norrsken.test',
      pay_to: 'Bankgiro 5050-1055',
      payment_reference_scheme: 'se_ocr',
    },
    200,
  );
  await monthlyPlan(t, '199.90');
  await monthlyPlan(t, '1000', t.other);
  await dk('POST', '/api/v1/tax-categories/', { code: 'ZERO', name: 'Zero rated', rates: { DK: '0' } }, 201);
  await se('POST', '/api/v1/tax-categories/', { code: 'FOOD', name: 'Livsmedel', rates: { SE: '12' } }, 201);
  await se('POST', '/api/v1/tax-categories/', { code: 'BOOK', name: 'Böcker', rates: { SE: '6' } }, 201);

  const accounts: [typeof dk, string, object][] = [
    [
      dk,
      'DK-B2B',
      {
        legal_address: 'Nørregade 2',
        legal_zipcode: '8000',
        legal_city: 'Aarhus',
        legal_country: 'DK',
        vat_number: 'DK87654311',
      },
    ],
    [
      dk,
      'DE-B2B',
      {
        legal_address: 'Friedrichstraße 10',
        legal_zipcode: '10117',
        legal_city: 'Berlin',
        legal_country: 'DE',
        vat_number: 'DE123456788',
        language: 'de',
      },
    ],
    [
      dk,
      'NO-EXPORT',
      {
        legal_address: 'Karl Johans gate 5',
        legal_zipcode: '0154',
        legal_city: 'Oslo',
        legal_country: 'NO',
        vat_number: 'NO923609016MVA',
      },
    ],
    [
      dk,
      'DK-TIER',
      {
        legal_address: 'Algade 9',
        legal_zipcode: '4000',
        legal_city: 'Roskilde',
        legal_country: 'DK',
        vat_number: 'DK11223346',
      },
    ],
    [
      dk,
      'DK-MANY',
      {
        legal_address: 'Strandvejen 100',
        legal_zipcode: '2900',
        legal_city: 'Hellerup',
        legal_country: 'DK',
        vat_number: 'DK55667780',
      },
    ],
    [
      se,
      'SE-B2B',
      {
        legal_address: 'Kungsgatan 3',
        legal_zipcode: '411 19',
        legal_city: 'Göteborg',
        legal_country: 'SE',
        vat_number: 'SE556703170201',
        language: 'sv',
      },
    ],
  ];
  for (const [call, code, fields] of accounts)
    await call(
      'POST',
      '/api/v1/accounts/',
      { code, name: `${code} Kunde`, email: `${code.toLowerCase()}@example.com`, type: 'company', ...fields },
      201,
    );

  const contract = (
    await dk(
      'POST',
      '/api/v1/accounts/DK-TIER/contracts/',
      { plan_terms: 'M', start_date: '2025-01-01', end_date: '2025-12-31' },
      201,
    )
  ).json();
  await dk(
    'POST',
    `/api/v1/accounts/DK-TIER/contracts/${contract.uuid}/tiers/`,
    { minimum_quantity: 10, discount: '15.00', discount_type: 'percentage' },
    201,
  );
  for (const [code, quantity, start] of [
    ['DK-B2B', 1, '2025-01-01'],
    ['DE-B2B', 2, '2025-01-01'],
    ['NO-EXPORT', 1, '2025-01-01'],
    ['DK-TIER', 12, '2025-01-01'],
    ['DK-MANY', 3, '2025-01-10'],
  ] as const)
    await dk(
      'POST',
      '/api/v1/subscriptions/',
      { account: code, terms: 'M', quantity, start_date: start },
      201,
    );
  await se(
    'POST',
    '/api/v1/subscriptions/',
    { account: 'SE-B2B', terms: 'M', start_date: '2025-01-01' },
    201,
  );
  await billOn(t, '2025-01-10');
  await billOn(t, '2025-01-10', t.other);

  const documents: IssuedDocument[] = [];
  const invoice = (name: string, view: IssuedDocument['view'] & { uuid: string }, org = t.org) =>
    documents.push({ name, org, formats: ['peppol-bis'], kind: 'invoice', uuid: view.uuid, view });
  const domestic = await issue(t, t.org, 'DK-B2B');
  invoice('dk-domestic-25', domestic);
  invoice('eu-reverse-charge', await issue(t, t.org, 'DE-B2B'));
  invoice('zero-rated-export', await issue(t, t.org, 'NO-EXPORT'));
  invoice('tier-discount', await issue(t, t.org, 'DK-TIER'));
  const manyLines = Array.from({ length: 40 }, (_, i) => ({
    description: `Ydelse ${i + 1} – "særlig" <pris> & rabat`,
    quantity: String((i % 7) + 1),
    unit_price: (((i * 37) % 1000) / 7 + 0.013).toFixed(3),
    ...(i % 5 === 0 ? { tax_category: 'ZERO' } : {}),
  }));
  invoice('many-lines-rounding', await issue(t, t.org, 'DK-MANY', manyLines));
  invoice(
    'se-25-12-6',
    await issue(t, t.other, 'SE-B2B', [
      { description: 'Fika', quantity: '3', unit_price: '45.50', tax_category: 'FOOD' },
      { description: 'Handbok', quantity: '1', unit_price: '299', tax_category: 'BOOK' },
    ]),
    t.other,
  );
  const firstLine = domestic.lines[0].uuid;
  const credit = (
    await dk(
      'POST',
      `/api/v1/invoices/${domestic.uuid}/credit-notes/`,
      { lines: [{ line: firstLine, amount: '50.00' }] },
      201,
    )
  ).json();
  documents.push({
    name: 'partial-credit-note',
    org: t.org,
    formats: ['peppol-bis'],
    kind: 'credit_note',
    uuid: credit.uuid,
    view: credit,
  });
  documents.push(...(await germanCases(t)), ...(await supplyCases(t)), await flexpayCase(t));
  return documents;
}

/**
 * A partner (Flexpay) order of seed 001: the gym's invoice to the member, issued at once. A person has
 * no Peppol participant id, so the case is written as ZUGFeRD only (the CEN rules).
 */
async function flexpayCase(t: TestApp): Promise<IssuedDocument> {
  const gym = await createTestOrganization(t.services, {
    country: 'SE',
    currency: 'SEK',
    timezone: 'Europe/Stockholm',
  });
  const call = api(t, gym);
  await call(
    'PATCH',
    '/api/v1/organization/',
    {
      name: 'Friskis Gym AB',
      legal_address: 'Sveavägen 1\n111 57 Stockholm',
      vat_number: 'SE556036079301',
      organization_number: '556036-0793',
      pay_to: 'Bankgiro 5050-1055',
      payment_reference_scheme: 'se_ocr',
    },
    200,
  );
  await call('POST', '/api/v1/business-units/', { code: '1', name: 'Anläggning 2' }, 201);
  await call('POST', '/api/v1/plans/', { code: 'GYM', name: 'Gym' }, 201);
  const terms = { plan: 'GYM', code: '2', name: 'Gym, månad', price: '2000.00', interval: 'month' };
  await call('POST', '/api/v1/plan-terms/', { ...terms, business_units: ['1'] }, 201);
  await call('PUT', '/api/v1/partner-settings/flexpay/', { products: ['2'], payment_terms_days: 10 }, 200);
  const seed = readFileSync(
    new URL('../fixtures/partner/createflexpayorder-request.xml', import.meta.url),
    'utf8',
  );
  const ordered = await t.app.inject({
    method: 'POST',
    url: '/webservice/partnerorders/createflexpayorder',
    headers: authHeaders(gym.tokens.partner, { 'content-type': 'application/xml' }),
    payload: seed.replace('<startday>2013-12-24</startday>', '<startday>2025-01-10</startday>'),
  });
  expect(ordered.statusCode, ordered.body).toBe(201);
  const [invoice] = (await call('GET', '/api/v1/invoices/', undefined, 200)).json().results;
  return {
    name: 'flexpay-partner',
    org: gym,
    formats: [],
    kind: 'invoice',
    uuid: invoice.uuid,
    view: invoice,
  };
}

/** A German seller with what XRechnung needs of it, selling monthly plan terms M at `price`. */
export async function germanSeller(t: TestApp, price: string) {
  const org = await createTestOrganization(t.services, {
    country: 'DE',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
  });
  const call = api(t, org);
  await call(
    'PATCH',
    '/api/v1/organization/',
    {
      name: 'Sonnenschein GmbH',
      legal_address: 'Hauptstraße 5\n10115 Berlin',
      vat_number: 'DE123456788',
      email: 'rechnung@sonnenschein.test',
      phone: '+49 30 1234567',
      pay_to: 'IBAN DE89 3704 0044 0532 0130 00',
      payment_reference_scheme: 'rf',
    },
    200,
  );
  await monthlyPlan(t, price, org);
  return { org, call };
}

/** A German seller invoicing a public buyer with a Leitweg-ID (XRechnung in UBL and CII), and crediting it. */
async function germanCases(t: TestApp): Promise<IssuedDocument[]> {
  const { org, call: de } = await germanSeller(t, '89.99');
  await de(
    'POST',
    '/api/v1/accounts/',
    {
      code: 'BERLIN',
      name: 'Bezirksamt Mitte von Berlin',
      email: 'rechnungen@ba-mitte.test',
      type: 'company',
      legal_address: 'Karl-Marx-Allee 31',
      legal_zipcode: '10178',
      legal_city: 'Berlin',
      legal_country: 'DE',
      electronic_address: '0204:04011000-1234512345-06',
      buyer_reference: '04011000-1234512345-06',
      einvoice_format: 'xrechnung-cii',
    },
    201,
  );
  await de(
    'POST',
    '/api/v1/subscriptions/',
    { account: 'BERLIN', terms: 'M', quantity: 3, start_date: '2025-01-10' },
    201,
  );
  // An Austrian business with a VAT number: reverse charge (AE), in XRechnung too.
  await de(
    'POST',
    '/api/v1/accounts/',
    {
      code: 'WIEN',
      name: 'Donau Handel GmbH',
      email: 'buchhaltung@donau.test',
      type: 'company',
      legal_address: 'Mariahilfer Straße 1',
      legal_zipcode: '1060',
      legal_city: 'Wien',
      legal_country: 'AT',
      vat_number: 'ATU12345675',
      buyer_reference: 'PO-WIEN-7',
    },
    201,
  );
  await de('POST', '/api/v1/subscriptions/', { account: 'WIEN', terms: 'M', start_date: '2025-01-10' }, 201);
  await billOn(t, '2025-01-10', org);
  const reverseCharge = await issue(t, org, 'WIEN');
  const formats = ['peppol-bis', 'xrechnung-ubl', 'xrechnung-cii'];
  const invoice = await issue(t, org, 'BERLIN', [
    { description: 'Einrichtung (einmalig)', quantity: '1', unit_price: '250' },
  ]);
  const credit = (
    await de(
      'POST',
      `/api/v1/invoices/${invoice.uuid}/credit-notes/`,
      { lines: [{ line: invoice.lines[1].uuid }] },
      201,
    )
  ).json();
  return [
    { name: 'de-leitweg-id', org, formats, kind: 'invoice', uuid: invoice.uuid, view: invoice },
    { name: 'de-credit-note', org, formats, kind: 'credit_note', uuid: credit.uuid, view: credit },
    {
      name: 'de-at-reverse-charge',
      org,
      formats,
      kind: 'invoice',
      uuid: reverseCharge.uuid,
      view: reverseCharge,
    },
  ];
}

/**
 * VAT categories K and E (issue 19): a German seller of goods to a Danish business with a VAT number
 * (an intra-community supply, VATEX-EU-IC), and a German language school, VAT-registered, whose lessons
 * are exempt (art. 132(1)(i), § 4 Nr. 21 UStG) beside its standard-rated course books.
 */
async function supplyCases(t: TestApp): Promise<IssuedDocument[]> {
  const formats = ['peppol-bis', 'xrechnung-ubl', 'xrechnung-cii'];
  const goods = await germanSeller(t, '49.00');
  await goods.call('PATCH', '/api/v1/organization/', { eu_supplies: 'goods' }, 200);
  await goods.call(
    'POST',
    '/api/v1/accounts/',
    {
      code: 'KBH',
      name: 'Kaffebaren ApS',
      email: 'bogholderi@kaffebaren.test',
      type: 'company',
      legal_address: 'Istedgade 12',
      legal_zipcode: '1650',
      legal_city: 'København V',
      legal_country: 'DK',
      vat_number: 'DK87654311',
      buyer_reference: 'KBH-2025',
    },
    201,
  );
  await goods.call(
    'POST',
    '/api/v1/subscriptions/',
    { account: 'KBH', terms: 'M', quantity: 2, start_date: '2025-01-10' },
    201,
  );
  await billOn(t, '2025-01-10', goods.org);
  const supply = await issue(t, goods.org, 'KBH', [
    { description: 'Kaffeemühle', quantity: '1', unit_price: '120' },
  ]);

  const school = await germanSeller(t, '150.00');
  await school.call(
    'PATCH',
    '/api/v1/organization/',
    {
      name: 'Sprachschule Sonnenschein GmbH',
      vat_exemption_reason: 'Steuerfreie Unterrichtsleistung nach § 4 Nr. 21 UStG',
      vat_exemption_code: 'VATEX-EU-132-1I',
    },
    200,
  );
  await school.call(
    'POST',
    '/api/v1/tax-categories/',
    { code: 'EXEMPT', name: 'Unterricht (steuerfrei)', rates: { DE: '0' } },
    201,
  );
  await school.call(
    'POST',
    '/api/v1/accounts/',
    {
      code: 'HAMBURG',
      name: 'Hafen Logistik GmbH',
      email: 'buchhaltung@hafen.test',
      type: 'company',
      legal_address: 'Am Sandtorkai 1',
      legal_zipcode: '20457',
      legal_city: 'Hamburg',
      legal_country: 'DE',
      vat_number: 'DE987654328',
      buyer_reference: 'HH-SPRACH-1',
    },
    201,
  );
  await school.call(
    'POST',
    '/api/v1/subscriptions/',
    { account: 'HAMBURG', terms: 'M', start_date: '2025-01-10' },
    201,
  );
  await billOn(t, '2025-01-10', school.org);
  const exempt = await issue(t, school.org, 'HAMBURG', [
    { description: 'Deutschkurs B1, 10 Stunden', quantity: '10', unit_price: '45', tax_category: 'EXEMPT' },
  ]);
  return [
    {
      name: 'de-dk-intra-community',
      org: goods.org,
      formats,
      kind: 'invoice',
      uuid: supply.uuid,
      view: supply,
    },
    {
      name: 'de-exempt-education',
      org: school.org,
      formats,
      kind: 'invoice',
      uuid: exempt.uuid,
      view: exempt,
    },
  ];
}
