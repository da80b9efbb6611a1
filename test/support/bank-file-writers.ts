import { randomInt } from 'node:crypto';
import { formatMinorUnits } from '../../src/domain/money.ts';

/*
 * Writes bank files the way the banks do, so that tests can import payments whose references are only
 * known at test time. The parsers in src/payments/bank-files read them back.
 */

export interface BgMaxTestPayment {
  reference: string | null;
  amountMinor: number;
  /** The BGC serial number (up to 12 digits or capital letters); a random one by default. */
  bankReference?: string;
  payerName?: string;
}

export interface Camt054TestPayment {
  reference: string | null;
  amountMinor: number;
  currency: string;
  /** The transaction's AcctSvcrRef; a random one by default. */
  bankReference?: string;
  payerName?: string;
}

function assertDate(date: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`date must be YYYY-MM-DD: ${date}`);
}

function assertAmount(amountMinor: number): void {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new Error(`amountMinor must be a positive integer: ${amountMinor}`);
  }
}

// Random defaults keep two files written by different tests from sharing bank references, which the
// import would take for the same payment seen twice.
const randomSerial = () => String(randomInt(1, 1_000_000_000_000)).padStart(12, '0');

function record(text: string): string {
  if (text.length > 80) throw new Error(`BgMax record longer than 80 characters: ${text}`);
  return text.padEnd(80, ' ');
}

const digits = (value: number, width: number) => String(value).padStart(width, '0');

/**
 * A BgMax file with one deposit (TK05 ... TK15) holding the payments in order, all in SEK, paid on
 * `date`. A digits-only reference is written as a correct OCR number (reference code 2), any other as
 * "one reference" (code 4), none as a blank reference (code 0).
 */
export function writeBgMax(
  payments: BgMaxTestPayment[],
  options: { date: string; bankgiro?: string },
): string {
  assertDate(options.date);
  const date = options.date.replaceAll('-', '');
  const bankgiro = (options.bankgiro ?? '9912346').replace(/\D/g, '');
  if (bankgiro.length < 7 || bankgiro.length > 10) throw new Error(`invalid bankgiro ${options.bankgiro}`);
  const records = [record(`01${'BGMAX'.padEnd(20)}01${date}${'0'.repeat(12)}P`)];
  if (payments.length > 0) {
    records.push(record(`05${bankgiro.padStart(10, '0')}${' '.repeat(10)}SEK`));
    for (const payment of payments) {
      assertAmount(payment.amountMinor);
      const reference = payment.reference ?? '';
      if (!/^[0-9A-Za-z]{0,25}$/.test(reference))
        throw new Error(`unsupported BgMax reference "${reference}"`);
      const code = reference === '' ? '0' : /^\d+$/.test(reference) ? '2' : '4';
      const serial = payment.bankReference ?? randomSerial();
      if (!/^[0-9A-Z]{1,12}$/.test(serial)) throw new Error(`invalid BGC serial number "${serial}"`);
      records.push(
        record(
          `20${'0'.repeat(10)}${reference.padStart(25)}${digits(payment.amountMinor, 18)}${code}1${serial.padStart(12, '0')}0`,
        ),
      );
      if (payment.payerName !== undefined) {
        if (payment.payerName.length > 35) throw new Error(`payer name longer than 35: ${payment.payerName}`);
        records.push(record(`26${payment.payerName}`));
      }
    }
    const total = payments.reduce((sum, payment) => sum + payment.amountMinor, 0);
    records.push(
      record(`15${'0'.repeat(35)}${date}00001${digits(total, 18)}SEK${digits(payments.length, 8)}`),
    );
  }
  const deposits = payments.length > 0 ? 1 : 0;
  records.push(record(`70${digits(payments.length, 8)}${digits(0, 8)}${digits(0, 8)}${digits(deposits, 8)}`));
  return `${records.join('\r\n')}\r\n`;
}

function escapeXml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

function camtEntry(payment: Camt054TestPayment, index: number, date: string): string {
  assertAmount(payment.amountMinor);
  const amount = `<Amt Ccy="${escapeXml(payment.currency)}">${formatMinorUnits(payment.amountMinor, payment.currency)}</Amt>`;
  const bankReference = payment.bankReference ?? `KASSA-TEST-${randomSerial()}`;
  const debtor =
    payment.payerName === undefined
      ? ''
      : `<RltdPties><Dbtr><Nm>${escapeXml(payment.payerName)}</Nm></Dbtr></RltdPties>`;
  const remittance =
    payment.reference === null
      ? ''
      : '<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>' +
        `<Ref>${escapeXml(payment.reference)}</Ref></CdtrRefInf></Strd></RmtInf>`;
  return `
      <Ntry>
        <NtryRef>${index + 1}</NtryRef>
        ${amount}
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>${date}</Dt></BookgDt>
        <ValDt><Dt>${date}</Dt></ValDt>
        <AcctSvcrRef>ENTRY-${escapeXml(bankReference)}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><AcctSvcrRef>${escapeXml(bankReference)}</AcctSvcrRef><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
            ${amount}
            <CdtDbtInd>CRDT</CdtDbtInd>
            ${debtor}
            ${remittance}
          </TxDtls>
        </NtryDtls>
      </Ntry>`;
}

/** A camt.054.001.04 notification with one booked credit entry (with one transaction) per payment. */
export function writeCamt054(payments: Camt054TestPayment[], options: { date: string }): string {
  assertDate(options.date);
  const entries = payments.map((payment, index) => camtEntry(payment, index, options.date)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.04" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrDbtCdtNtfctn>
    <GrpHdr>
      <MsgId>KASSA-TEST-${randomSerial()}</MsgId>
      <CreDtTm>${options.date}T18:00:00</CreDtTm>
    </GrpHdr>
    <Ntfctn>
      <Id>KASSA-TEST-NOTIFICATION</Id>
      <CreDtTm>${options.date}T18:00:00</CreDtTm>
      <Acct><Id><IBAN>SE4550000000058398257466</IBAN></Id></Acct>${entries}
    </Ntfctn>
  </BkToCstmrDbtCdtNtfctn>
</Document>
`;
}
