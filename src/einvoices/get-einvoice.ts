import type { UseCaseContext } from '../context.ts';
import { fail, ok, type Result } from '../errors.ts';
import { findInvoice } from '../invoices/invoice-view.ts';
import { type EInvoiceFormat, FORMAT_WRITERS } from './einvoice-formats.ts';
import { loadEInvoiceSource } from './load-einvoice.ts';

export interface EInvoiceFile {
  fileName: string;
  contentType: string;
  body: string | Buffer;
}

/**
 * An issued invoice or credit note as an e-invoice in the asked format, or a validation failure that
 * names each field the format needs and the data lacks.
 */
export async function getEInvoice(
  ctx: UseCaseContext,
  id: string,
  kind: 'invoice' | 'credit_note',
  format: EInvoiceFormat,
): Promise<Result<EInvoiceFile>> {
  const row = await findInvoice(ctx.db, ctx.actor.organizationId, id, kind);
  if (!row) return fail('not_found', `no ${kind.replace('_', ' ')} ${id}`);
  const writer = FORMAT_WRITERS[format];
  const source = await loadEInvoiceSource(ctx.db, row);
  const doc = writer.prepare(source.model);
  const missing = writer.missing(doc);
  if (missing.length > 0)
    return fail(
      'validation_failed',
      `${kind.replace('_', ' ')} ${row.number} cannot be written as ${format}: ${missing.map((m) => m.message).join('; ')}`,
      missing,
    );
  const base = `${kind === 'invoice' ? 'invoice' : 'credit-note'}-${row.number.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  return ok({
    fileName: `${base}.${format}.${writer.extension}`,
    contentType: writer.contentType,
    body: await writer.write(doc, source.document),
  });
}
