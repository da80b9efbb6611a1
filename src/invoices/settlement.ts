import type { InvoiceStatus } from '../db/tables-invoicing.ts';
import type { Tx } from '../db/transaction.ts';
import { writeDocumentEvent } from './invoice-events.ts';
import { findInvoice, type InvoiceRow } from './invoice-view.ts';

/**
 * An invoice's status follows from what settled it and the date: credited in full, paid (nothing left),
 * overdue (something left after the due date), partially paid, or open.
 */
export function settlementStatus(
  total: number,
  paid: number,
  credited: number,
  dueDate: string | null,
  today: string,
): Exclude<InvoiceStatus, 'issued'> {
  if (total > 0 && credited >= total) return 'credited';
  if (total - paid - credited <= 0) return 'paid';
  if (dueDate !== null && dueDate < today) return 'overdue';
  if (paid > 0 || credited > 0) return 'partially_paid';
  return 'open';
}

/**
 * Adds a payment or a credit to an invoice locked in this transaction and sets its status. Callers
 * decide how much may be settled; this only books it. Its events, in the same transaction:
 * `invoice.paid` (nothing left) or `invoice.partially_paid` for a payment, `invoice.credited` for a
 * credit, and `invoice.overdue` when settling after the due date turned it overdue before the daily
 * job did (an invoice turns overdue once: only a settlement takes it out of that status, for good).
 */
export async function settleInvoice(
  tx: Tx,
  invoice: InvoiceRow,
  change: { paid?: number; credited?: number },
  today: string,
  now: Date,
): Promise<InvoiceRow> {
  const paid = Number(invoice.paid_amount) + (change.paid ?? 0);
  const credited = Number(invoice.credited_amount) + (change.credited ?? 0);
  const settled = await tx
    .updateTable('invoices')
    .set({
      paid_amount: paid,
      credited_amount: credited,
      status: settlementStatus(Number(invoice.total_amount), paid, credited, invoice.due_date, today),
      updated_at: now,
    })
    .where('organization_id', '=', invoice.organization_id)
    .where('id', '=', invoice.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const event = (type: Parameters<typeof writeDocumentEvent>[3]) =>
    writeDocumentEvent(tx, invoice.organization_id, invoice.id, type, now);
  if ((change.credited ?? 0) > 0) await event('invoice.credited');
  if ((change.paid ?? 0) > 0)
    await event(settled.status === 'paid' ? 'invoice.paid' : 'invoice.partially_paid');
  if (settled.status === 'overdue' && invoice.status !== 'overdue') await event('invoice.overdue');
  return settled;
}

/** Locks an invoice for settling. */
export function lockInvoice(tx: Tx, organizationId: string, id: string) {
  return findInvoice(tx, organizationId, id, 'invoice', { lock: true });
}
