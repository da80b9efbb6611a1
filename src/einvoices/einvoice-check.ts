import type { Tx } from '../db/transaction.ts';
import { fail, type Result } from '../errors.ts';
import type { InvoiceRow } from '../invoices/invoice-view.ts';
import { type EInvoiceFormat, FORMAT_WRITERS } from './einvoice-formats.ts';
import { loadEInvoice } from './load-einvoice.ts';

/**
 * What an invoice being issued lacks for the account's e-invoice format, as a failure naming each
 * field (the issuing transaction then rolls back, so the draft stays a draft); null when nothing.
 */
export async function einvoiceLacks(
  tx: Tx,
  invoice: InvoiceRow,
  format: EInvoiceFormat | 'zugferd',
): Promise<Result<never> | null> {
  const writer = FORMAT_WRITERS[format as EInvoiceFormat];
  if (!writer) return null;
  const missing = writer.missing(writer.prepare(await loadEInvoice(tx, invoice)));
  if (missing.length === 0) return null;
  return fail(
    'validation_failed',
    `the account receives ${format} e-invoices, which need: ${missing.map((m) => m.message).join('; ')}`,
    missing,
  );
}
