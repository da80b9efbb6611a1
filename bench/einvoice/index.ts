/**
 * E-invoice generation: 1,000 issued documents (10 lines each, three VAT rates, tier discounts,
 * prorated lines) mapped to the EN 16931 model and written in each format, in-process, without
 * validation. Baseline in the same run: JSON.stringify of the same documents, the least any writer
 * could cost. ZUGFeRD is timed on fewer documents beside the plain PDF of the same documents.
 */
import { writeCii } from '../../src/domain/einvoice/cii.ts';
import { writeUbl } from '../../src/domain/einvoice/ubl.ts';
import { type EInvoiceExtras, toEInvoice } from '../../src/einvoices/einvoice-model.ts';
import { zugferdPdf } from '../../src/einvoices/zugferd.ts';
import { type InvoiceDocument, renderInvoicePdf } from '../../src/invoices/invoice-pdf.ts';

const DOCUMENTS = Number(process.env.BENCH_EINVOICES ?? 1000);
const PDF_DOCUMENTS = Number(process.env.BENCH_EINVOICE_PDFS ?? 50);
const TARGET = 500;

function document(n: number): InvoiceDocument {
  const rates = ['25', '12', '6'];
  const lines = Array.from({ length: 10 }, (_, i) => {
    const quantity = (i % 4) + 1;
    const unit = 100 + ((n * 7 + i * 13) % 900) + 0.5;
    const gross = Math.round(quantity * unit * (i % 3 === 0 ? 0.5 : 1) * 100);
    const discount = i % 5 === 0 ? Math.round(gross * 0.1) : 0;
    return {
      description: `Subscription ${i + 1}, plan tier ${i % 3}`,
      periodStart: '2025-01-01',
      periodEnd: '2025-02-01',
      quantity: String(quantity),
      unitPrice: String(unit),
      discountMinor: discount,
      amountMinor: gross - discount,
      vatRate: rates[i % 3]!,
    };
  });
  const vatSummary = rates.map((rate) => {
    const base = lines.filter((l) => l.vatRate === rate).reduce((s, l) => s + l.amountMinor, 0);
    return { rate, baseMinor: base, vatMinor: Math.round((base * Number(rate)) / 100) };
  });
  const net = lines.reduce((s, l) => s + l.amountMinor, 0);
  const vat = vatSummary.reduce((s, g) => s + g.vatMinor, 0);
  const party = {
    addressLines: ['Storgatan 1', '111 22 Stockholm'],
    country: 'SE',
    organizationNumber: null,
    email: 'a@example.com',
  };
  return {
    kind: 'invoice',
    number: `2025-${String(n).padStart(6, '0')}`,
    issueDate: '2025-01-01',
    dueDate: '2025-01-31',
    language: 'sv',
    currency: 'SEK',
    seller: { ...party, name: 'Norrsken AB', vatNumber: 'SE556036079301', payTo: 'Bankgiro 5050-1055' },
    buyer: { ...party, name: `Kund ${n} AB`, vatNumber: 'SE556703170201', customerNumber: `C${n}` },
    lines,
    vatSummary,
    totals: { netMinor: net, vatMinor: vat, grossMinor: net + vat },
    paymentReference: { scheme: 'se_ocr', value: '1234567890' },
    reverseCharge: false,
    creditsInvoiceNumber: null,
  };
}

const EXTRAS: EInvoiceExtras = {
  prepaidMinor: 0,
  creditedInvoiceIssueDate: null,
  buyerReference: 'REF-1',
  orderReference: null,
  sellerElectronicAddress: null,
  buyerElectronicAddress: null,
  sellerPhone: '+46 8 123 456',
};

async function rate(count: number, work: (doc: InvoiceDocument) => unknown, docs: InvoiceDocument[]) {
  const started = performance.now();
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const out = await work(docs[i % docs.length]!);
    bytes += typeof out === 'string' ? out.length : (out as Buffer).length;
  }
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: Math.round(count / seconds), seconds, bytes };
}

export async function runEInvoiceBench() {
  const docs = Array.from({ length: DOCUMENTS }, (_, n) => document(n + 1));
  // Warm up the JIT on every path once, outside the timing.
  for (const doc of docs.slice(0, 20)) writeUbl(toEInvoice(doc, EXTRAS), 'peppol');
  const baseline = await rate(DOCUMENTS, (doc) => JSON.stringify(doc), docs);
  const results: Record<string, unknown> = { documents: DOCUMENTS, baseline };
  const formats: [string, (doc: InvoiceDocument) => string][] = [
    ['peppol-bis (UBL)', (doc) => writeUbl(toEInvoice(doc, EXTRAS), 'peppol')],
    ['xrechnung-ubl', (doc) => writeUbl(toEInvoice(doc, EXTRAS), 'xrechnung')],
    ['xrechnung-cii', (doc) => writeCii(toEInvoice(doc, EXTRAS), 'xrechnung')],
  ];
  for (const [name, write] of formats) {
    const measured = await rate(DOCUMENTS, write, docs);
    results[name] = measured;
    const verdict = name.startsWith('peppol')
      ? ` | target ≥ ${TARGET}/s: ${measured.perSecond >= TARGET ? 'met' : 'NOT met'}`
      : '';
    console.log(
      `${`${name}, ${DOCUMENTS} documents`.padEnd(44)} ${String(measured.perSecond).padStart(7)} documents/s | baseline JSON.stringify ${baseline.perSecond} documents/s | ratio ${(measured.perSecond / baseline.perSecond).toFixed(3)}${verdict}`,
    );
  }
  const pdfDocs = docs.slice(0, PDF_DOCUMENTS);
  await renderInvoicePdf(pdfDocs[0]!);
  const plain = await rate(PDF_DOCUMENTS, (doc) => renderInvoicePdf(doc), pdfDocs);
  const zugferd = await rate(PDF_DOCUMENTS, (doc) => zugferdPdf(toEInvoice(doc, EXTRAS), doc), pdfDocs);
  results.pdf = plain;
  results.zugferd = zugferd;
  console.log(
    `${`zugferd (PDF/A-3 + CII), ${PDF_DOCUMENTS} documents`.padEnd(44)} ${String(zugferd.perSecond).padStart(7)} documents/s | baseline plain invoice PDF ${plain.perSecond} documents/s | ratio ${(zugferd.perSecond / plain.perSecond).toFixed(3)}`,
  );
  return results;
}
