import type { UseCaseContext } from '../context.ts';
import { fail, type Result } from '../errors.ts';
import { findInvoice } from '../invoices/invoice-view.ts';
import { type EInvoiceFile, einvoiceFile } from './einvoice-file.ts';
import type { EInvoiceFormat } from './einvoice-formats.ts';

/** `GET /invoices/{id}/einvoice/` and `/credit-notes/{id}/einvoice/`: the document in a format. */
export async function getEInvoice(
  ctx: UseCaseContext,
  id: string,
  kind: 'invoice' | 'credit_note',
  format: EInvoiceFormat,
): Promise<Result<EInvoiceFile>> {
  const row = await findInvoice(ctx.db, ctx.actor.organizationId, id, kind);
  if (!row) return fail('not_found', `no ${kind.replace('_', ' ')} ${id}`);
  return einvoiceFile(ctx.db, row, format);
}
