/**
 * The answers of the createflexpayorder webservice (seed 001): `<confirmation>` when the order was
 * created, `<errors>` when it was not. They follow createflexpayorder-confirmation.xsd and
 * createflexpayorder-errors.xsd. The seed's own confirmation example is not well-formed (unclosed
 * `<personnumber>`, `</streetaddress>`); ours always is, whatever text goes in.
 */

/** What a created partner order answers. Amounts are öre (integers); sums include VAT unless named ExVat. */
export interface Confirmation {
  order: {
    number: string;
    /** Local time of creation, `YYYY-MM-DD HH:mm`. */
    created: string;
    /** The customer the order was actually created on, which may differ from the request's person. */
    orderedBy: {
      personnumber: string;
      /** Our customer number. */
      number: string;
      firstname: string;
      lastname: string;
      street: string | null;
      postal: string | null;
      city: string | null;
      /** ISO 3166-1 alpha-2. */
      country: string | null;
    };
    businessUnit: { name: string };
    organization: { number: string; name: string } | null;
    products: { number: string; type: string; name: string }[];
    sumExVat: number;
    /** One per VAT rate; `rate` is percent as decimal text (`'25'`, `'12.5'`, `'25.000'` is written `25`). */
    vatSums: { rate: string; amount: number }[];
    sum: number;
    /** Always 0 for a partner order: the invoice pays it. */
    leftToPay: number;
    mark: string;
  };
  invoice: {
    number: string;
    ocrNumber: string;
    totalAmount: number;
    rest: number;
    /** `YYYY-MM-DD`. */
    invoiceDate: string;
    /** `YYYY-MM-DD`. */
    dueDate: string;
  };
}

export interface PartnerErrorEntry {
  message: string;
  code: number;
  debuginfo: string;
}

type Element = readonly [name: string, content: string | readonly (Element | null)[]];

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

// XML 1.0 allows no other characters (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF):
// escaping cannot save them, so they are replaced rather than make the document unreadable. With the
// u flag a lone surrogate is a code point of its own, outside the allowed ranges.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(element: Element, depth: number): string {
  const [name, content] = element;
  const indent = '  '.repeat(depth);
  if (typeof content === 'string') return `${indent}<${name}>${escapeXmlText(content)}</${name}>`;
  const children = content.filter((child): child is Element => child !== null);
  return [
    `${indent}<${name}>`,
    ...children.map((child) => render(child, depth + 1)),
    `${indent}</${name}>`,
  ].join('\n');
}

function document(root: Element): string {
  return `${XML_DECLARATION}\n${render(root, 0)}\n`;
}

// A value the schema would refuse is a bug in the caller, not something to send to a partner.
function amount(name: string, value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`partner confirmation: ${name} must be a non-negative integer of öre, got ${value}`);
  }
  return String(value);
}

function matching(name: string, value: string, pattern: RegExp): string {
  if (!pattern.test(value)) throw new Error(`partner confirmation: ${name} has the wrong form: ${value}`);
  return value;
}

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MINUTE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d$/;

/** `25.000` → `25`, `12.50` → `12.5`: the seed writes the rate as a plain number of percent. */
function vatRate(rate: string): string {
  const match = /^(\d{1,3})(?:\.(\d{1,3}))?$/.exec(rate.trim());
  if (!match) throw new Error(`partner confirmation: VAT rate must be percent like 25 or 12.5, got ${rate}`);
  const decimals = (match[2] ?? '').replace(/0+$/, '');
  const whole = String(Number(match[1]));
  return decimals ? `${whole}.${decimals}` : whole;
}

export function confirmationXml(c: Confirmation): string {
  const { order, invoice } = c;
  const by = order.orderedBy;
  if (order.products.length === 0) throw new Error('partner confirmation: an order has at least one product');
  if (order.vatSums.length === 0) throw new Error('partner confirmation: vatSums needs at least one rate');
  return document([
    'confirmation',
    [
      [
        'order',
        [
          ['number', order.number],
          ['created', matching('created', order.created, MINUTE)],
          [
            'orderedby',
            [
              ['personnumber', by.personnumber],
              ['number', by.number],
              ['firstname', by.firstname],
              ['lastname', by.lastname],
              // Always present, empty when unknown: partners read these by path.
              ['street', by.street ?? ''],
              ['postal', by.postal ?? ''],
              ['city', by.city ?? ''],
              ['country', by.country ?? ''],
            ],
          ],
          ['businessunit', [['name', order.businessUnit.name]]],
          order.organization
            ? [
                'organization',
                [
                  ['number', order.organization.number],
                  ['name', order.organization.name],
                ],
              ]
            : null,
          [
            'products',
            order.products.map(
              (p): Element => [
                'product',
                [
                  ['number', p.number],
                  ['type', p.type],
                  ['name', p.name],
                ],
              ],
            ),
          ],
          ['sumexvat', amount('sumExVat', order.sumExVat)],
          [
            'vatsums',
            order.vatSums.map(
              (v): Element => [
                'vatsum',
                [
                  ['rate', vatRate(v.rate)],
                  ['amount', amount('vat amount', v.amount)],
                ],
              ],
            ),
          ],
          ['sum', amount('sum', order.sum)],
          ['lefttopay', amount('leftToPay', order.leftToPay)],
          ['mark', order.mark],
        ],
      ],
      [
        'invoice',
        [
          ['number', invoice.number],
          ['ocrnumber', matching('ocrNumber', invoice.ocrNumber, /^\d{2,25}$/)],
          ['totalamount', amount('totalAmount', invoice.totalAmount)],
          ['rest', amount('rest', invoice.rest)],
          ['invoicedate', matching('invoiceDate', invoice.invoiceDate, DAY)],
          ['duedate', matching('dueDate', invoice.dueDate, DAY)],
        ],
      ],
    ],
  ]);
}

export function errorsXml(errors: readonly PartnerErrorEntry[]): string {
  if (errors.length === 0) throw new Error('partner errors: at least one error is needed');
  return document([
    'errors',
    errors.map((e): Element => {
      if (!Number.isInteger(e.code) || e.code < 1 || e.code > 9999) {
        throw new Error(`partner errors: code must be 1 to 9999, got ${e.code}`);
      }
      return [
        'error',
        [
          // The schema wants a message; an empty one would tell the partner nothing anyway.
          ['message', e.message || 'Error'],
          ['code', String(e.code)],
          ['debuginfo', e.debuginfo],
        ],
      ];
    }),
  ]);
}
