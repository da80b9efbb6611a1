import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { CURRENCY_EXPONENTS } from '../../domain/iso.ts';
import {
  assertBankFileSize,
  BankFileError,
  type BankPaymentLine,
  isoDate,
  type ParsedBankFile,
  stripByteOrderMark,
  uniqueBankReferences,
} from './bank-file.ts';

/*
 * ISO 20022 camt.054 (BankToCustomerDebitCreditNotification), versions 001.02 to 001.08, whatever the
 * namespace or its prefix. Document > BkToCstmrDbtCdtNtfctn > Ntfctn (1..n) > Ntry (0..n) > NtryDtls
 * (0..n) > TxDtls (0..n): an entry is one booking on the account, its transaction details the individual
 * payments in it.
 */

const REPEATED_ELEMENTS = new Set(['Ntfctn', 'Ntry', 'NtryDtls', 'TxDtls', 'Strd', 'Ustrd']);

const parser = new XMLParser({
  // Entity expansion is how XML bombs and external entity reads work; a bank file needs neither.
  processEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Values stay text: a reference "0071" must not become the number 71, nor an amount a float.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (tagName, _path, _isLeaf, isAttribute) => !isAttribute && REPEATED_ELEMENTS.has(tagName),
});

function child(node: unknown, ...path: string[]): unknown {
  let current = node;
  for (const key of path) {
    if (Array.isArray(current)) current = current[0];
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function list(node: unknown): unknown[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? node : [node];
}

/** Entities are left alone by the parser (see above); the predefined and numeric ones are safe to decode. */
function decodeEntities(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/g, (entity, name: string) => {
    if (!name.startsWith('#')) return named[name] ?? entity;
    const codePoint =
      name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
  });
}

function text(node: unknown): string | null {
  const value =
    typeof node === 'object' && node !== null && !Array.isArray(node)
      ? (node as Record<string, unknown>)['#text']
      : node;
  if (typeof value !== 'string') return null;
  const decoded = decodeEntities(value).trim();
  return decoded === '' ? null : decoded;
}

function attribute(node: unknown, name: string): string | null {
  if (typeof node !== 'object' || node === null) return null;
  const value = (node as Record<string, unknown>)[`@_${name}`];
  return typeof value === 'string' ? value.trim() : null;
}

/** A decimal amount as integer minor units, exactly: digit strings, never floating point. */
export function decimalToMinor(amount: string, currency: string): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  if (exponent === undefined) throw new BankFileError(`unknown currency "${currency}"`);
  const match = /^(\d{1,18})(?:\.(\d{1,18}))?$/.exec(amount);
  if (!match) throw new BankFileError(`invalid amount "${amount}" ${currency}`);
  const [, whole = '', fraction = ''] = match;
  // Trailing zeros change nothing; any other digit beyond the currency's minor unit would be lost.
  if (fraction.replace(/0+$/, '').length > exponent) {
    throw new BankFileError(`amount ${amount} ${currency} has more than ${exponent} decimals`);
  }
  const minor = BigInt(`${whole}${fraction.padEnd(exponent, '0').slice(0, exponent)}`);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new BankFileError(`amount ${amount} ${currency} is too large`);
  }
  return Number(minor);
}

function bookingDateOf(entry: unknown): string {
  const dates = [child(entry, 'BookgDt', 'Dt'), child(entry, 'BookgDt', 'DtTm')];
  for (const value of dates.map(text)) {
    // A date-time's date part is the bank's local booking day, which is the one to book on.
    const date = value === null ? null : isoDate(value.slice(0, 10));
    if (date) return date;
  }
  throw new BankFileError(
    `booked entry ${text(child(entry, 'AcctSvcrRef')) ?? ''} has no valid booking date`,
  );
}

/** Without blanks; creditor references upper-cased, as ISO 11649 compares them case-insensitively. */
function compactReference(value: string | null): string | null {
  const compact = value?.replace(/\s+/g, '') ?? '';
  if (compact === '') return null;
  return /^rf/i.test(compact) ? compact.toUpperCase() : compact;
}

/** Digits (OCR, KID, FIK...) or an ISO 11649 creditor reference: what a payer types as a reference. */
function looksLikeReference(value: string): boolean {
  return /^\d{2,35}$/.test(value) || /^RF\d{2}[0-9A-Z]{1,21}$/i.test(value);
}

/**
 * The structured creditor reference, else an unstructured text that is nothing but a reference. Several
 * different references mean one payment for several invoices, which no reference alone describes.
 */
function remittanceReference(transaction: unknown): string | null {
  const remittance = child(transaction, 'RmtInf');
  const structured = new Set(
    list(child(remittance, 'Strd'))
      .map((item) => compactReference(text(child(item, 'CdtrRefInf', 'Ref'))))
      .filter((reference) => reference !== null),
  );
  const candidates =
    structured.size > 0
      ? structured
      : new Set(
          list(child(remittance, 'Ustrd'))
            .map((item) => compactReference(text(item)))
            .filter((reference) => reference !== null && looksLikeReference(reference)),
        );
  return candidates.size === 1 ? ([...candidates][0] ?? null) : null;
}

function stableHash(entry: unknown, index: number): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(entry)).update(`#${index}`).digest('hex').slice(0, 32)}`;
}

/** The bank's id of one payment: see BankPaymentLine.bankReference. */
function bankReferenceOf(entry: unknown, transaction: unknown, index: number, count: number): string {
  const own = text(child(transaction, 'Refs', 'AcctSvcrRef'));
  if (own) return own;
  const entryRef = text(child(entry, 'AcctSvcrRef')) ?? text(child(entry, 'NtryRef'));
  const endToEnd = text(child(transaction, 'Refs', 'EndToEndId'));
  if (entryRef && endToEnd && endToEnd !== 'NOTPROVIDED') return `${entryRef}/${endToEnd}`;
  if (entryRef) return count === 1 ? entryRef : `${entryRef}:${index + 1}`;
  return stableHash(entry, index);
}

function payerNameOf(transaction: unknown): string | null {
  return (
    text(child(transaction, 'RltdPties', 'Dbtr', 'Nm')) ??
    text(child(transaction, 'RltdPties', 'Dbtr', 'Pty', 'Nm'))
  );
}

function isBookedCredit(entry: unknown): boolean {
  const status = text(child(entry, 'Sts')) ?? text(child(entry, 'Sts', 'Cd'));
  // A reversed debit (RvslInd) is a credit on the account but no payment from a customer.
  return (
    text(child(entry, 'CdtDbtInd')) === 'CRDT' &&
    status === 'BOOK' &&
    text(child(entry, 'RvslInd')) !== 'true'
  );
}

function entryLines(entry: unknown): Omit<BankPaymentLine, 'lineNo'>[] {
  if (!isBookedCredit(entry)) return [];
  const bookingDate = bookingDateOf(entry);
  const transactions = list(child(entry, 'NtryDtls')).flatMap((details) => list(child(details, 'TxDtls')));
  // An entry without details is still money received; it is reported without a reference.
  const items = transactions.length > 0 ? transactions : [undefined];
  const lines: Omit<BankPaymentLine, 'lineNo'>[] = [];
  items.forEach((transaction, index) => {
    const indicator = text(child(transaction, 'CdtDbtInd'));
    if (indicator !== null && indicator !== 'CRDT') return;
    const amountNode =
      child(transaction, 'Amt') ??
      child(transaction, 'AmtDtls', 'TxAmt', 'Amt') ??
      (items.length === 1 ? child(entry, 'Amt') : undefined);
    const amount = text(amountNode);
    const currency = attribute(amountNode, 'Ccy');
    if (amount === null || currency === null) {
      throw new BankFileError(
        `transaction ${index + 1} of entry ${bankReferenceOf(entry, transaction, index, 1)} has no amount`,
      );
    }
    const amountMinor = decimalToMinor(amount, currency);
    if (amountMinor === 0) return;
    lines.push({
      bankReference: bankReferenceOf(entry, transaction, index, items.length),
      reference: transaction === undefined ? null : remittanceReference(transaction),
      amountMinor,
      currency,
      bookingDate,
      payerName: payerNameOf(transaction),
    });
  });
  return lines;
}

/** Parses a camt.054 notification into its booked incoming payments. */
export function parseCamt054(content: string): ParsedBankFile {
  assertBankFileSize(content);
  const xml = stripByteOrderMark(content);
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(xml)) {
    throw new BankFileError('XML with a document type or entity declaration is refused');
  }
  let document: unknown;
  try {
    document = parser.parse(xml, true);
  } catch (error) {
    throw new BankFileError(`invalid XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const notification = child(document, 'Document', 'BkToCstmrDbtCdtNtfctn');
  if (typeof notification !== 'object' || notification === null) {
    throw new BankFileError('not a camt.054 file: no Document/BkToCstmrDbtCdtNtfctn');
  }
  const lines = list(child(notification, 'Ntfctn'))
    .flatMap((item) => list(child(item, 'Ntry')))
    .flatMap(entryLines)
    .map((line, index) => ({ lineNo: index + 1, ...line }));
  return { format: 'camt054', lines: uniqueBankReferences(lines) };
}
