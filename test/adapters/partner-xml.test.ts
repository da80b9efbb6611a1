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
    expect(await readPartnerOrder(seedRequest)).toEqual({ ok: true, order: seedOrder, text: seedRequest });
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

  it('decides the encoding from the bytes: UTF-16 with or without a mark, and NUL bytes, are refused', async () => {
    const hidden = `<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE order [<!ENTITY e SYSTEM "file:///dev/urandom">]>\n${seedRequest}`;
    const utf16le = Buffer.from(hidden, 'utf16le');
    const utf16be = Buffer.from(utf16le).swap16();
    const cases: [Uint8Array, RegExp][] = [
      [utf16le, /byte 1 is NUL \(UTF-16 or UTF-32 without a byte order mark\?\)/],
      [utf16be, /byte 0 is NUL/],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le]), /UTF-16LE byte order mark/],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]), /UTF-16BE byte order mark/],
      [Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('<order/>')]), /UTF-32LE byte order mark/],
      [
        Buffer.from(seedRequest.replace('Tessan', 'Tes\u0000san')),
        /byte \d+ is NUL: the order must be UTF-8/,
      ],
    ];
    for (const [body, reason] of cases) {
      const result = await readPartnerOrder(body);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.failure.kind).toBe('not_xml');
        expect(result.failure.debuginfo).toMatch(reason);
        expect(result.failure.message).toBe(PARTNER_ERROR_CODES.bad_xml.message);
      }
    }
  });

  it('refuses invalid UTF-8 (code 1001) instead of storing U+FFFD, and reads UTF-8 with or without a mark', async () => {
    const good = Buffer.from(seedRequest.replace('Tessan', 'Åsa'), 'utf8');
    const at = good.indexOf(Buffer.from('Åsa'));
    const broken = Buffer.from(good);
    broken[at + 1] = 0x41; // Å is C3 85: the continuation byte replaced by ASCII
    const result = await readPartnerOrder(broken);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.failure).toMatchObject({
        kind: 'not_xml',
        debuginfo: `byte ${at} is not valid UTF-8: the order must be UTF-8`,
      });
    const surrogate = Buffer.concat([
      good.subarray(0, at),
      Buffer.from([0xed, 0xa0, 0x80]),
      good.subarray(at),
    ]);
    expect((await readPartnerOrder(surrogate)).ok).toBe(false);
    for (const body of [good, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), good])]) {
      const read = await readPartnerOrder(body);
      expect(read.ok && read.order.person.firstname).toBe('Åsa');
      expect(read.ok && read.text.startsWith('\uFEFF')).toBe(false);
    }
    expect((await refusal(seedRequest.replace('Tessan', 'Tes\ud800san'))).kind).toBe('not_xml');
  });

  it('stops a validation that runs over its time limit', async () => {
    const started = Date.now();
    const result = await readPartnerOrder(seedRequest, { timeoutMs: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.failure.kind).toBe('timed_out');
      expect(result.failure.message).toBe(PARTNER_ERROR_CODES.validation_timed_out.message);
    }
    expect(Date.now() - started).toBeLessThan(2_000);
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
    // libxml2's own xmllint is the point of this test (our XSD as the reference tool reads it), so it
    // stays a system program; npm test's pretest step installs it. Throws (exit status 3 or more) when
    // the request does not validate.
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
