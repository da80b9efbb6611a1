import { findAccount } from '../accounts/find-account.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import type { InvoiceRow } from '../invoices/invoice-view.ts';
import { type EInvoiceFormat, FORMAT_WRITERS } from './einvoice-formats.ts';
import { loadEInvoiceSource } from './load-einvoice.ts';

export interface EInvoiceFile {
  fileName: string;
  contentType: string;
  body: string | Buffer;
}

/**
 * An issued invoice or credit note as an e-invoice file in a format, or a validation failure that
 * names each field the format needs and the data lacks.
 */
export async function einvoiceFile(
  db: Db | Tx,
  row: InvoiceRow,
  format: EInvoiceFormat,
): Promise<Result<EInvoiceFile>> {
  const writer = FORMAT_WRITERS[format];
  const source = await loadEInvoiceSource(db, row);
  const doc = writer.prepare(source.model);
  const missing = writer.missing(doc);
  const noun = row.kind === 'invoice' ? 'invoice' : 'credit note';
  if (missing.length > 0)
    return fail(
      'validation_failed',
      `${noun} ${row.number} cannot be written as ${format}: ${missing.map((m) => m.message).join('; ')}`,
      missing,
    );
  const base = `${row.kind === 'invoice' ? 'invoice' : 'credit-note'}-${row.number.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  return ok({
    fileName: `${base}.${format}.${writer.extension}`,
    contentType: writer.contentType,
    body: await writer.write(doc, source.document),
  });
}

/** The e-invoice format the document's account receives, if it has one. */
export async function accountEInvoiceFormat(db: Db | Tx, row: InvoiceRow): Promise<EInvoiceFormat | null> {
  return (await findAccount(db, row.organization_id, row.account_id))?.einvoice_format ?? null;
}
