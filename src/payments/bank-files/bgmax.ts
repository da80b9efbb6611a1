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
 * Bankgirot's BgMax file (Bankgiro Inbetalningar, "Technical Manual"): fixed 80-character records, each
 * starting with a two-digit transaction code (TK). Positions below are the manual's, 1-based and
 * inclusive. A file is TK01, then deposit sections (TK05 ... TK15), then TK70. Within a section:
 *   TK20 payment: sender bankgiro 3-12, reference 13-37, amount in öre 38-55, reference code 56,
 *        payment channel 57, BGC serial number 58-69, image marker 70
 *   TK21 deduction (same layout, deduction code 71): money the payer deducted, e.g. for a credit note
 *   TK22/TK23 extra reference (positive/negative amount) belonging to the preceding TK20/TK21
 *   TK25 information text, TK26 name 3-37, TK27/TK28 address, TK29 organisation number
 *   TK15 deposit: receiver account 3-37, payment date 38-45, deposit serial 46-50, amount 51-68,
 *        currency 69-71, number of TK20 + TK21 records 72-79
 * TK70: number of TK20 3-10, TK21 11-18, TK22 + TK23 19-26, TK15 27-34.
 * The manual tells readers to ignore transaction codes they do not know.
 */

const RECORD_LENGTH = 80;

/** Reference codes (TK20 pos 56). */
const SEVERAL_REFERENCES = '3';

interface Payment {
  lineNo: number;
  serial: string;
  amountMinor: number;
  reference: string | null;
  extraReferences: Set<string>;
  hasNegativeExtraReference: boolean;
  payerName: string | null;
}

interface Section {
  lineNo: number;
  receiver: string;
  currency: string;
  payments: Payment[];
  deductions: number;
  deductedMinor: number;
}

/** A field by the manual's 1-based, inclusive positions. */
function field(record: string, from: number, to: number): string {
  return record.slice(from - 1, to);
}

function numeric(record: string, from: number, to: number, lineNo: number, what: string): number {
  const text = field(record, from, to);
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new BankFileError(`${what} (positions ${from}-${to}) is not a number: "${text}"`, lineNo);
  }
  return value;
}

/** The reference as the payer wrote it, without blanks; null when there is none. */
function normalizeReference(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  return compact === '' ? null : compact;
}

/**
 * Reference code 3 means the payer wrote several references into the one field; joining them would make
 * a number that belongs to no invoice (or, worse, to another one), so such a payment gets none.
 */
function paymentReference(record: string): string | null {
  const text = field(record, 13, 37).trim();
  if (field(record, 56, 56) === SEVERAL_REFERENCES && text.split(/[\s,;]+/).length > 1) return null;
  return normalizeReference(text);
}

function toLine(payment: Payment, section: Section, bookingDate: string): BankPaymentLine {
  // Only an unambiguous extra reference may stand in for a missing one: several TK22 mean the payment
  // covers several invoices, and a TK23 means it nets a credit note; both need a person to split them.
  const extra = [...payment.extraReferences];
  const reference =
    payment.reference ??
    (extra.length === 1 && !payment.hasNegativeExtraReference ? (extra[0] ?? null) : null);
  return {
    lineNo: payment.lineNo,
    // The BGC serial number alone has been seen repeated (even within Bankgirot's sample files), so it is
    // qualified by the receiving bankgiro and the payment date.
    bankReference: `${section.receiver}/${bookingDate.replaceAll('-', '')}/${payment.serial}`,
    reference,
    amountMinor: payment.amountMinor,
    currency: section.currency,
    bookingDate,
    payerName: payment.payerName,
  };
}

function closeSection(section: Section, record: string, lineNo: number): BankPaymentLine[] {
  const bookingDate = isoDate(field(record, 38, 45));
  if (!bookingDate) throw new BankFileError(`invalid payment date "${field(record, 38, 45)}"`, lineNo);
  const currency = field(record, 69, 71).trim() || section.currency;
  if (currency !== section.currency) {
    throw new BankFileError(
      `deposit currency ${currency} differs from ${section.currency} of its opening record`,
      lineNo,
    );
  }
  const count = numeric(record, 72, 79, lineNo, 'number of payments');
  if (count !== section.payments.length + section.deductions) {
    throw new BankFileError(
      `deposit counts ${count} payments and deductions, the section has ${section.payments.length + section.deductions}`,
      lineNo,
    );
  }
  const amount = numeric(record, 51, 68, lineNo, 'deposit amount');
  const paid = section.payments.reduce((sum, payment) => sum + payment.amountMinor, 0);
  if (amount !== paid - section.deductedMinor) {
    throw new BankFileError(
      `deposit amount ${amount} differs from payments ${paid} less deductions ${section.deductedMinor}`,
      lineNo,
    );
  }
  return section.payments
    .filter((payment) => payment.amountMinor > 0)
    .map((payment) => toLine(payment, section, bookingDate));
}

interface RecordCounts {
  payments: number;
  deductions: number;
  extraReferences: number;
  deposits: number;
}

function checkEndRecord(record: string, lineNo: number, counted: RecordCounts): void {
  const checks: [number, number, number, string][] = [
    [3, 10, counted.payments, 'payment (TK20)'],
    [11, 18, counted.deductions, 'deduction (TK21)'],
    [19, 26, counted.extraReferences, 'extra reference (TK22/TK23)'],
    [27, 34, counted.deposits, 'deposit (TK15)'],
  ];
  for (const [from, to, actual, what] of checks) {
    const stated = numeric(record, from, to, lineNo, `number of ${what} records`);
    if (stated !== actual) {
      throw new BankFileError(
        `the end record counts ${stated} ${what} records, the file has ${actual}; it may be truncated`,
        lineNo,
      );
    }
  }
}

function openSection(record: string, lineNo: number): Section {
  const receiver =
    field(record, 3, 12).replace(/^0+/, '').trim() || field(record, 13, 22).replace(/^0+/, '').trim();
  const currency = field(record, 23, 25).trim() || 'SEK';
  // Amounts are in hundredths (öre, cent), which is right only for currencies with two decimals.
  if (CURRENCY_EXPONENTS[currency] !== 2) {
    throw new BankFileError(`unsupported currency "${currency}"`, lineNo);
  }
  return { lineNo, receiver, currency, payments: [], deductions: 0, deductedMinor: 0 };
}

/** Parses a BgMax file (given as text, decoded from ISO 8859-1) into its payments (TK20). */
export function parseBgMax(content: string): ParsedBankFile {
  assertBankFileSize(content);
  const records = stripByteOrderMark(content).split(/\r?\n/);
  const lines: BankPaymentLine[] = [];
  const counted: RecordCounts = { payments: 0, deductions: 0, extraReferences: 0, deposits: 0 };
  let section: Section | null = null;
  // The record that TK22-TK29 describe: the last TK20, or null after a TK21 whose details we do not keep.
  let payment: Payment | null = null;
  let started = false;
  let ended = false;

  records.forEach((raw, index) => {
    const lineNo = index + 1;
    const trimmed = raw.trimEnd();
    if (trimmed === '') return;
    if (ended) throw new BankFileError('content after the end record (TK70)', lineNo);
    if (trimmed.length > RECORD_LENGTH) {
      throw new BankFileError(`record is longer than ${RECORD_LENGTH} characters`, lineNo);
    }
    const record = trimmed.padEnd(RECORD_LENGTH, ' ');
    const code = field(record, 1, 2);
    if (!started) {
      if (code !== '01' || field(record, 3, 22).trim() !== 'BGMAX') {
        throw new BankFileError('a BgMax file starts with a TK01 record for layout BGMAX', lineNo);
      }
      started = true;
      return;
    }
    const inSection = (): Section => {
      if (!section) throw new BankFileError(`TK${code} outside a deposit section (TK05 ... TK15)`, lineNo);
      return section;
    };
    switch (code) {
      case '01':
        throw new BankFileError('a second start record (TK01)', lineNo);
      case '05':
        if (section) throw new BankFileError('TK05 before the previous section ended with TK15', lineNo);
        section = openSection(record, lineNo);
        payment = null;
        return;
      case '20': {
        const open = inSection();
        counted.payments += 1;
        const serial = field(record, 58, 69).trim();
        if (serial === '') throw new BankFileError('payment without a BGC serial number', lineNo);
        payment = {
          lineNo,
          serial,
          amountMinor: numeric(record, 38, 55, lineNo, 'payment amount'),
          reference: paymentReference(record),
          extraReferences: new Set(),
          hasNegativeExtraReference: false,
          payerName: null,
        };
        open.payments.push(payment);
        return;
      }
      case '21': {
        // A deduction is not money received: it only explains why the deposit is less than the payments.
        const open = inSection();
        counted.deductions += 1;
        open.deductions += 1;
        open.deductedMinor += numeric(record, 38, 55, lineNo, 'deduction amount');
        payment = null;
        return;
      }
      case '22':
      case '23': {
        inSection();
        counted.extraReferences += 1;
        if (!payment) return;
        if (code === '23') payment.hasNegativeExtraReference = true;
        else {
          const reference = normalizeReference(field(record, 13, 37));
          if (reference) payment.extraReferences.add(reference);
        }
        return;
      }
      case '26':
        inSection();
        if (payment) payment.payerName = field(record, 3, 37).trim() || null;
        return;
      case '15': {
        const open = inSection();
        counted.deposits += 1;
        lines.push(...closeSection(open, record, lineNo));
        section = null;
        payment = null;
        return;
      }
      case '70':
        if (section) throw new BankFileError('end record (TK70) inside an open deposit section', lineNo);
        checkEndRecord(record, lineNo, counted);
        ended = true;
        return;
      default:
        // TK25 (information text), TK27-TK29 (address, organisation number) and unknown codes are not needed.
        return;
    }
  });

  if (!started) throw new BankFileError('empty file');
  if (!ended) throw new BankFileError('no end record (TK70): the file is truncated');
  return { format: 'bgmax', lines: uniqueBankReferences(lines) };
}
