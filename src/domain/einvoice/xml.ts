/**
 * A tiny XML writer for the e-invoice syntaxes: elements are strings, an element without content is
 * left out (Peppol refuses empty elements, PEPPOL-EN16931-R008), text and attributes are escaped.
 */
export type XmlContent = string | null | undefined | false | XmlContent[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

function flatten(content: XmlContent): string {
  if (content === null || content === undefined || content === false) return '';
  if (Array.isArray(content)) return content.map(flatten).join('');
  return content;
}

/** An element holding other elements; '' when none of them is there. */
export function el(name: string, content: XmlContent, attributes?: Record<string, string | null>): string {
  const inner = flatten(content);
  if (inner === '') return '';
  return `<${name}${attrs(attributes)}>${inner}</${name}>`;
}

/** An element holding text; '' when the text is null or blank. */
export function text(
  name: string,
  value: string | null | undefined,
  attributes?: Record<string, string | null>,
): string {
  if (value === null || value === undefined || value.trim() === '') return '';
  return `<${name}${attrs(attributes)}>${escapeXml(value)}</${name}>`;
}

function attrs(attributes: Record<string, string | null> | undefined): string {
  if (!attributes) return '';
  let out = '';
  for (const [key, value] of Object.entries(attributes))
    if (value !== null && value !== '') out += ` ${key}="${escapeXml(value)}"`;
  return out;
}

export function xmlDocument(root: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}
