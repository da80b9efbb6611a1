import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import {
  type Confirmation,
  confirmationXml,
  errorsXml,
  PARTNER_ERROR_CODES,
  readPartnerOrder,
} from '../../src/partners/partner-xml.ts';

const xsdUrl = (name: string) => new URL(`../../src/partners/xsd/${name}`, import.meta.url);
// Seed 001's request, verbatim.
const seedRequest = readFileSync(
  new URL('../fixtures/partner/createflexpayorder-request.xml', import.meta.url),
  'utf8',
);

const seedConfirmation: Confirmation = {
  order: {
    number: '137',
    created: '2013-11-20 10:31',
    orderedBy: {
      personnumber: '111111-1116',
      number: '10004',
      firstname: 'Tessan',
      lastname: 'Testsson',
      street: 'Testgagan 4',
      postal: '12345',
      city: 'Teststa',
      country: 'SE',
    },
    businessUnit: { name: 'Anläggning 2' },
    organization: { number: '123425-2334', name: 'Test Org.' },
    products: [{ number: '64575F', type: 'Klippkort', name: '100 Entre klipp' }],
    sumExVat: 18720,
    vatSums: [{ rate: '25.000', amount: 4680 }],
    sum: 23400,
    leftToPay: 0,
    mark: 'flexpay',
  },
  invoice: {
    number: '14',
    ocrNumber: '1446',
    totalAmount: 23400,
    rest: 23400,
    invoiceDate: '2013-11-20',
    dueDate: '2013-11-30',
  },
};

async function validateAgainst(xml: string, xsd: string) {
  return validateXML({
    xml: [{ fileName: 'answer.xml', contents: xml }],
    schema: [{ fileName: xsd, contents: readFileSync(xsdUrl(xsd), 'utf8') }],
  });
}

describe('confirmationXml', () => {
  it("writes seed 001's confirmation, well-formed and valid against its schema", async () => {
    const xml = confirmationXml(seedConfirmation);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<confirmation>\n  <order>\n    <number>137</number>\n',
      ),
    ).toBe(true);
    expect(xml).toContain('<ocrnumber>1446</ocrnumber>');
    expect(xml).toContain('      <street>Testgagan 4</street>\n      <postal>12345</postal>\n');
    expect(xml).toContain('<vatsum>\n        <rate>25</rate>\n        <amount>4680</amount>');
    expect(xml).toContain('<sumexvat>18720</sumexvat>');
    expect(xml).toContain('<name>Anläggning 2</name>');
    const result = await validateAgainst(xml, 'createflexpayorder-confirmation.xsd');
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('escapes text, drops an absent organization and writes an unknown address empty', async () => {
    const xml = confirmationXml({
      ...seedConfirmation,
      order: {
        ...seedConfirmation.order,
        orderedBy: {
          ...seedConfirmation.order.orderedBy,
          street: null,
          postal: null,
          city: null,
          country: null,
        },
        organization: null,
        businessUnit: { name: `Fit & <Strong> "Gym" 'Två'\u0007` },
        vatSums: [
          { rate: '12.50', amount: 100 },
          { rate: '6', amount: 10 },
        ],
      },
    });
    expect(xml).toContain('<name>Fit &amp; &lt;Strong&gt; &quot;Gym&quot; &apos;Två&apos;\uFFFD</name>');
    expect(xml).not.toContain('<organization>');
    expect(xml).toContain('<street></street>');
    expect(xml).toContain('<rate>12.5</rate>');
    expect((await validateAgainst(xml, 'createflexpayorder-confirmation.xsd')).valid).toBe(true);
  });

  it('refuses values its schema would refuse rather than send them', () => {
    const withOrder = (order: Partial<Confirmation['order']>) =>
      confirmationXml({ ...seedConfirmation, order: { ...seedConfirmation.order, ...order } });
    expect(() => withOrder({ sum: 234.5 })).toThrow(/sum/);
    expect(() => withOrder({ created: '2013-11-20T10:31:00Z' })).toThrow(/created/);
    expect(() => withOrder({ products: [] })).toThrow(/product/);
    expect(() => withOrder({ vatSums: [{ rate: '25%', amount: 1 }] })).toThrow(/VAT rate/);
    expect(() =>
      confirmationXml({ ...seedConfirmation, invoice: { ...seedConfirmation.invoice, ocrNumber: 'x1' } }),
    ).toThrow(/ocrNumber/);
  });

  it("the schema refuses the seed's own example, which is not well-formed", async () => {
    // Seed 001's confirmation example, verbatim.
    const example = readFileSync(
      new URL('../fixtures/partner/createflexpayorder-confirmation-seed.xml', import.meta.url),
      'utf8',
    );
    expect((await validateAgainst(example, 'createflexpayorder-confirmation.xsd')).valid).toBe(false);
    const fixed = example
      .replace('111111-1116<personnumber>', '111111-1116</personnumber>')
      .replace('</streetaddress>', '</street>')
      .replace('</postaladdress>', '</postal>');
    expect((await validateAgainst(fixed, 'createflexpayorder-confirmation.xsd')).valid).toBe(true);
  });
});

describe('errorsXml', () => {
  it("writes seed 001's error example, valid against the errors schema", async () => {
    const xml = errorsXml([
      {
        message: 'Invalid settings configuration',
        code: PARTNER_ERROR_CODES.configuration_missing.code,
        debuginfo: "Invalid value for setting 'organizationidflexpay', no organization found with id: null",
      },
    ]);
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<errors>
  <error>
    <message>Invalid settings configuration</message>
    <code>1111</code>
    <debuginfo>Invalid value for setting &apos;organizationidflexpay&apos;, no organization found with id: null</debuginfo>
  </error>
</errors>
`);
    expect((await validateAgainst(xml, 'createflexpayorder-errors.xsd')).valid).toBe(true);
    expect((await validateAgainst(xml, 'createflexpayorder-confirmation.xsd')).valid).toBe(false);
  });

  it('carries the debuginfo of a refused request, escaped, with several errors', async () => {
    const read = await readPartnerOrder(seedRequest.replace('<priceincvat>250000', '<priceincvat>12.5'));
    if (read.ok) throw new Error('expected the request to be refused');
    const { failure } = read;
    const { code } = PARTNER_ERROR_CODES.schema_violation;
    const xml = errorsXml([
      { message: failure.message, code, debuginfo: failure.debuginfo },
      { message: 'Unknown product', code: PARTNER_ERROR_CODES.unknown_product.code, debuginfo: '' },
    ]);
    expect(xml).toContain('<code>1002</code>');
    expect(xml).toContain('Element &apos;priceincvat&apos;');
    expect((await validateAgainst(xml, 'createflexpayorder-errors.xsd')).valid).toBe(true);
    expect(() => errorsXml([])).toThrow();
    expect(() => errorsXml([{ message: 'x', code: 12.5, debuginfo: '' }])).toThrow(/code/);
  });
});

describe('PARTNER_ERROR_CODES', () => {
  it('gives every cause its own code and an HTTP error status', () => {
    const entries = Object.values(PARTNER_ERROR_CODES);
    expect(new Set(entries.map((e) => e.code)).size).toBe(entries.length);
    for (const entry of entries) {
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.message.length).toBeGreaterThan(0);
    }
    expect(PARTNER_ERROR_CODES.body_too_large).toMatchObject({ code: 1003, status: 413 });
    expect(PARTNER_ERROR_CODES.configuration_missing).toMatchObject({ code: 1111, status: 500 });
  });
});
