import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney } from '../../src/invoices/document-texts.ts';
import { type DocumentLine, type InvoiceDocument, renderInvoicePdf } from '../../src/invoices/invoice-pdf.ts';
import { pdfPages } from '../support/pdf-text.ts';

const line = (overrides: Partial<DocumentLine>): DocumentLine => ({
  description: 'Line',
  periodStart: null,
  periodEnd: null,
  quantity: '1',
  unitPrice: '0',
  discountMinor: 0,
  amountMinor: 0,
  vatRate: '25.000',
  ...overrides,
});

const danish: InvoiceDocument = {
  kind: 'invoice',
  number: '2026-0123',
  issueDate: '2026-11-23',
  dueDate: '2026-12-07',
  language: 'da',
  currency: 'DKK',
  seller: {
    name: 'Nordlys ApS',
    addressLines: ['Vesterbrogade 12, 2. th.', '1620 København V'],
    country: 'DK',
    vatNumber: 'DK12345674',
    organizationNumber: '12345674',
    email: 'faktura@nordlys.dk',
    payTo: 'FI creditor 85123456',
  },
  buyer: {
    name: 'Bageriet Ærø ApS',
    addressLines: ['Søndergade 4', '5970 Ærøskøbing'],
    country: 'DK',
    vatNumber: 'DK87654311',
    organizationNumber: '87654311',
    email: null,
    customerNumber: '10042',
  },
  lines: [
    line({
      description: 'Abonnement Pro',
      periodStart: '2026-11-01',
      periodEnd: '2026-12-01',
      unitPrice: '499.00',
      amountMinor: 49900,
    }),
    line({
      description: 'Ekstra brugere (10 % rabat)',
      periodStart: '2026-11-01',
      periodEnd: '2026-12-01',
      quantity: '3',
      unitPrice: '79.50',
      discountMinor: 2385,
      amountMinor: 21465,
    }),
    line({ description: 'Opsætning og oplæring, engangsbeløb', unitPrice: '1250', amountMinor: 125000 }),
  ],
  vatSummary: [{ rate: '25.000', baseMinor: 196365, vatMinor: 49091 }],
  totals: { netMinor: 196365, vatMinor: 49091, grossMinor: 245456 },
  paymentReference: { scheme: 'dk_fik71', value: '000020260001233' },
  reverseCharge: false,
  creditsInvoiceNumber: null,
};

const swedish: InvoiceDocument = {
  kind: 'invoice',
  number: '20260457',
  issueDate: '2026-11-23',
  dueDate: '2026-12-23',
  language: 'sv',
  currency: 'SEK',
  seller: {
    name: 'Fjällsoft AB',
    addressLines: ['Storgatan 1', '111 22 Stockholm'],
    country: 'SE',
    vatNumber: 'SE556677889901',
    organizationNumber: '556677-8899',
    email: 'ekonomi@fjallsoft.se',
    payTo: 'Bankgiro 5050-1055',
  },
  buyer: {
    name: 'Helsingfors Bryggeri Ab',
    addressLines: ['Mannerheimvägen 5', '00100 Helsingfors'],
    country: 'FI',
    vatNumber: 'FI12345671',
    organizationNumber: null,
    email: null,
    customerNumber: '3001',
  },
  lines: [
    line({
      description: 'Licens Företag, 12 användare',
      periodStart: '2026-12-01',
      periodEnd: '2027-01-01',
      quantity: '12',
      unitPrice: '149.00',
      amountMinor: 178800,
      vatRate: '0.000',
    }),
    line({
      description: 'Support, timmar',
      quantity: '2.5',
      unitPrice: '950.00',
      amountMinor: 237500,
      vatRate: '0.000',
    }),
  ],
  vatSummary: [{ rate: '0.000', baseMinor: 416300, vatMinor: 0 }],
  totals: { netMinor: 416300, vatMinor: 0, grossMinor: 416300 },
  paymentReference: { scheme: 'se_ocr', value: '2026045704' },
  reverseCharge: true,
  creditsInvoiceNumber: null,
};

const german: InvoiceDocument = {
  kind: 'credit_note',
  number: 'GS-2026-0009',
  issueDate: '2026-11-23',
  dueDate: null,
  language: 'de',
  currency: 'EUR',
  seller: {
    name: 'Kassa Demo GmbH',
    addressLines: ['Friedrichstraße 100', '10117 Berlin'],
    country: 'DE',
    vatNumber: 'DE123456788',
    organizationNumber: 'HRB 123456 B',
    email: 'rechnung@kassa-demo.de',
    payTo: 'IBAN DE89 3704 0044 0532 0130 00',
  },
  buyer: {
    name: 'Müller & Söhne KG',
    addressLines: ['Große Bäckerstraße 7', '20095 Hamburg'],
    country: 'DE',
    vatNumber: 'DE987654328',
    organizationNumber: null,
    email: null,
    customerNumber: 'K-7781',
  },
  lines: [
    line({
      description: 'Jahresabo Teams, anteilig nach Kündigung',
      periodStart: '2026-10-01',
      periodEnd: '2027-01-01',
      unitPrice: '-240.00',
      amountMinor: -24000,
      vatRate: '19.000',
    }),
  ],
  vatSummary: [{ rate: '19.000', baseMinor: -24000, vatMinor: -4560 }],
  totals: { netMinor: -24000, vatMinor: -4560, grossMinor: -28560 },
  paymentReference: null,
  reverseCharge: false,
  creditsInvoiceNumber: 'RE-2026-0077',
};

const usageLines = Array.from({ length: 80 }, (_, index) =>
  line({
    description: `API usage, project ${index + 1}`,
    periodStart: '2026-10-01',
    periodEnd: '2026-11-01',
    quantity: String(101 + index),
    unitPrice: '12.50',
    amountMinor: (101 + index) * 1250,
  }),
);

const english: InvoiceDocument = {
  ...danish,
  number: 'INV-2026-0999',
  language: 'en',
  currency: 'EUR',
  buyer: {
    ...danish.buyer,
    name: 'Acme Analytics Ltd',
    addressLines: ['1 Dock Road', 'Dublin 2'],
    country: 'IE',
  },
  lines: usageLines,
  vatSummary: [{ rate: '25.000', baseMinor: 14050000, vatMinor: 3512500 }],
  totals: { netMinor: 14050000, vatMinor: 3512500, grossMinor: 17562500 },
  seller: { ...danish.seller, payTo: 'IBAN DK50 0040 0440 1162 43' },
  paymentReference: { scheme: 'rf', value: 'RF622026000999' },
};

/** The PDF's bytes and its text, one string per page (read with pdf.js, see test/support/pdf-text.ts). */
async function render(doc: InvoiceDocument): Promise<{ bytes: Buffer; text: string; pages: string[] }> {
  const bytes = await renderInvoicePdf(doc);
  // No-break spaces (sv/da thousands, "25 %") come out as U+00A0; the assertions are written with spaces.
  const pages = (await pdfPages(bytes)).map((page) => page.replaceAll('\u00a0', ' '));
  const text = pages.join('\f');
  return { bytes, text, pages };
}

describe('document texts', () => {
  it('formats money and dates as each language writes them', () => {
    expect(formatMoney(123450, 'DKK', 'da').replaceAll('\u00a0', ' ')).toBe('1.234,50 kr.');
    expect(formatMoney(-123450, 'SEK', 'sv').replaceAll('\u00a0', ' ')).toBe('-1 234,50 kr');
    expect(formatMoney(123450, 'EUR', 'de').replaceAll('\u00a0', ' ')).toBe('1.234,50 €');
    expect(formatMoney(123450, 'EUR', 'en')).toBe('€1,234.50');
    expect(formatMoney(500, 'JPY', 'en')).toBe('JP¥500');
    expect(formatDate('2026-11-23', 'da')).toBe('23.11.2026');
    expect(formatDate('2026-11-23', 'sv')).toBe('2026-11-23');
    expect(formatDate('2026-11-23', 'de')).toBe('23.11.2026');
    expect(formatDate('2026-11-23', 'en')).toBe('23 Nov 2026');
    expect(() => formatDate('2026-02-30', 'da')).toThrow();
  });
});

describe('invoice PDF', () => {
  it('prints names in any European script as written: Łódź, Ørsted, Ωmega, Ђорђе, Gődör', async () => {
    const { text } = await render({
      ...danish,
      buyer: {
        ...danish.buyer,
        name: 'Ørsted Łódź Sp. z o.o.',
        addressLines: ['Ωmega Οδός 5', 'Ђорђе Gődör'],
      },
      lines: [line({ description: 'Licens Ωmega, 北京' })],
    });
    for (const written of ['Ørsted Łódź Sp. z o.o.', 'Ωmega Οδός 5', 'Ђорђе Gődör'])
      expect(text).toContain(written);
    // A letter the embedded font lacks shows as a gap, never as a wrong letter.
    expect(text).toContain('Licens Ωmega, ??');
  });

  it('renders a Danish invoice with FIK payment line, totals and periods', async () => {
    const { bytes, text } = await render(danish);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(text).toContain('FAKTURA');
    expect(text).toContain('Fakturanr. 2026-0123');
    expect(text).toMatch(/Fakturadato\s+23\.11\.2026/);
    expect(text).toMatch(/Forfaldsdato\s+07\.12\.2026/);
    expect(text).toMatch(/Kundenr\.\s+10042/);
    expect(text).toContain('Bageriet Ærø ApS');
    expect(text).toContain('Periode: 01.11.2026 – 30.11.2026');
    expect(text).toMatch(/Ekstra brugere \(10 % rabat\)\s+3\s+79,50\s+23,85\s+25\s+214,65/);
    expect(text).toMatch(/Subtotal ekskl\. moms\s+1\.963,65 kr\./);
    expect(text).toMatch(/Moms 25 % af 1\.963,65\s+490,91 kr\./);
    expect(text).toMatch(/I alt inkl\. moms\s+2\.454,56 kr\./);
    expect(text).toMatch(/FI-kode\s+\+71<000020260001233\+85123456</);
    expect(text).toMatch(/Beløb til betaling\s+2\.454,56 kr\./);
    expect(text).toContain('CVR-nr. 12345674 · Vores momsnr. DK12345674 · faktura@nordlys.dk');
    expect(text).toContain('Side 1 af 1');
    expect(text).not.toContain('Omvendt betalingspligt');
  });

  it('renders a Swedish reverse-charge invoice with OCR number and Bankgiro', async () => {
    const { bytes, text } = await render(swedish);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(text).toContain('Fakturanummer 20260457');
    expect(text).toMatch(/OCR-nummer\s+2026045704/);
    expect(text).toMatch(/Betalas till\s+Bankgiro 5050-1055/);
    expect(text).toMatch(/Att betala\s+4 163,00 kr/);
    expect(text).toMatch(/Totalt inkl\. moms\s+4 163,00 kr/);
    expect(text).toMatch(/Moms 0 % på 4 163,00\s+0,00 kr/);
    expect(text).toMatch(/Support, timmar\s+2,5\s+950,00\s+0\s+2 375,00/);
    expect(text).toContain('Omvänd skattskyldighet');
    // Open Sans runs wider than Helvetica: the note may wrap inside the directive's number.
    expect(text).toMatch(/artikel 196 i rådets direktiv 2006\/112\/\s*EG/);
    expect(text).toMatch(/Ert momsreg\.nr\s+FI12345671/);
    expect(text).toContain('FINLAND');
    expect(text).toContain('Sida 1 av 1');
  });

  it('renders a German credit note that names the invoice it credits', async () => {
    const { bytes, text } = await render(german);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(text).toContain('GUTSCHRIFT');
    expect(text).toContain('Gutschriftsnummer GS-2026-0009');
    expect(text).toContain('Korrektur zur Rechnung Nr. RE-2026-0077');
    expect(text).toContain('Zeitraum: 01.10.2026 – 31.12.2026');
    expect(text).toMatch(/USt\. 19 % auf -240,00\s+-45,60 €/);
    expect(text).toMatch(/Gesamtbetrag brutto\s+-285,60 €/);
    expect(text).toMatch(/Gutschriftsbetrag\s+285,60 €/);
    expect(text).toContain('Müller & Söhne KG');
    expect(text).toContain('Seite 1 von 1');
    expect(text).not.toContain('Fällig am');
    expect(text).not.toContain('Zahlbetrag');
  });

  it('breaks an 80-line invoice over pages, repeating the table header and numbering the pages', async () => {
    const { bytes, text, pages } = await render(english);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(page).toMatch(/Description\s+Qty\s+Unit price\s+Discount\s+VAT %\s+Amount EUR/);
    });
    expect(pages[1]).toContain('Invoice INV-2026-0999');
    for (let project = 1; project <= 80; project++) {
      expect(text.match(new RegExp(`API usage, project ${project}\\b`, 'g'))).toHaveLength(1);
    }
    expect(text).toMatch(/API usage, project 80\s+180\s+12\.50\s+25\s+2,250\.00/);
    expect(text).toMatch(/Total \(incl\. VAT\)\s+€175,625\.00/);
    expect(text).toMatch(/VAT 25% on 140,500\.00\s+€35,125\.00/);
    expect(text).toMatch(/Payment reference\s+RF622026000999/);
    expect(text).toContain('Due date');
    expect(text).toContain('7 Dec 2026');
    expect(text).toContain('Amounts are rounded per line to the nearest cent, half away from zero.');
  });

  it('gives the same bytes for the same document', async () => {
    const first = await renderInvoicePdf(danish);
    const second = await renderInvoicePdf(danish);
    expect(first.equals(second)).toBe(true);
    // The creation date is the issue date, never the clock.
    expect(first.toString('latin1')).toContain('(D:20261123000000Z)');
  });
});
