import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  MAX_PARTNER_XML_BYTES,
  PARTNER_ERROR_CODES,
  type PartnerOrder,
  readPartnerOrder,
} from '../../src/partners/partner-xml.ts';

const requestUrl = new URL('../fixtures/partner/createflexpayorder-request.xml', import.meta.url);
// Seed 001's request, verbatim.
const seedRequest = readFileSync(requestUrl, 'utf8');

const seedOrder: PartnerOrder = {
  origin: 'flexpay',
  version: 1,
  businessUnitId: '1',
  organization: { number: '123425-2334', name: 'Test Org.' },
  person: {
    firstname: 'Tessan',
    lastname: 'Testsson',
    personnumber: '111111-1116',
    street: 'Testgatan 4',
    postal: '12345',
    city: 'Teststad',
    country: 'SE',
    email: 'tessan@test.com',
    homephone: '123 45',
    workphone: '07984245',
  },
  items: [{ productNumber: '2', startDay: '2013-12-24', priceIncVat: 250000 }],
};

// Seed 001's confirmation values.
async function refusal(body: string) {
  const result = await readPartnerOrder(body);
  if (result.ok) throw new Error('expected the body to be refused');
  return result.failure;
}

describe('readPartnerOrder', () => {
  it("reads seed 001's request as it stands", async () => {
    expect(await readPartnerOrder(seedRequest)).toEqual({ ok: true, order: seedOrder });
  });

  it('keeps numbers as sent, counts empty optional fields as absent and needs no organization', async () => {
    const body = seedRequest
      .replace(/<organization>[\s\S]*?<\/organization>/, '')
      .replace('<productnumber>2</productnumber>', '<productnumber>000123</productnumber>')
      .replace('<shippingcity>Teststad</shippingcity>', '<shippingcity>  </shippingcity>')
      .replace('<shippingcountry>SE</shippingcountry>', '<shippingcountry>se</shippingcountry>')
      .replace(/<email>.*<\/email>/, '<email/>')
      .replace(/<homephone>.*<\/homephone>\s*<workphone>.*<\/workphone>/, '');
    const result = await readPartnerOrder(`<?xml version="1.0" encoding="utf-8"?>\n${body}`);
    expect(result.ok && result.order).toEqual({
      ...seedOrder,
      organization: null,
      person: {
        ...seedOrder.person,
        city: null,
        country: 'SE',
        email: null,
        homephone: null,
        workphone: null,
      },
      items: [{ productNumber: '000123', startDay: '2013-12-24', priceIncVat: 250000 }],
    });
  });

  it('decodes entities and character references in text, takes CDATA literally and ignores comments', async () => {
    const body = seedRequest
      .replace(
        '<firstname>Tessan</firstname>',
        '<firstname>Tess &amp; <![CDATA[<Co> &amp;]]> &#229;sa</firstname>',
      )
      .replace(
        '<lastname>Testsson</lastname>',
        '<lastname><!-- <!DOCTYPE x> -->Test&#x73;son &lt;3</lastname>',
      )
      .replace('<name>Test Org.</name>', '<name><![CDATA[<!DOCTYPE order> <?pi?>]]></name>');
    const result = await readPartnerOrder(body);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.order.person.firstname).toBe('Tess & <Co> &amp; åsa');
    expect(result.order.person.lastname).toBe('Testsson <3');
    expect(result.order.organization?.name).toBe('<!DOCTYPE order> <?pi?>');
  });

  it('reads several order items, in order', async () => {
    const second =
      '<orderitem><productnumber>B7</productnumber><startday>2014-01-01</startday><priceincvat>0</priceincvat></orderitem>';
    const result = await readPartnerOrder(seedRequest.replace('</order>', `${second}</order>`));
    expect(result.ok && result.order.items).toEqual([
      ...seedOrder.items,
      { productNumber: 'B7', startDay: '2014-01-01', priceIncVat: 0 },
    ]);
  });

  it('refuses a billion-laughs payload before libxml2 sees it', async () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE order [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<order><origin>&lol9;</origin></order>`;
    const failure = await refusal(bomb);
    expect(failure.kind).toBe('forbidden_construct');
    expect(failure.debuginfo).toContain('line 2: <!DOCTYPE');
    expect(failure.message).toBe(PARTNER_ERROR_CODES.forbidden_construct.message);
  });

  it('refuses an external entity', async () => {
    const body = seedRequest
      .replace('<order>', '<!DOCTYPE order [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<order>')
      .replace('<firstname>Tessan</firstname>', '<firstname>&x;</firstname>');
    const failure = await refusal(body);
    expect(failure.kind).toBe('forbidden_construct');
    expect(failure.debuginfo).toContain('<!DOCTYPE');
  });

  it('refuses a bare DOCTYPE, a lone ENTITY declaration and processing instructions', async () => {
    for (const [body, construct] of [
      [`<!DOCTYPE order SYSTEM "http://example.com/order.dtd">\n${seedRequest}`, '<!DOCTYPE'],
      [`<!doctype order>${seedRequest}`, '<!doctype'],
      [seedRequest.replace('<person>', '<!ENTITY y "y"><person>'), '<!ENTITY'],
      [`<?xml version="1.0"?><?xml-stylesheet href="x.xsl"?>${seedRequest}`, '<?xml-stylesheet'],
      [seedRequest.replace('<person>', '<?php echo 1; ?><person>'), '<?php'],
    ] as const) {
      const failure = await refusal(body);
      expect(failure.kind).toBe('forbidden_construct');
      expect(failure.debuginfo).toContain(construct);
    }
  });

  it('refuses a body over the limit, counted in UTF-8 bytes', async () => {
    const big = seedRequest.replace('Test Org.', 'x'.repeat(70 * 1024));
    expect((await refusal(big)).kind).toBe('too_large');
    // 40 000 characters, but 80 000 bytes.
    const wide = seedRequest.replace('Test Org.', 'ö'.repeat(40_000));
    expect(wide.length).toBeLessThan(MAX_PARTNER_XML_BYTES);
    const failure = await refusal(wide);
    expect(failure.kind).toBe('too_large');
    expect(failure.debuginfo).toContain(`at most ${MAX_PARTNER_XML_BYTES}`);
  });

  it('refuses text that is not well-formed XML, naming where it broke', async () => {
    const failure = await refusal('<order><origin>');
    expect(failure.kind).toBe('not_xml');
    expect(failure.debuginfo).toMatch(/^line 1: parser error : .*tag origin/);
    expect((await refusal('')).kind).toBe('not_xml');
    expect((await refusal('{"order": 1}')).kind).toBe('not_xml');
    const undefinedEntity = await refusal(seedRequest.replace('Tessan', '&nbsp;'));
    expect(undefinedEntity.kind).toBe('not_xml');
    expect(undefinedEntity.debuginfo).toContain("Entity 'nbsp' not defined");
    const misplacedDeclaration = await refusal(`\n<?xml version="1.0"?>${seedRequest}`);
    expect(misplacedDeclaration.kind).toBe('not_xml');
  });

  it('refuses a declared encoding other than UTF-8: the body was decoded already', async () => {
    const failure = await refusal(`<?xml version="1.0" encoding="ISO-8859-1"?>\n${seedRequest}`);
    expect(failure).toMatchObject({ kind: 'not_xml', debuginfo: expect.stringContaining('ISO-8859-1') });
  });

  it('refuses schema violations, naming the element', async () => {
    const cases: [string, RegExp][] = [
      [seedRequest.replace(/<personnumber>.*<\/personnumber>/, ''), /Element 'shippingstreet'.*personnumber/],
      [
        seedRequest.replace('<priceincvat>250000', '<priceincvat>12.5'),
        /line 28: .*Element 'priceincvat': '12.5'/,
      ],
      [seedRequest.replace('<priceincvat>250000', '<priceincvat>-1'), /Element 'priceincvat'/],
      [
        seedRequest.replace('</person>', '<shoesize>42</shoesize></person>'),
        /Element 'shoesize': This element is not expected/,
      ],
      [seedRequest.replace('111111-1116', '1111111116x'), /Element 'personnumber'/],
      [seedRequest.replace('2013-12-24', '2013-12-24T10:00:00'), /Element 'startday'/],
      [seedRequest.replace('<shippingcountry>SE', '<shippingcountry>SWE'), /Element 'shippingcountry'/],
      [
        seedRequest.replace(/<orderitem>[\s\S]*<\/orderitem>/, ''),
        /Element 'order': Missing child element.*orderitem/,
      ],
      [seedRequest.replace('<origin>flexpay</origin>', '<origin> </origin>'), /Element 'origin'/],
      [seedRequest.replace('<order>', '<order xmlns="urn:other">'), /Element '\{urn:other\}order'/],
    ];
    for (const [body, named] of cases) {
      const failure = await refusal(body);
      expect(failure.kind, String(named)).toBe('schema');
      expect(failure.debuginfo).toMatch(named);
      expect(failure.message).toBe(PARTNER_ERROR_CODES.schema_violation.message);
    }
  });

  it('validates requests side by side', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => readPartnerOrder(seedRequest)));
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it("agrees with the system's xmllint on seed 001's request", () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    // Throws (exit status 3 or more) when the request does not validate.
    const output = execFileSync(
      '/usr/bin/xmllint',
      [
        '--schema',
        'src/partners/xsd/createflexpayorder.xsd',
        'test/fixtures/partner/createflexpayorder-request.xml',
        '--noout',
      ],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(output).toBe('');
  });
});
