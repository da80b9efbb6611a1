import { PARTNER_ERROR_CODES } from './partner-error-codes.ts';

// biome-ignore lint/suspicious/noExplicitAny: the document is plain JSON walked by key.
type Doc = any;

export const PARTNER_ORDER_PATH = '/webservice/partnerorders/createflexpayorder';

const ORDER_EXAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<order>
 <origin>flexpay</origin>
 <version>1</version>
 <businessunit><id>1</id></businessunit>
 <organization><number>123425-2334</number><name>Test Org.</name></organization>
 <person>
  <firstname>Tessan</firstname><lastname>Testsson</lastname><personnumber>111111-1116</personnumber>
  <email>tessan@test.com</email>
 </person>
 <orderitem><productnumber>2</productnumber><startday>2013-12-24</startday><priceincvat>250000</priceincvat></orderitem>
</order>`;

const CONFIRMATION_EXAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<order><ordernumber>10001</ordernumber><created>2013-11-20 10:31</created><person><personnumber>111111-1116</personnumber><firstname>Tessan</firstname></person>…</order>`;

const ERRORS_EXAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<errors><error><message>Unknown product</message><code>2001</code><debuginfo>productnumber 99 is not offered to flexpay</debuginfo></error></errors>`;

const xml = (description: string, example: string) => ({
  schema: { type: 'string', description },
  example,
});

/**
 * The partner XML route in the OpenAPI document: its request body (XML, as createflexpayorder.xsd
 * describes it, served at /xsd/webservice/createflexpayorder.xsd) and every error as the partner
 * protocol's `<errors>` XML (createflexpayorder-errors.xsd), never problem+json: the route answers
 * XML whatever goes wrong. Called after the shared finishing, which declared the statuses the server's
 * hooks give.
 */
export function describePartnerXml(doc: Doc): Doc {
  const xsd =
    doc.paths?.['/xsd/webservice/createflexpayorder.xsd']?.get?.responses?.['200']?.content?.[
      'application/xml'
    ];
  if (xsd)
    xsd.example =
      '<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">…</xs:schema>';
  const operation = doc.paths?.[PARTNER_ORDER_PATH]?.post;
  if (!operation) return doc;
  const confirmation = operation.responses?.['201']?.content?.['application/xml'];
  if (confirmation) confirmation.example = CONFIRMATION_EXAMPLE;
  operation.requestBody = {
    required: true,
    description:
      'An order as createflexpayorder.xsd describes it, in UTF-8, sent as application/xml or text/xml. ' +
      'Another content type, JSON included, answers 400 <errors> with code 1001 ("Unsupported Media Type: …").',
    content: {
      'application/xml': xml('An <order> document', ORDER_EXAMPLE),
      'text/xml': xml('An <order> document', ORDER_EXAMPLE),
    },
  };
  const causes = Object.values(PARTNER_ERROR_CODES).filter((entry) => entry.status !== 405);
  const statuses = new Set([
    ...Object.keys(operation.responses).filter((s) => Number(s) >= 400),
    ...causes.map((c) => String(c.status)),
  ]);
  for (const status of statuses) {
    const codes = causes.filter((c) => String(c.status) === status).map((c) => `${c.code} ${c.message}`);
    operation.responses[status] = {
      description: codes.length > 0 ? `<errors>: ${codes.join('; ')}` : '<errors>',
      headers: {
        'X-Request-Id': { $ref: '#/components/headers/RequestId' },
        ...(status === '429' ? { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } : {}),
      },
      content: {
        'application/xml': xml('An <errors> document (createflexpayorder-errors.xsd)', ERRORS_EXAMPLE),
      },
    };
  }
  operation.responses = Object.fromEntries(
    Object.entries(operation.responses).sort(([a], [b]) => a.localeCompare(b)),
  );
  return doc;
}
