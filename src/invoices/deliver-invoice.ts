import type { Services } from '../context.ts';
import type { Db } from '../db/transaction.ts';
import { accountEInvoiceFormat, einvoiceFile } from '../einvoices/einvoice-file.ts';
import { integrationsOf } from '../integrations.ts';
import { formatDate, formatMoney } from './document-texts.ts';
import { invoiceDocument } from './invoice-document.ts';
import { writeDocumentEvent } from './invoice-events.ts';
import { renderInvoicePdf } from './invoice-pdf.ts';
import {
  type BuyerSnapshot,
  type InvoiceRow,
  invoiceBalance,
  linesOfInvoices,
  type SellerSnapshot,
} from './invoice-view.ts';
import { documentMail } from './mail-texts.ts';

/**
 * The PDF of an issued document: rendered once from the row's snapshot and kept, so the file a
 * customer downloads later is the one that was sent.
 */
export async function invoicePdf(db: Db, invoice: InvoiceRow, now: Date): Promise<Buffer> {
  const stored = await db
    .selectFrom('invoice_pdfs')
    .select('pdf')
    .where('organization_id', '=', invoice.organization_id)
    .where('invoice_id', '=', invoice.id)
    .executeTakeFirst();
  if (stored) return Buffer.from(stored.pdf);
  const lines = await linesOfInvoices(db, invoice.organization_id, [invoice.id]);
  const pdf = await renderInvoicePdf(await invoiceDocument(db, invoice, lines));
  await db
    .insertInto('invoice_pdfs')
    .values({ organization_id: invoice.organization_id, invoice_id: invoice.id, pdf, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return pdf;
}

export function pdfFileName(invoice: InvoiceRow): string {
  return `${invoice.kind === 'invoice' ? 'invoice' : 'credit-note'}-${invoice.number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}

/**
 * The PDF, and the e-invoice in the account's format when it has one: a ZUGFeRD PDF (which carries
 * its XML) instead of the plain PDF, any other format beside it. An e-invoice that cannot be written
 * (the data it needs went missing since issuing) leaves the plain PDF alone.
 */
async function mailAttachments(services: Services, invoice: InvoiceRow, pdf: Buffer) {
  const plain = { filename: pdfFileName(invoice), content: pdf, contentType: 'application/pdf' };
  const format = await accountEInvoiceFormat(services.db, invoice);
  if (!format) return [plain];
  const file = await einvoiceFile(services.db, invoice, format);
  if (!file.ok) return [plain];
  const einvoice = {
    filename: file.value.fileName,
    content: Buffer.from(file.value.body),
    contentType: file.value.contentType,
  };
  return format === 'zugferd' ? [einvoice] : [plain, einvoice];
}

/**
 * E-mails an issued document with its PDF to the buyer, once: a document already e-mailed is left
 * alone. A failure is kept on the row (and retried by the next follow-up), never lost.
 */
export async function emailInvoice(services: Services, invoice: InvoiceRow): Promise<void> {
  if (invoice.emailed_at !== null || invoice.delivery === 'partner') return;
  const { mailer, mailFrom } = integrationsOf(services);
  const now = services.clock.now();
  const seller = invoice.seller as SellerSnapshot;
  const buyer = invoice.buyer as BuyerSnapshot;
  const set = (values: { emailed_at: Date | null; email_error: string | null }) =>
    services.db
      .updateTable('invoices')
      .set(values)
      .where('organization_id', '=', invoice.organization_id)
      .where('id', '=', invoice.id)
      .execute();
  if (!buyer.email) {
    await set({ emailed_at: null, email_error: 'the account has no e-mail address' });
    return;
  }
  try {
    const pdf = await invoicePdf(services.db, invoice, now);
    const text = documentMail(invoice.language, {
      kind: invoice.kind,
      number: invoice.number,
      seller: seller.name,
      buyer: buyer.name,
      total: formatMoney(invoiceBalance(invoice), invoice.currency, invoice.language),
      dueDate: invoice.due_date ? formatDate(invoice.due_date, invoice.language) : null,
      reference: invoice.payment_reference,
    });
    await mailer.send({
      from: mailFrom,
      ...(seller.email ? { replyTo: `${seller.name} <${seller.email}>` } : {}),
      to: buyer.email,
      subject: text.subject,
      text: text.body,
      attachments: await mailAttachments(services, invoice, pdf),
    });
  } catch (error) {
    await set({ emailed_at: null, email_error: (error as Error).message.slice(0, 500) });
    return;
  }
  // Sent: marked once, with its event (`invoice.sent`, `credit_note.sent`) in the same transaction.
  await services.db.transaction().execute(async (tx) => {
    const marked = await tx
      .updateTable('invoices')
      .set({ emailed_at: now, email_error: null })
      .where('organization_id', '=', invoice.organization_id)
      .where('id', '=', invoice.id)
      .where('emailed_at', 'is', null)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) > 0)
      await writeDocumentEvent(tx, invoice.organization_id, invoice.id, `${invoice.kind}.sent`, now);
  });
}
