import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { formatMinorUnits, toMinorUnits } from '../domain/money.ts';
import { fail, fieldFailure, ok, type Result } from '../errors.ts';
import { followUpInvoice, queueFollowUp } from './invoice-jobs.ts';
import {
  type CreditNoteView,
  creditNoteView,
  findInvoice,
  type InvoiceLineRow,
  linesOfInvoices,
} from './invoice-view.ts';
import { issueCreditNote } from './issue-credit-note.ts';

export interface CreditNoteRequest {
  /** Lines to credit, each in full (what is left of it) or by an amount excl. VAT; none: the whole invoice. */
  lines?: { line: string; amount?: string | undefined }[] | undefined;
}

/** What credit notes have already taken from each line of an invoice, in minor units. */
export async function creditedPerLine(
  tx: Parameters<typeof linesOfInvoices>[0],
  organizationId: string,
  lineIds: string[],
) {
  if (lineIds.length === 0) return new Map<string, number>();
  const rows = await tx
    .selectFrom('invoice_lines')
    .select(['credited_line_id', sql<number>`sum(amount)::bigint`.as('credited')])
    .where('organization_id', '=', organizationId)
    .where('credited_line_id', 'in', lineIds)
    .groupBy('credited_line_id')
    .execute();
  return new Map(rows.map((r) => [r.credited_line_id!, Number(r.credited)]));
}

/**
 * A credit note for a whole invoice or some of its lines, numbered in its own gapless series. It never
 * credits more of a line than is left of it, nor more of the invoice than its total (`issueCreditNote`).
 */
export async function createCreditNote(
  ctx: UseCaseContext,
  invoiceId: string,
  request: CreditNoteRequest,
): Promise<Result<CreditNoteView>> {
  const organizationId = ctx.actor.organizationId;
  let queued = false;
  const created = await transact(ctx.db, async (tx) => {
    const invoice = await findInvoice(tx, organizationId, invoiceId, 'invoice', { lock: true });
    if (!invoice) return fail('not_found', `no invoice ${invoiceId}`);
    const lines = await linesOfInvoices(tx, organizationId, [invoice.id]);
    const already = await creditedPerLine(
      tx,
      organizationId,
      lines.map((l) => l.id),
    );
    const left = (line: InvoiceLineRow) => Number(line.amount) - (already.get(line.id) ?? 0);
    const wanted: { line: InvoiceLineRow; amount: number; full: boolean }[] = [];
    if (!request.lines || request.lines.length === 0) {
      for (const line of lines)
        if (left(line) > 0)
          wanted.push({ line, amount: left(line), full: left(line) === Number(line.amount) });
      if (wanted.length === 0)
        return fail('validation_failed', `invoice ${invoice.number} has nothing left to credit`);
    } else {
      for (const [index, item] of request.lines.entries()) {
        const line = lines.find((l) => l.id === item.line.toLowerCase());
        if (!line)
          return fieldFailure(
            `lines.${index}.line`,
            'not_found',
            `no line ${item.line} on invoice ${invoice.number}`,
          );
        if (wanted.some((w) => w.line.id === line.id))
          return fieldFailure(`lines.${index}.line`, 'duplicate', `line ${item.line} is named twice`);
        const amount =
          item.amount === undefined ? left(line) : toMinorUnits(new Decimal(item.amount), invoice.currency);
        if (amount <= 0 || amount > left(line))
          return fieldFailure(
            `lines.${index}.amount`,
            'exceeds_remaining',
            `line ${line.position} has ${formatMinorUnits(Math.max(0, left(line)), invoice.currency)} ${invoice.currency} left to credit (excl. VAT); asked for ${formatMinorUnits(amount, invoice.currency)}`,
          );
        wanted.push({ line, amount, full: amount === Number(line.amount) });
      }
    }
    const issued = await issueCreditNote(tx, ctx, invoice, wanted);
    if (!issued.ok) return issued;
    const id = issued.value;
    queued = await queueFollowUp(ctx, tx, { organizationId, invoiceId: id });
    return ok(id);
  });
  if (!created.ok) return created;
  if (!queued) await followUpInvoice(ctx, organizationId, created.value);
  const row = (await findInvoice(ctx.db, organizationId, created.value, 'credit_note'))!;
  return ok(creditNoteView(row, await linesOfInvoices(ctx.db, organizationId, [row.id])));
}
