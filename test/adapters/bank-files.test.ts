import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BankFileError, parseBankFile } from '../../src/payments/bank-files/bank-file.ts';
import { parseBgMax } from '../../src/payments/bank-files/bgmax.ts';
import { decimalToMinor, parseCamt054 } from '../../src/payments/bank-files/camt054.ts';
import { writeBgMax, writeCamt054 } from '../support/bank-file-writers.ts';

const fixture = (name: string, encoding: BufferEncoding) =>
  readFileSync(new URL(`../fixtures/bank-files/${name}`, import.meta.url), encoding);

// BgMax files are ISO 8859-1, as Bankgirot delivers them.
const bgmaxSample = fixture('bgmax-sample.txt', 'latin1');
const camtSample = fixture('camt054-sample.xml', 'utf8');

function replaceRecord(file: string, code: string, replace: (record: string) => string): string {
  return file
    .split('\r\n')
    .map((record) => (record.startsWith(code) ? replace(record) : record))
    .join('\r\n');
}

describe('BgMax', () => {
  it('reads the payments of both deposits, booked on the date of their deposit record', () => {
    const parsed = parseBankFile(bgmaxSample);
    expect(parsed.format).toBe('bgmax');
    expect(parsed.lines).toEqual([
      {
        lineNo: 3,
        bankReference: '50501055/20250314/000410000101',
        reference: '202501797',
        amountMinor: 125000,
        currency: 'SEK',
        bookingDate: '2025-03-14',
        payerName: 'Anna Svensson',
      },
      {
        // No reference of its own: the single extra reference record (TK22) stands in.
        lineNo: 7,
        bankReference: '50501055/20250314/000410000102',
        reference: '202501896',
        amountMinor: 49900,
        currency: 'SEK',
        bookingDate: '2025-03-14',
        payerName: 'Björk & Söner AB',
      },
      {
        lineNo: 11,
        bankReference: '50501055/20250314/000410000103',
        reference: 'Fakt10117',
        amountMinor: 12345,
        currency: 'SEK',
        bookingDate: '2025-03-14',
        payerName: null,
      },
      {
        // The name after the deduction (TK21) is the deduction's, not this payment's.
        lineNo: 15,
        bankReference: '50501055/20250317/000420000201',
        reference: '202501995',
        amountMinor: 1000000,
        currency: 'SEK',
        bookingDate: '2025-03-17',
        payerName: 'Kalles Plåt AB',
      },
      {
        // Reference code 3 with two references: neither alone describes the payment.
        lineNo: 20,
        bankReference: '50501055/20250317/000420000203',
        reference: null,
        amountMinor: 30000,
        currency: 'SEK',
        bookingDate: '2025-03-17',
        payerName: 'Berits Garn',
      },
    ]);
  });

  it('accepts records with their trailing blanks stripped and LF line ends', () => {
    const stripped = bgmaxSample
      .split('\r\n')
      .map((record) => record.trimEnd())
      .join('\n');
    expect(parseBgMax(stripped).lines.map((line) => line.amountMinor)).toEqual([
      125000, 49900, 12345, 1000000, 30000,
    ]);
  });

  it('numbers repeated BGC serial numbers instead of letting one payment hide another', () => {
    const file = writeBgMax(
      [
        { reference: '1446', amountMinor: 100, bankReference: '7' },
        { reference: '1545', amountMinor: 200, bankReference: '7' },
      ],
      { date: '2025-01-02', bankgiro: '5050-1055' },
    );
    expect(parseBgMax(file).lines.map((line) => line.bankReference)).toEqual([
      '50501055/20250102/000000000007',
      '50501055/20250102/000000000007#2',
    ]);
  });

  it('refuses a file whose end record counts another number of payments', () => {
    const damaged = replaceRecord(bgmaxSample, '70', (record) => `7000000004${record.slice(10)}`);
    expect(() => parseBgMax(damaged)).toThrow(BankFileError);
    expect(() => parseBgMax(damaged)).toThrow(/line 23: .*4 payment \(TK20\) records, the file has 5/);
  });

  it('refuses a deposit whose amount is not its payments less its deductions', () => {
    const damaged = bgmaxSample.replace('000000000001010000SEK', '000000000001030000SEK');
    expect(() => parseBgMax(damaged)).toThrow(/line 22: deposit amount 1030000 differs/);
  });

  it('refuses a truncated file and a file that is no BgMax', () => {
    const truncated = bgmaxSample.split('\r\n').slice(0, 13).join('\r\n');
    expect(() => parseBgMax(truncated)).toThrow(/no end record/);
    expect(() => parseBgMax('01BGMIN               01')).toThrow(BankFileError);
  });
});

describe('camt.054', () => {
  it('reads booked credit transactions only, each with its own amount, reference and payer', () => {
    const parsed = parseBankFile(camtSample);
    expect(parsed.format).toBe('camt054');
    expect(parsed.lines).toEqual([
      {
        lineNo: 1,
        bankReference: 'TX-88120001-01',
        reference: '202501797',
        amountMinor: 125000,
        currency: 'SEK',
        bookingDate: '2025-03-14',
        payerName: 'Anna Svensson',
      },
      {
        lineNo: 2,
        bankReference: 'NTRY-88120004/E2E-2025-0077',
        reference: 'RF18539007547034',
        amountMinor: 20000,
        currency: 'SEK',
        bookingDate: '2025-03-14',
        payerName: 'Björk & Söner AB',
      },
      {
        lineNo: 3,
        bankReference: 'NTRY-88120004:2',
        reference: '1446',
        amountMinor: 7525,
        currency: 'SEK',
        bookingDate: '2025-03-14',
        payerName: null,
      },
      {
        lineNo: 4,
        bankReference: 'NTRY-88120006',
        reference: null,
        amountMinor: 50000,
        currency: 'SEK',
        bookingDate: '2025-03-14',
        payerName: 'Berits Garn',
      },
      {
        lineNo: 5,
        bankReference: 'JP-440021',
        reference: null,
        amountMinor: 5000,
        currency: 'JPY',
        bookingDate: '2025-03-15',
        payerName: null,
      },
    ]);
  });

  it('reads newer versions with a namespace prefix, Sts/Cd and Dbtr/Pty', () => {
    const xml = `<?xml version="1.0"?>
      <n:Document xmlns:n="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><n:BkToCstmrDbtCdtNtfctn>
        <n:Ntfctn><n:Ntry>
          <n:Amt Ccy="EUR">10.5</n:Amt><n:CdtDbtInd>CRDT</n:CdtDbtInd><n:Sts><n:Cd>BOOK</n:Cd></n:Sts>
          <n:BookgDt><n:Dt>2025-02-28</n:Dt></n:BookgDt><n:AcctSvcrRef>A1</n:AcctSvcrRef>
          <n:NtryDtls><n:TxDtls>
            <n:RltdPties><n:Dbtr><n:Pty><n:Nm>Oy Esimerkki Ab</n:Nm></n:Pty></n:Dbtr></n:RltdPties>
            <n:RmtInf><n:Strd><n:CdtrRefInf><n:Ref>00000 00012 34561</n:Ref></n:CdtrRefInf></n:Strd></n:RmtInf>
          </n:TxDtls></n:NtryDtls>
        </n:Ntry></n:Ntfctn>
      </n:BkToCstmrDbtCdtNtfctn></n:Document>`;
    expect(parseCamt054(xml).lines).toEqual([
      {
        lineNo: 1,
        bankReference: 'A1',
        reference: '000000001234561',
        amountMinor: 1050,
        currency: 'EUR',
        bookingDate: '2025-02-28',
        payerName: 'Oy Esimerkki Ab',
      },
    ]);
  });

  it('refuses XML with a document type or entity declarations', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE Document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
      <Document><BkToCstmrDbtCdtNtfctn><Ntfctn><Ntry><AddtlNtryInf>&b;</AddtlNtryInf></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
    expect(() => parseBankFile(bomb)).toThrow(/document type or entity declaration/);
    const entityOnly = camtSample.replace('<Document', '<!ENTITY x SYSTEM "file:///etc/passwd"><Document');
    expect(() => parseCamt054(entityOnly)).toThrow(BankFileError);
  });

  it('refuses an amount with more decimals than its currency has', () => {
    expect(() => parseCamt054(camtSample.replaceAll('>1250.00<', '>1250.001<'))).toThrow(
      /amount 1250\.001 SEK has more than 2 decimals/,
    );
    expect(() => parseCamt054(camtSample.replace('>5000<', '>5000.5<'))).toThrow(/more than 0 decimals/);
  });

  it('converts decimal amounts to minor units exactly', () => {
    expect(decimalToMinor('0.1', 'SEK')).toBe(10);
    expect(decimalToMinor('1234567.89', 'SEK')).toBe(123456789);
    expect(decimalToMinor('0.29', 'EUR')).toBe(29);
    expect(decimalToMinor('12.340', 'EUR')).toBe(1234);
    expect(decimalToMinor('5000', 'JPY')).toBe(5000);
    expect(decimalToMinor('1.234', 'BHD')).toBe(1234);
    expect(() => decimalToMinor('1e3', 'SEK')).toThrow(BankFileError);
    expect(() => decimalToMinor('-5.00', 'SEK')).toThrow(BankFileError);
    expect(() => decimalToMinor('5.00', 'XXY')).toThrow(/unknown currency/);
  });

  it('refuses XML that is not a camt.054 notification and files that are no bank file at all', () => {
    expect(() => parseCamt054('<Document><BkToCstmrStmt/></Document>')).toThrow(/not a camt\.054/);
    expect(() => parseCamt054('<Document><BkToCstmrDbtCdtNtfctn></Document>')).toThrow(/invalid XML/);
    expect(() => parseBankFile('<Document><BkToCstmrStmt/></Document>')).toThrow(/unknown bank file format/);
    expect(() => parseBankFile('date;amount;reference\n2025-03-14;100.00;1446\n')).toThrow(BankFileError);
    expect(() => parseBankFile('x'.repeat(20 * 1024 * 1024 + 1))).toThrow(/larger than 20 MB/);
  });
});

describe('test writers round-trip through the parsers', () => {
  const reference = fc.option(fc.stringMatching(/^[0-9A-Z]{1,25}$/), { nil: null });
  const payerName = fc.option(fc.stringMatching(/^[A-Za-zÅÄÖåäö&][A-Za-zÅÄÖåäö& .]{0,33}[A-Za-z]$/), {
    nil: undefined,
  });

  it('BgMax', () => {
    const payment = fc.record({ reference, amountMinor: fc.integer({ min: 1, max: 1e13 }), payerName });
    fc.assert(
      fc.property(fc.array(payment, { maxLength: 20 }), (payments) => {
        const parsed = parseBankFile(writeBgMax(payments, { date: '2025-06-30' }));
        expect(parsed.format).toBe('bgmax');
        expect(
          parsed.lines.map(({ reference, amountMinor, currency, bookingDate, payerName }) => ({
            reference,
            amountMinor,
            currency,
            bookingDate,
            payerName,
          })),
        ).toEqual(
          payments.map((p) => ({
            reference: p.reference,
            amountMinor: p.amountMinor,
            currency: 'SEK',
            bookingDate: '2025-06-30',
            payerName: p.payerName ?? null,
          })),
        );
        expect(new Set(parsed.lines.map((line) => line.bankReference)).size).toBe(payments.length);
      }),
    );
  });

  it('camt.054', () => {
    const payment = fc.record({
      reference,
      amountMinor: fc.integer({ min: 1, max: 1e13 }),
      currency: fc.constantFrom('SEK', 'EUR', 'NOK', 'JPY', 'ISK', 'BHD'),
      payerName,
    });
    fc.assert(
      fc.property(fc.array(payment, { maxLength: 20 }), (payments) => {
        const withReferences = payments.map((p, i) => ({ ...p, bankReference: `BANK-${i}` }));
        const parsed = parseBankFile(writeCamt054(withReferences, { date: '2024-02-29' }));
        expect(parsed.format).toBe('camt054');
        expect(parsed.lines).toEqual(
          withReferences.map((p, i) => ({
            lineNo: i + 1,
            bankReference: p.bankReference,
            reference: p.reference,
            amountMinor: p.amountMinor,
            currency: p.currency,
            bookingDate: '2024-02-29',
            payerName: p.payerName ?? null,
          })),
        );
      }),
    );
  });
});
