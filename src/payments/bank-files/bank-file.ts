import { parseBgMax } from './bgmax.ts';
import { parseCamt054 } from './camt054.ts';

/** One incoming payment read from a bank file, before it is matched to an invoice. */
export interface BankPaymentLine {
  /** 1-based: the record (line) number for BgMax, the payment's order in the file for camt.054. */
  lineNo: number;
  /**
   * The bank's own id of this payment, stable when the same file is imported again, so that nothing is
   * booked twice. BgMax: receiver bankgiro/payment date/BGC serial number; camt.054: AcctSvcrRef (see
   * the parsers). Unique within one parsed file.
   */
  bankReference: string;
  /** The payer's structured reference (OCR, creditor reference), without spaces; null when missing. */
  reference: string | null;
  /** Positive integer minor units. */
  amountMinor: number;
  /** ISO 4217. */
  currency: string;
  /** YYYY-MM-DD. */
  bookingDate: string;
  payerName: string | null;
}

export interface ParsedBankFile {
  format: 'bgmax' | 'camt054';
  lines: BankPaymentLine[];
}

/** A file that is not a bank file we read, or one that is damaged: nothing of it may be booked. */
export class BankFileError extends Error {
  readonly lineNo: number | undefined;

  constructor(message: string, lineNo?: number) {
    super(lineNo === undefined ? message : `line ${lineNo}: ${message}`);
    this.name = 'BankFileError';
    this.lineNo = lineNo;
  }
}

// Bank files of a day are a few megabytes at most; anything far larger is a mistake or an attack.
export const MAX_BANK_FILE_CHARS = 20 * 1024 * 1024;

export function assertBankFileSize(content: string): void {
  if (content.length > MAX_BANK_FILE_CHARS) {
    throw new BankFileError(`the file is larger than ${MAX_BANK_FILE_CHARS / 1024 / 1024} MB`);
  }
}

export function stripByteOrderMark(content: string): string {
  return content.startsWith('\uFEFF') ? content.slice(1) : content;
}

/** Detects BgMax or camt.054 and parses it; any other content is refused. */
export function parseBankFile(content: string): ParsedBankFile {
  assertBankFileSize(content);
  const text = stripByteOrderMark(content);
  if (text.startsWith('01BGMAX')) return parseBgMax(text);
  if (text.trimStart().startsWith('<') && text.includes('BkToCstmrDbtCdtNtfctn')) return parseCamt054(text);
  throw new BankFileError('unknown bank file format: expected BgMax or camt.054');
}

/**
 * Makes bank references unique within a file by numbering repeats in file order (`X`, `X#2`, ...).
 * Banks have been seen to repeat an id on several payments (Bankgirot's own sample files repeat BGC
 * serial numbers); deduplicating on such an id would silently drop a real payment. The numbering
 * depends only on the file's content, so importing the same file again yields the same references.
 */
export function uniqueBankReferences(lines: BankPaymentLine[]): BankPaymentLine[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const count = (seen.get(line.bankReference) ?? 0) + 1;
    seen.set(line.bankReference, count);
    return count === 1 ? line : { ...line, bankReference: `${line.bankReference}#${count}` };
  });
}

/** A YYYYMMDD or YYYY-MM-DD calendar date as YYYY-MM-DD, or null when it is no real date. */
export function isoDate(text: string): string | null {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  if (!match) return null;
  const [, year, month, day] = match;
  const iso = `${year}-${month}-${day}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}
