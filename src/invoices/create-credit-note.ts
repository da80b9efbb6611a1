import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import { recordChange } from '../audit/record-change.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { type PricedLine, summarize } from '../domain/lines.ts';
import { formatMinorUnits, minorUnitExponent, toMinorUnits } from '../domain/money.ts';
import { fail, fieldFailure, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { followUpInvoice, queueFollowUp } from './invoice-jobs.ts';
import {
  type CreditNoteView,
  creditNoteView,
  findInvoice,
  type InvoiceLineRow,
  invoiceBalance,
  linesOfInvoices,
} from './invoice-view.ts';
import { takeNextNumber } from './number-series.ts';
import { settleInvoice } from './settlement.ts';

export interface CreditNoteRequest {
  /** Lines to credit, each in full (what is left of it) or by an amount excl. VAT; none: the whole invoice. */
  lines?: { line: string; amount?: string | undefined }[] | undefined;
}

/** What credit notes have already taken from each line of an invoice, in minor units. */
async function creditedPerLine(
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
 * credits more of a line than is left of it, nor more of the invoice than its total; what it credits
 * beyond the invoice's unpaid balance (an invoice already paid) becomes the account's credit.
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
    const priced: PricedLine[] = wanted.map((w) => ({
      description: w.line.description,
      kind: 'charge',
      billing: 'one_off',
      period_start: w.line.period_start,
      period_end: w.line.period_end,
      quantity: w.full ? new Decimal(w.line.quantity) : new Decimal(1),
      unit_price: w.full
        ? new Decimal(w.line.unit_price)
        : new Decimal(w.amount).div(new Decimal(10).pow(minorUnitExponent(invoice.currency))),
      factor: new Decimal(1),
      discount: w.full ? Number(w.line.discount) : 0,
      amount: w.amount,
      vat_rate: new Decimal(w.line.vat_rate),
    }));
    const totals = summarize(priced);
    const creditable = Number(invoice.total_amount) - Number(invoice.credited_amount);
    if (totals.total > creditable)
      return fail(
        'validation_failed',
        `invoice ${invoice.number} has ${formatMinorUnits(creditable, invoice.currency)} ${invoice.currency} left to credit; this would credit ${formatMinorUnits(totals.total, invoice.currency)}`,
      );
    const org = await tx
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', organizationId)
      .executeTakeFirstOrThrow();
    const today = todayIn(ctx.clock, org.timezone);
    const now = ctx.clock.now();
    const number = await takeNextNumber(
      tx,
      organizationId,
      'credit_note',
      org.credit_note_number_format,
      today,
    );
    const id = newId();
    await tx
      .insertInto('invoices')
      .values({
        organization_id: organizationId,
        id,
        kind: 'credit_note',
        number,
        draft_id: null,
        credited_invoice_id: invoice.id,
        account_id: invoice.account_id,
        currency: invoice.currency,
        language: invoice.language,
        issue_date: today,
        due_date: null,
        net_amount: totals.total_ex_vat,
        vat_amount: totals.total_vat,
        total_amount: totals.total,
        status: 'issued',
        collection_method: invoice.collection_method,
        payment_reference: null,
        payment_reference_scheme: null,
        reverse_charge: invoice.reverse_charge,
        seller: JSON.stringify(invoice.seller),
        buyer: JSON.stringify(invoice.buyer),
        vat_summary: JSON.stringify(
          totals.vat.map((g) => ({ rate: g.rate.toString(), base: g.base, amount: g.amount })),
        ),
        emailed_at: null,
        email_error: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx
      .insertInto('invoice_lines')
      .values(
        priced.map((p, index) => ({
          organization_id: organizationId,
          id: newId(),
          invoice_id: id,
          position: index + 1,
          subscription_id: wanted[index]!.line.subscription_id,
          credited_line_id: wanted[index]!.line.id,
          description: p.description,
          period_start: p.period_start,
          period_end: p.period_end,
          quantity: p.quantity.toString(),
          unit_price: p.unit_price.toString(),
          discount: p.discount,
          amount: p.amount,
          vat_rate: p.vat_rate.toString(),
        })),
      )
      .execute();
    const refund = Math.max(0, totals.total - Math.max(0, invoiceBalance(invoice)));
    await settleInvoice(tx, invoice, { credited: totals.total }, today, now);
    if (refund > 0)
      await tx
        .insertInto('account_credits')
        .values({
          organization_id: organizationId,
          id: newId(),
          account_id: invoice.account_id,
          currency: invoice.currency,
          amount: refund,
          payment_id: null,
          invoice_id: id,
          created_at: now,
        })
        .execute();
    if (invoiceBalance(invoice) - totals.total <= 0)
      await tx
        .updateTable('dunning_steps')
        .set({ status: 'cancelled', result: 'the invoice was credited', done_at: now })
        .where('organization_id', '=', organizationId)
        .where('invoice_id', '=', invoice.id)
        .where('status', '=', 'scheduled')
        .execute();
    await recordChange(tx, ctx, {
      action: 'credit_note.issued',
      entityType: 'credit_note',
      entityId: id,
      before: null,
      after: {
        number,
        invoice: invoice.number,
        total: totals.total,
        currency: invoice.currency,
        refund_to_credit: refund,
      },
    });
    queued = await queueFollowUp(ctx, tx, { organizationId, invoiceId: id });
    return ok(id);
  });
  if (!created.ok) return created;
  if (!queued) await followUpInvoice(ctx, organizationId, created.value);
  const row = (await findInvoice(ctx.db, organizationId, created.value, 'credit_note'))!;
  return ok(creditNoteView(row, await linesOfInvoices(ctx.db, organizationId, [row.id])));
}
