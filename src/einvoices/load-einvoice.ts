import { sql } from 'kysely';
import type { Db, Tx } from '../db/transaction.ts';
import { parseElectronicAddress } from '../domain/einvoice/electronic-address.ts';
import type { EInvoice } from '../domain/einvoice/model.ts';
import { invoiceDocument } from '../invoices/invoice-document.ts';
import type { InvoiceDocument } from '../invoices/invoice-pdf.ts';
import {
  type BuyerSnapshot,
  type InvoiceRow,
  linesOfInvoices,
  type SellerSnapshot,
} from '../invoices/invoice-view.ts';
import { toEInvoice } from './einvoice-model.ts';

/**
 * An issued invoice or credit note in the EN 16931 model, from the same snapshot its PDF is drawn
 * from, plus what account credit paid at issuing and the credited invoice's date.
 */
export async function loadEInvoice(db: Db | Tx, row: InvoiceRow): Promise<EInvoice> {
  return (await loadEInvoiceSource(db, row)).model;
}

/** The model and the document it was mapped from (which the PDF is drawn from). */
export async function loadEInvoiceSource(
  db: Db | Tx,
  row: InvoiceRow,
): Promise<{ model: EInvoice; document: InvoiceDocument }> {
  const organizationId = row.organization_id;
  const [lines, prepaid, credited] = await Promise.all([
    linesOfInvoices(db, organizationId, [row.id]),
    db
      .selectFrom('account_credits')
      .select(sql<string>`coalesce(-sum(amount), 0)`.as('used'))
      .where('organization_id', '=', organizationId)
      .where('invoice_id', '=', row.id)
      .where('payment_id', 'is', null)
      .where('amount', '<', 0)
      .executeTakeFirst(),
    row.credited_invoice_id
      ? db
          .selectFrom('invoices')
          .select('issue_date')
          .where('organization_id', '=', organizationId)
          .where('id', '=', row.credited_invoice_id)
          .executeTakeFirst()
      : undefined,
  ]);
  const prepaidMinor = row.kind === 'invoice' ? Number(prepaid?.used ?? 0) : 0;
  // As the PDF showed it when issued: what account credit had paid then, not what was paid since.
  const document = {
    ...(await invoiceDocument(db, row, lines)),
    amountDueMinor: Number(row.total_amount) - prepaidMinor,
  };
  const seller = row.seller as SellerSnapshot;
  const buyer = row.buyer as BuyerSnapshot;
  const model = toEInvoice(document, {
    prepaidMinor,
    creditedInvoiceIssueDate: credited?.issue_date ?? null,
    buyerReference: buyer.buyerReference ?? null,
    orderReference: buyer.orderReference ?? null,
    sellerElectronicAddress: seller.electronicAddress
      ? parseElectronicAddress(seller.electronicAddress)
      : null,
    buyerElectronicAddress: buyer.electronicAddress ? parseElectronicAddress(buyer.electronicAddress) : null,
    sellerPhone: seller.phone ?? null,
  });
  return { model, document };
}
