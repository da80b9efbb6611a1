import { sql } from 'kysely';
import type { Db, Tx } from '../db/transaction.ts';
import { parseElectronicAddress } from '../domain/einvoice/electronic-address.ts';
import type { EInvoice } from '../domain/einvoice/model.ts';
import { invoiceDocument } from '../invoices/invoice-document.ts';
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
  const document = await invoiceDocument(db, row, lines);
  const seller = row.seller as SellerSnapshot;
  const buyer = row.buyer as BuyerSnapshot;
  return toEInvoice(document, {
    prepaidMinor: row.kind === 'invoice' ? Number(prepaid?.used ?? 0) : 0,
    creditedInvoiceIssueDate: credited?.issue_date ?? null,
    buyerReference: buyer.buyerReference ?? null,
    orderReference: buyer.orderReference ?? null,
    sellerElectronicAddress: seller.electronicAddress
      ? parseElectronicAddress(seller.electronicAddress)
      : null,
    buyerElectronicAddress: buyer.electronicAddress ? parseElectronicAddress(buyer.electronicAddress) : null,
    sellerPhone: seller.phone ?? null,
  });
}
