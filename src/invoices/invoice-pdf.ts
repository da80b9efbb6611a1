import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { EuSupplies, VatExemption } from '../domain/einvoice/vat-exemption.ts';
import { minorUnitExponent } from '../domain/money.ts';
import type { ReferenceScheme } from '../domain/payment-references.ts';
import {
  countryName,
  documentTexts,
  formatAmount,
  formatDate,
  formatDecimal,
  formatMoney,
  type Language,
} from './document-texts.ts';
import {
  CELL,
  COLUMNS,
  CONTENT_BOTTOM,
  DESCRIPTION_WIDTH,
  FOOTER_TOP,
  heightOf,
  INK,
  LABEL,
  LEFT,
  MM,
  MUTED,
  PAD,
  type Pen,
  RIGHT,
  RULE,
  rule,
  SHADE,
  SMALL,
  type Style,
  TOP,
  VALUE,
  WIDTH,
  write,
} from './pdf-pen.ts';

export interface DocumentParty {
  name: string;
  addressLines: string[];
  country: string;
  vatNumber: string | null;
  organizationNumber: string | null;
  email: string | null;
}

export interface DocumentLine {
  description: string;
  periodStart: string | null;
  /** Exclusive, as everywhere in the domain; the document prints the last day included. */
  periodEnd: string | null;
  /** Decimal string. */
  quantity: string;
  /** Decimal string in major units, VAT excluded. */
  unitPrice: string;
  discountMinor: number;
  /** Net, after discount. */
  amountMinor: number;
  /** Percent as a decimal string: "25.000". */
  vatRate: string;
}

export interface InvoiceDocument {
  kind: 'invoice' | 'credit_note';
  number: string;
  issueDate: string;
  dueDate: string | null;
  language: Language;
  currency: string;
  /**
   * payTo: "Bankgiro 5050-1055", "IBAN DK50 0040 0440 1162 43" or, for FIK, "FI creditor 12345678";
   * euSupplies and vatExemption as the organization had them when the document was issued (absent on
   * documents issued before: services, no exemption).
   */
  seller: DocumentParty & {
    payTo: string | null;
    euSupplies?: EuSupplies | undefined;
    vatExemption?: VatExemption | null | undefined;
  };
  buyer: DocumentParty & { customerNumber: string };
  lines: DocumentLine[];
  vatSummary: { rate: string; baseMinor: number; vatMinor: number }[];
  totals: { netMinor: number; vatMinor: number; grossMinor: number };
  /** What is left to pay when the document is issued (account credit may have paid part); default: the total. */
  amountDueMinor?: number;
  paymentReference: { scheme: ReferenceScheme; value: string } | null;
  reverseCharge: boolean;
  creditsInvoiceNumber: string | null;
}

function title(pen: Pen): string {
  return pen.doc.kind === 'invoice' ? pen.t.invoice : pen.t.creditNote;
}

function addressLines(pen: Pen, party: DocumentParty, other: DocumentParty): string[] {
  // Postal convention: the country line is only needed when the letter crosses a border.
  if (party.country === other.country) return party.addressLines;
  return [...party.addressLines, countryName(party.country, pen.doc.language).toUpperCase()];
}

function firstPageHeader(pen: Pen): void {
  const { doc, t } = pen;
  const name: Style = { size: 13, bold: true, wrap: true };
  write(pen, doc.seller.name, LEFT, TOP, WIDTH * 0.55, name);
  let y = TOP + heightOf(pen, doc.seller.name, WIDTH * 0.55, name) + 3;
  for (const line of addressLines(pen, doc.seller, doc.buyer)) {
    write(pen, line, LEFT, y, WIDTH * 0.55, { size: 8.5, color: MUTED });
    y += 11;
  }
  write(pen, title(pen).toUpperCase(), LEFT, TOP - 2, WIDTH, { size: 20, bold: true, align: 'right' });
  const numberLabel = doc.kind === 'invoice' ? t.invoiceNumber : t.creditNoteNumber;
  write(pen, `${numberLabel} ${doc.number}`, LEFT, TOP + 24, WIDTH, { size: 10, align: 'right' });

  // DIN 5008 / C5 window envelope: the address field starts 45 mm from the top, 20 mm from the left,
  // topped by a small return address.
  const windowTop = 45 * MM;
  const returnAddress = [doc.seller.name, ...doc.seller.addressLines].join(' · ');
  write(pen, returnAddress, LEFT, windowTop, 85 * MM, { size: 6.5, color: MUTED });
  rule(pen, windowTop + 9, LEFT, LEFT + 85 * MM, RULE, 0.3);
  let buyerY = windowTop + 16;
  for (const [index, line] of [doc.buyer.name, ...addressLines(pen, doc.buyer, doc.seller)].entries()) {
    write(pen, line, LEFT, buyerY, 85 * MM, { size: 10, bold: index === 0 });
    buyerY += 13;
  }

  let metaY = windowTop;
  for (const [label, value] of metaRows(pen)) {
    write(pen, label, RIGHT - 235, metaY, 100, LABEL);
    write(pen, value, RIGHT - 135, metaY, 135, { ...VALUE, align: 'right' });
    metaY += 14;
  }
  pen.y = Math.max(buyerY, metaY, 95 * MM) + 6 * MM;
}

function metaRows(pen: Pen): [string, string][] {
  const { doc, t } = pen;
  const reference = doc.paymentReference;
  const rows: [string, string | null][] = [
    [doc.kind === 'invoice' ? t.invoiceDate : t.creditNoteDate, formatDate(doc.issueDate, doc.language)],
    [t.dueDate, doc.dueDate === null ? null : formatDate(doc.dueDate, doc.language)],
    [t.customerNumber, doc.buyer.customerNumber],
    [reference ? t.paymentReference(reference.scheme) : '', reference?.value ?? null],
    [t.yourVatNumber, doc.buyer.vatNumber],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== null && row[1] !== '');
}

function continuationHeader(pen: Pen): void {
  write(pen, pen.doc.seller.name, LEFT, TOP, WIDTH / 2, { size: 9, bold: true });
  write(pen, `${title(pen)} ${pen.doc.number}`, LEFT, TOP, WIDTH, { size: 9, align: 'right' });
  rule(pen, TOP + 15);
  pen.y = TOP + 15 + 6 * MM;
}

function tableHeader(pen: Pen): void {
  const { t, doc } = pen;
  const headers = [
    t.description,
    t.quantity,
    t.unitPrice,
    t.discount,
    t.vatPercent,
    `${t.amount} ${doc.currency}`,
  ];
  pen.pdf.rect(LEFT, pen.y, WIDTH, 18).fillColor(SHADE).fill();
  let x = LEFT;
  headers.forEach((header, index) => {
    const width = COLUMNS[index] ?? 0;
    const style: Style = { size: 8, bold: true, align: index === 0 ? 'left' : 'right' };
    write(pen, header, x + PAD, pen.y + 5.5, width - 2 * PAD, style);
    x += width;
  });
  rule(pen, pen.y + 18, LEFT, RIGHT, INK, 0.7);
  pen.y += 18;
}

/** Starts a new page when `height` does not fit on this one. */
function ensureRoom(pen: Pen, height: number, repeatTableHeader: boolean): void {
  if (pen.y + height <= CONTENT_BOTTOM) return;
  pen.pdf.addPage();
  continuationHeader(pen);
  if (repeatTableHeader) tableHeader(pen);
}

function periodText(pen: Pen, line: DocumentLine): string | null {
  if (line.periodStart === null) return null;
  const start = `${pen.t.period}: ${formatDate(line.periodStart, pen.doc.language)}`;
  if (line.periodEnd === null) return `${start} –`;
  // Readers expect the last day of the period, not the exclusive end the domain stores.
  const last = new Date(`${line.periodEnd}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  const lastDay = last.toISOString().slice(0, 10);
  if (lastDay <= line.periodStart) return start;
  return `${start} – ${formatDate(lastDay, pen.doc.language)}`;
}

function tableRow(pen: Pen, line: DocumentLine): void {
  const { doc } = pen;
  const language = doc.language;
  const period = periodText(pen, line);
  const descriptionHeight = heightOf(pen, line.description, DESCRIPTION_WIDTH, { size: 9 });
  const height = 5 + descriptionHeight + (period === null ? 0 : 10.5) + 5;
  ensureRoom(pen, height, true);
  write(pen, line.description, LEFT + PAD, pen.y + 5, DESCRIPTION_WIDTH, { size: 9, wrap: true });
  if (period !== null)
    write(pen, period, LEFT + PAD, pen.y + 6 + descriptionHeight, DESCRIPTION_WIDTH, SMALL);
  const cells = [
    formatDecimal(line.quantity, language),
    formatDecimal(line.unitPrice, language, minorUnitExponent(doc.currency)),
    line.discountMinor === 0 ? '' : formatAmount(line.discountMinor, doc.currency, language),
    formatDecimal(line.vatRate, language),
    formatAmount(line.amountMinor, doc.currency, language),
  ];
  let x = LEFT + (COLUMNS[0] ?? 0);
  cells.forEach((cell, index) => {
    const width = COLUMNS[index + 1] ?? 0;
    write(pen, cell, x + PAD, pen.y + 5, width - 2 * PAD, CELL);
    x += width;
  });
  pen.y += height;
  rule(pen, pen.y, LEFT, RIGHT, '#dddddd', 0.4);
}

function totals(pen: Pen): void {
  const { doc, t } = pen;
  const money = (minor: number) => formatMoney(minor, doc.currency, doc.language);
  const rows: [string, string][] = [[t.subtotal, money(doc.totals.netMinor)]];
  for (const v of doc.vatSummary) rows.push([t.vatOn(v.rate, v.baseMinor, doc.currency), money(v.vatMinor)]);
  ensureRoom(pen, 8 + rows.length * 15 + 26, false);
  const x = RIGHT - 270;
  pen.y += 8;
  for (const [label, value] of rows) {
    write(pen, label, x, pen.y, 170, { size: 9 });
    write(pen, value, x + 170, pen.y, 100 - PAD, CELL);
    pen.y += 15;
  }
  rule(pen, pen.y, x, RIGHT, INK, 0.8);
  pen.y += 6;
  const total: Style = { size: 11, bold: true };
  write(pen, t.total, x, pen.y, 150, total);
  write(pen, money(doc.totals.grossMinor), x + 150, pen.y, 120 - PAD, { ...total, align: 'right' });
  pen.y += 15;
  rule(pen, pen.y, x, RIGHT, INK, 0.8);
  rule(pen, pen.y + 2, x, RIGHT, INK, 0.8);
  pen.y += 16;
}

function notes(pen: Pen): void {
  const { doc, t } = pen;
  const texts: [string, Style][] = [];
  const strong: Style = { size: 9, bold: true, wrap: true };
  if (doc.reverseCharge)
    texts.push([doc.seller.euSupplies === 'goods' ? t.intraCommunitySupply : t.reverseCharge, strong]);
  else if (doc.seller.vatExemption && doc.vatSummary.some((g) => Number(g.rate) === 0))
    texts.push([t.vatExempt(doc.seller.vatExemption.reason), strong]);
  texts.push([t.roundingNote(doc.currency), { ...SMALL, wrap: true }]);
  for (const [text, style] of texts) {
    const height = heightOf(pen, text, WIDTH, style);
    ensureRoom(pen, height + 6, false);
    write(pen, text, LEFT, pen.y, WIDTH, style);
    pen.y += height + 6;
  }
}

/**
 * What the payer types in: the reference itself, or for Danish FIK the payment line "+71<reference+creditor<"
 * when `seller.payTo` names the 8-digit creditor number ("FI creditor 85123456", "FI-kreditor 85123456").
 */
function referenceText(doc: InvoiceDocument): string | null {
  const reference = doc.paymentReference;
  if (reference === null) return null;
  if (reference.scheme !== 'dk_fik71') return reference.value;
  const creditor = /(?:creditor|kreditor)\D*(\d{8})\b/i.exec(doc.seller.payTo ?? '')?.[1];
  return creditor === undefined ? reference.value : `+71<${reference.value}+${creditor}<`;
}

function paymentBox(pen: Pen): void {
  const { doc, t } = pen;
  const money = formatMoney(
    Math.abs(doc.kind === 'invoice' ? (doc.amountDueMinor ?? doc.totals.grossMinor) : doc.totals.grossMinor),
    doc.currency,
    doc.language,
  );
  const scheme = doc.paymentReference?.scheme;
  const rows: [string, string | null, boolean][] =
    doc.kind === 'invoice'
      ? [
          [t.payTo, doc.seller.payTo, false],
          [scheme ? t.paymentReference(scheme) : '', referenceText(doc), true],
          [t.amountDue, money, true],
          [t.dueDate, doc.dueDate === null ? null : formatDate(doc.dueDate, doc.language), true],
        ]
      : [[t.amountCredited, money, true]];
  const shown = rows.filter((row) => row[1] !== null);
  const height = 14 + shown.length * 15;
  ensureRoom(pen, height + 6, false);
  pen.y += 6;
  pen.pdf.rect(LEFT, pen.y, WIDTH, height).lineWidth(0.8).strokeColor(INK).stroke();
  let y = pen.y + 9;
  for (const [label, value, bold] of shown) {
    write(pen, label, LEFT + 10, y, 115, { ...LABEL, size: 9.5 });
    write(pen, value ?? '', LEFT + 130, y, WIDTH - 140, { size: 9.5, bold });
    y += 15;
  }
  pen.y += height;
}

function footers(pen: Pen): void {
  const { pdf, doc, t } = pen;
  const seller = doc.seller;
  const first = [seller.name, ...seller.addressLines, countryName(seller.country, doc.language)];
  const second = [
    seller.organizationNumber === null ? null : `${t.organizationNumber} ${seller.organizationNumber}`,
    seller.vatNumber === null ? null : `${t.ourVatNumber} ${seller.vatNumber}`,
    seller.email,
  ].filter((part) => part !== null);
  const range = pdf.bufferedPageRange();
  for (let index = 0; index < range.count; index++) {
    pdf.switchToPage(range.start + index);
    rule(pen, FOOTER_TOP);
    write(pen, first.join(' · '), LEFT, FOOTER_TOP + 6, WIDTH - 75, SMALL);
    write(pen, second.join(' · '), LEFT, FOOTER_TOP + 16, WIDTH - 75, SMALL);
    const page = t.pageOf(index + 1, range.count);
    write(pen, page, RIGHT - 75, FOOTER_TOP + 6, 75, { ...SMALL, align: 'right' });
  }
}

export interface PdfOptions {
  /**
   * PDF/A-3b, as ZUGFeRD / Factur-X needs it: the sRGB output intent and the XMP metadata; `attach` adds the embedded files and
   * their metadata before the document ends.
   */
  pdfA3?: { attach: (pdf: PDFKit.PDFDocument) => void };
}

const fontFile = (face: string) =>
  readFileSync(fileURLToPath(import.meta.resolve(`open-sans-fonts/open-sans/${face}/OpenSans-${face}.ttf`)));
let openSans: { Helvetica: Buffer; 'Helvetica-Bold': Buffer } | undefined;
/** The embedded fonts, read once. */
function embeddedFonts() {
  openSans ??= { Helvetica: fontFile('Regular'), 'Helvetica-Bold': fontFile('Bold') };
  return openSans;
}

/** Renders an invoice or credit note as an A4 PDF; the same document always gives the same bytes. */
export function renderInvoicePdf(doc: InvoiceDocument, options: PdfOptions = {}): Promise<Buffer> {
  const t = documentTexts(doc.language);
  const heading = `${doc.kind === 'invoice' ? t.invoice : t.creditNote} ${doc.number}`;
  const pdf = new PDFDocument({
    // The first font is loaded as the document is made: it must be an embedded one too (PDF/A needs
    // that, and the standard Helvetica knows WinAnsi only).
    font: embeddedFonts().Helvetica as never,
    ...(options.pdfA3 ? { subset: 'PDF/A-3b' as const, pdfVersion: '1.7' as const } : {}),
    size: 'A4',
    margins: { top: TOP, bottom: 10 * MM, left: LEFT, right: 595.28 - RIGHT },
    bufferPages: true,
    lang: doc.language,
    displayTitle: true,
    // pdfkit derives the file ID from the info dictionary, so a fixed creation date makes the bytes stable.
    info: {
      Title: heading,
      Author: doc.seller.name,
      Subject: heading,
      Creator: 'kassa',
      CreationDate: new Date(`${doc.issueDate}T00:00:00Z`),
    },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  // Open Sans (OFL) stands in for Helvetica in every PDF: Latin with its extensions (ł, ő, ø), Greek
  // and Cyrillic print as written, and are read back by text extraction as written.
  for (const [name, file] of Object.entries(embeddedFonts())) pdf.registerFont(name, file);
  const pen: Pen = { pdf, doc, t, y: TOP };
  firstPageHeader(pen);
  if (doc.creditsInvoiceNumber !== null) {
    write(pen, t.creditsInvoice(doc.creditsInvoiceNumber), LEFT, pen.y, WIDTH, { size: 10, bold: true });
    pen.y += 18;
  }
  tableHeader(pen);
  for (const line of doc.lines) tableRow(pen, line);
  totals(pen);
  notes(pen);
  paymentBox(pen);
  footers(pen);
  options.pdfA3?.attach(pdf);
  pdf.end();
  return finished;
}
