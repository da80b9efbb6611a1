import { readFile } from 'node:fs/promises';
import { XMLParser } from 'fast-xml-parser';
import { PARTNER_ERROR_CODES, type PartnerErrorCause } from './partner-error-codes.ts';
import { decodePartnerXml } from './partner-xml-encoding.ts';
import { validateAgainstXsd } from './xsd-validation.ts';

export { PARTNER_ERROR_CODES, type PartnerErrorCause, type PartnerErrorCode } from './partner-error-codes.ts';
export {
  type Confirmation,
  confirmationXml,
  errorsXml,
  type PartnerErrorEntry,
} from './partner-xml-answers.ts';

/**
 * Reading the `<order>` a benefits provider posts to createflexpayorder (seed 001): size, then the
 * encoding (UTF-8 only, decided from the bytes before anything else looks at them), then the
 * constructs we never accept, then libxml2 (in a worker ended after VALIDATION_TIMEOUT_MS) against createflexpayorder.xsd, then the values. What the
 * values mean (products, prices, personnummer check digits) is for the business logic to decide.
 */

// An order is a few hundred bytes (at most 100 order items); 64 KiB leaves room and bounds the work.
export const MAX_PARTNER_XML_BYTES = 64 * 1024;

export type PartnerXmlFailure = {
  kind: 'too_large' | 'not_xml' | 'forbidden_construct' | 'schema' | 'timed_out';
  message: string;
  debuginfo: string;
};

export interface PartnerOrder {
  origin: string;
  version: number;
  businessUnitId: string;
  organization: { number: string; name: string } | null;
  person: {
    firstname: string;
    lastname: string;
    personnumber: string;
    street: string | null;
    postal: string | null;
    city: string | null;
    country: string | null;
    email: string | null;
    homephone: string | null;
    workphone: string | null;
  };
  items: { productNumber: string; startDay: string; priceIncVat: number }[];
}

/** The error code each kind of unreadable request answers (PARTNER_ERROR_CODES). */
export const PARTNER_XML_FAILURE_CAUSES: Record<PartnerXmlFailure['kind'], PartnerErrorCause> = {
  too_large: 'body_too_large',
  not_xml: 'bad_xml',
  forbidden_construct: 'forbidden_construct',
  schema: 'schema_violation',
  timed_out: 'validation_timed_out',
};

const SCHEMA_URL = new URL('./xsd/createflexpayorder.xsd', import.meta.url);
// libxml2 names the document in every message; the name is ours, so it is cut off again below.
const DOCUMENT_NAME = 'partner-order.xml';
const MAX_DEBUG_LINES = 10;
// Each validation runs libxml2 in a worker thread of its own (16 MiB and more): a burst of requests
// waits here rather than start a worker each.
const MAX_CONCURRENT_VALIDATIONS = 4;
// An order validates in well under a second even on a busy machine (most of it is starting the
// worker); whatever takes longer is ended, so no document can hold a slot for longer than this.
export const VALIDATION_TIMEOUT_MS = 5_000;

let schemaText: Promise<string> | null = null;

function schema(): Promise<string> {
  schemaText ??= readFile(SCHEMA_URL, 'utf8').catch((error: unknown) => {
    schemaText = null;
    throw error;
  });
  return schemaText;
}

let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_VALIDATIONS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function failure(
  kind: PartnerXmlFailure['kind'],
  debuginfo: string,
): { ok: false; failure: PartnerXmlFailure } {
  return {
    ok: false,
    failure: { kind, message: PARTNER_ERROR_CODES[PARTNER_XML_FAILURE_CAUSES[kind]].message, debuginfo },
  };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * DTDs are how XML bombs (billion laughs) and external entities (file:///etc/passwd) get in, and an
 * order needs no DTD, entity or processing instruction, so any `<!` other than a comment or CDATA and
 * any `<?` other than the XML declaration is refused before libxml2 sees the text. Comments and CDATA
 * are skipped so that text in them is not mistaken for markup.
 */
function forbiddenConstruct(xml: string): string | null {
  let from = 0;
  for (;;) {
    const at = xml.indexOf('<', from);
    if (at === -1) return null;
    const skipTo = (end: string) => {
      const close = xml.indexOf(end, at);
      return close === -1 ? xml.length : close + end.length;
    };
    if (xml.startsWith('<!--', at)) from = skipTo('-->');
    else if (xml.startsWith('<![CDATA[', at)) from = skipTo(']]>');
    else if (xml.startsWith('<!', at)) {
      const name = /^<![A-Za-z]*/.exec(xml.slice(at, at + 20))?.[0] ?? '<!';
      return `line ${lineAt(xml, at)}: ${name} is not accepted: no DTDs, entity, element or attribute-list declarations`;
    } else if (xml.startsWith('<?', at)) {
      const name = /^<\?[^\s?>]*/.exec(xml.slice(at, at + 40))?.[0] ?? '<?';
      // A misplaced `<?xml …?>` declaration is malformed rather than dangerous: libxml2 reports it.
      if (name.toLowerCase() !== '<?xml') {
        return `line ${lineAt(xml, at)}: processing instruction ${name} is not accepted (only the XML declaration is)`;
      }
      from = skipTo('?>');
    } else from = at + 1;
  }
}

/** `partner-order.xml:5: Schemas validity error : …` → `line 5: Schemas validity error : …`. */
function libxmlMessages(rawOutput: string): string[] {
  const prefix = `${DOCUMENT_NAME}:`;
  return rawOutput
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith(prefix) && !line.endsWith(' fails to validate'))
    .map((line) => line.slice(prefix.length).replace(/^(\d+):\s*/, 'line $1: '));
}

function debugLines(lines: string[]): string {
  const shown = lines.slice(0, MAX_DEBUG_LINES);
  if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more`);
  return shown.join('\n');
}

// Entities stay unexpanded (processEntities: false, as in camt054.ts); only the five predefined ones
// and character references can remain after libxml2 accepted a document without a DTD.
const parser = new XMLParser({
  processEntities: false,
  parseTagValue: false,
  ignoreAttributes: true,
  // Order kept and CDATA apart, so that text and CDATA pieces are joined in order and only the text
  // pieces are decoded (`&amp;` inside CDATA is literally that).
  preserveOrder: true,
  cdataPropName: '#cdata',
  trimValues: false,
});

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (entity, name: string) => {
    if (!name.startsWith('#')) return NAMED_ENTITIES[name] ?? entity;
    const codePoint =
      name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
  });
}

type Nodes = readonly Record<string, unknown>[];

function elements(nodes: Nodes, name: string): Nodes[] {
  return nodes.flatMap((node) => (Array.isArray(node[name]) ? [node[name] as Nodes] : []));
}

function element(nodes: Nodes, name: string): Nodes | null {
  return elements(nodes, name)[0] ?? null;
}

/** The text of an element, white space collapsed as xs:token did when the schema checked it. */
function text(nodes: Nodes | null): string {
  if (!nodes) return '';
  const pieces = nodes.map((node) => {
    if (typeof node['#text'] === 'string') return decodeEntities(node['#text']);
    if (Array.isArray(node['#cdata']))
      return (node['#cdata'] as Nodes).map((piece) => piece['#text'] ?? '').join('');
    return '';
  });
  return pieces.join('').replace(/\s+/g, ' ').trim();
}

function optional(nodes: Nodes, name: string): string | null {
  return text(element(nodes, name)) || null;
}

/** Only after validation: every required element is known to be there and of the right form. */
function toPartnerOrder(document: Nodes): PartnerOrder {
  const order = element(document, 'order') ?? [];
  const person = element(order, 'person') ?? [];
  const organization = element(order, 'organization');
  const field = (nodes: Nodes, name: string) => text(element(nodes, name));
  return {
    origin: field(order, 'origin'),
    version: Number(field(order, 'version')),
    businessUnitId: field(element(order, 'businessunit') ?? [], 'id'),
    organization: organization
      ? { number: field(organization, 'number'), name: field(organization, 'name') }
      : null,
    person: {
      firstname: field(person, 'firstname'),
      lastname: field(person, 'lastname'),
      personnumber: field(person, 'personnumber'),
      street: optional(person, 'shippingstreet'),
      postal: optional(person, 'shippingpostal'),
      city: optional(person, 'shippingcity'),
      country: optional(person, 'shippingcountry')?.toUpperCase() ?? null,
      email: optional(person, 'email'),
      homephone: optional(person, 'homephone'),
      workphone: optional(person, 'workphone'),
    },
    items: elements(order, 'orderitem').map((item) => ({
      productNumber: field(item, 'productnumber'),
      startDay: field(item, 'startday'),
      priceIncVat: Number(field(item, 'priceincvat')),
    })),
  };
}

/**
 * Reads a createflexpayorder request body: the bytes as they came (a string counts as text already
 * decoded). Every way a body can be unreadable is an answer (`ok: false`); a rejection means libxml2
 * itself failed (a bug or no memory), which is an internal error. `text` is the decoded order.
 */
export async function readPartnerOrder(
  body: string | Uint8Array,
  options: { timeoutMs?: number } = {},
): Promise<{ ok: true; order: PartnerOrder; text: string } | { ok: false; failure: PartnerXmlFailure }> {
  const bytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (bytes > MAX_PARTNER_XML_BYTES) {
    return failure('too_large', `the body is ${bytes} bytes, at most ${MAX_PARTNER_XML_BYTES} are accepted`);
  }
  const decoded = decodePartnerXml(body);
  if (!decoded.ok) return failure('not_xml', decoded.reason);
  const xml = decoded.text;
  const forbidden = forbiddenConstruct(xml);
  if (forbidden) return failure('forbidden_construct', forbidden);

  const schemaContents = await schema();
  const timeoutMs = options.timeoutMs ?? VALIDATION_TIMEOUT_MS;
  const result = await limited(() =>
    validateAgainstXsd({
      documentName: DOCUMENT_NAME,
      document: xml,
      schemaName: 'createflexpayorder.xsd',
      schema: schemaContents,
      timeoutMs,
    }),
  );
  if (result.outcome === 'timed_out')
    return failure('timed_out', `validating the order took longer than ${timeoutMs} ms and was stopped`);
  if (result.outcome === 'invalid') {
    const messages = libxmlMessages(result.output);
    const lines = messages.length > 0 ? messages : [result.output.trim()];
    // Parser and namespace errors mean the text is not (namespace-)well-formed XML at all.
    const malformed = messages.some((m) => / (parser|namespace) error : /.test(m));
    return failure(malformed ? 'not_xml' : 'schema', debugLines(lines));
  }
  return { ok: true, order: toPartnerOrder(parser.parse(xml) as Nodes), text: xml };
}
