/**
 * The encoding of a partner order is decided from its bytes before anything looks for markup in them
 * (issue 12): a guard that scans for `<!DOCTYPE` in text decoded one way is blind to a body that
 * libxml2 reads another way, such as UTF-16 without a byte order mark. An order is UTF-8, so:
 *
 * - a UTF-16 or UTF-32 byte order mark is refused, and so is any NUL byte: U+0000 is not allowed in XML,
 *   and every UTF-16 or UTF-32 text of `<`-led markup has them (this is how libxml2 spots those
 *   encodings when there is no mark);
 * - the bytes must be valid UTF-8 (no U+FFFD stands in for what was sent); a UTF-8 mark is dropped;
 * - an XML declaration may name no encoding but UTF-8.
 *
 * What comes out is the one text that every later check and libxml2 read.
 */

export type DecodedXml = { ok: true; text: string } | { ok: false; reason: string };

const MUST_BE_UTF8 = 'the order must be UTF-8';

const BYTE_ORDER_MARKS: { bytes: number[]; name: string }[] = [
  { bytes: [0x00, 0x00, 0xfe, 0xff], name: 'UTF-32BE' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], name: 'UTF-32LE' },
  { bytes: [0xfe, 0xff], name: 'UTF-16BE' },
  { bytes: [0xff, 0xfe], name: 'UTF-16LE' },
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((byte, i) => bytes[i] === byte);
}

/** Where a byte sequence stops being UTF-8: the first byte the lenient decoding had to replace. */
function firstInvalidByte(bytes: Uint8Array): number {
  const lenient = Buffer.from(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), 'utf8');
  let i = 0;
  while (i < bytes.length && bytes[i] === lenient[i]) i++;
  return i;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function checkText(text: string): DecodedXml {
  const nul = text.indexOf('\u0000');
  if (nul !== -1)
    return { ok: false, reason: `line ${lineOf(text, nul)}: a NUL character is not allowed in XML` };
  if (!text.isWellFormed()) return { ok: false, reason: `the text holds a lone surrogate: ${MUST_BE_UTF8}` };
  const declared = /^<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(text)?.[1];
  if (declared !== undefined && !/^utf-?8$/i.test(declared))
    return { ok: false, reason: `line 1: encoding "${declared}" is not accepted: ${MUST_BE_UTF8}` };
  return { ok: true, text };
}

/** The order's text, or why its bytes are not a UTF-8 XML text. A string counts as decoded already. */
export function decodePartnerXml(body: string | Uint8Array): DecodedXml {
  if (typeof body === 'string') return checkText(body.startsWith('\uFEFF') ? body.slice(1) : body);
  const mark = BYTE_ORDER_MARKS.find((candidate) => startsWith(body, candidate.bytes));
  if (mark)
    return { ok: false, reason: `the body starts with a ${mark.name} byte order mark: ${MUST_BE_UTF8}` };
  const nul = body.indexOf(0);
  if (nul !== -1) {
    const wide = nul < 4 ? ' (UTF-16 or UTF-32 without a byte order mark?)' : '';
    return { ok: false, reason: `byte ${nul} is NUL${wide}: ${MUST_BE_UTF8}` };
  }
  const bytes = startsWith(body, [0xef, 0xbb, 0xbf]) ? body.subarray(3) : body;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    return {
      ok: false,
      reason: `byte ${at + (body.length - bytes.length)} is not valid UTF-8: ${MUST_BE_UTF8}`,
    };
  }
  return checkText(text);
}
