import type { Db, Tx } from '../db/transaction.ts';
import type { ReferenceScheme } from '../domain/payment-references.ts';
import type { InvoiceDocument } from './invoice-pdf.ts';
import {
  type BuyerSnapshot,
  type InvoiceLineRow,
  type InvoiceRow,
  invoiceBalance,
  type SellerSnapshot,
  type VatSummary,
} from './invoice-view.ts';

/** An issued invoice or credit note as its PDF shows it: everything from the row's own snapshot. */
export async function invoiceDocument(
  db: Db | Tx,
  row: InvoiceRow,
  lines: InvoiceLineRow[],
): Promise<InvoiceDocument> {
  let creditsInvoiceNumber: string | null = null;
  if (row.credited_invoice_id) {
    const credited = await db
      .selectFrom('invoices')
      .select('number')
      .where('organization_id', '=', row.organization_id)
      .where('id', '=', row.credited_invoice_id)
      .executeTakeFirst();
    creditsInvoiceNumber = credited?.number ?? null;
  }
  return {
    kind: row.kind,
    number: row.number,
    issueDate: row.issue_date,
    dueDate: row.kind === 'invoice' ? row.due_date : null,
    language: row.language,
    currency: row.currency,
    seller: row.seller as SellerSnapshot,
    buyer: row.buyer as BuyerSnapshot,
    lines: lines
      .filter((l) => l.invoice_id === row.id)
      .map((l) => ({
        description: l.description,
        periodStart: l.period_start,
        periodEnd: l.period_end,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        discountMinor: Number(l.discount),
        amountMinor: Number(l.amount),
        vatRate: l.vat_rate,
      })),
    vatSummary: (row.vat_summary as VatSummary).map((g) => ({
      rate: g.rate,
      baseMinor: g.base,
      vatMinor: g.amount,
    })),
    totals: {
      netMinor: Number(row.net_amount),
      vatMinor: Number(row.vat_amount),
      grossMinor: Number(row.total_amount),
    },
    // The PDF is made right after issuing: what account credit paid is already off the amount due.
    amountDueMinor: invoiceBalance(row),
    paymentReference:
      row.payment_reference && row.payment_reference_scheme
        ? { scheme: row.payment_reference_scheme as ReferenceScheme, value: row.payment_reference }
        : null,
    reverseCharge: row.reverse_charge,
    creditsInvoiceNumber,
  };
}
