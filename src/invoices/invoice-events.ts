import type { Tx } from '../db/transaction.ts';
import { writeEvent } from '../events/write-event.ts';
import { invoiceData } from './invoice-view.ts';

/** What happened to an invoice or credit note without an audited use case of its own. */
export type DocumentEventType =
  | 'invoice.sent'
  | 'invoice.paid'
  | 'invoice.partially_paid'
  | 'invoice.overdue'
  | 'invoice.credited'
  | 'credit_note.sent';

/**
 * Writes an event of an invoice or credit note to the outbox in the caller's transaction, its `data`
 * the document as GET answers it at this moment.
 */
export async function writeDocumentEvent(
  tx: Tx,
  organizationId: string,
  id: string,
  type: DocumentEventType,
  now: Date,
) {
  await writeEvent(tx, organizationId, now, {
    type,
    entityType: type.startsWith('credit_note.') ? 'credit_note' : 'invoice',
    entityId: id,
    payload: await invoiceData(tx, organizationId, id),
  });
}
