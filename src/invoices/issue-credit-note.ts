import { Decimal } from 'decimal.js';
import { recordChange } from '../audit/record-change.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { summarizeCredit } from '../domain/credit-vat.ts';
import type { PricedLine, VatGroup } from '../domain/lines.ts';
import { formatMinorUnits, minorUnitExponent } from '../domain/money.ts';
import { cancelDunning } from '../dunning/start-dunning.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  type InvoiceLineRow,
  type InvoiceRow,
  invoiceBalance,
  invoiceData,
  type VatSummary,
} from './invoice-view.ts';
import { takeNextNumber } from './number-series.ts';
import { settleInvoice } from './settlement.ts';

/** One line of a credit note: how much of an invoice line it gives back, net, in minor units. */
export interface CreditItem {
  line: InvoiceLineRow;
  /** Negative gives back part of a credit line (it charges again). */
  amount: number;
  /** All that is left of the line: the line is repeated as it was. */
  full: boolean;
  /** Said instead of the line's own description and period (an end's credit names its days). */
  description?: string;
  period?: { start: string; end: string };
}

/** What earlier credit notes of an invoice took, per VAT rate. */
async function earlierCredits(tx: Tx, invoice: InvoiceRow): Promise<VatGroup[]> {
  const notes = await tx
    .selectFrom('invoices')
    .select('vat_summary')
    .where('organization_id', '=', invoice.organization_id)
    .where('kind', '=', 'credit_note')
    .where('credited_invoice_id', '=', invoice.id)
    .execute();
  return notes.flatMap((n) =>
    (n.vat_summary as VatSummary).map((g) => ({ rate: new Decimal(g.rate), base: g.base, amount: g.amount })),
  );
}

/**
 * Issues a credit note for items of an invoice locked in `tx`, numbered in the credit notes' series.
 * Its VAT per rate counts everything credited so far (`summarizeCredit`), so the note that empties an
 * invoice takes exactly what is left. It never credits more than is left of the invoice; what it
 * credits beyond the unpaid balance (an invoice already paid) becomes the account's credit, and an
 * invoice left with nothing to pay has its dunning cancelled. Answers the credit note's id.
 */
export async function issueCreditNote(
  tx: Tx,
  ctx: UseCaseContext,
  invoice: InvoiceRow,
  items: readonly CreditItem[],
): Promise<Result<string>> {
  const organizationId = ctx.actor.organizationId;
  const priced: PricedLine[] = items.map((w) => ({
    description: w.description ?? w.line.description,
    kind: w.amount < 0 ? 'credit' : 'charge',
    billing: 'one_off',
    period_start: w.period ? w.period.start : w.line.period_start,
    period_end: w.period ? w.period.end : w.line.period_end,
    quantity: w.full ? new Decimal(w.line.quantity) : new Decimal(1),
    unit_price: w.full
      ? new Decimal(w.line.unit_price)
      : new Decimal(w.amount).div(new Decimal(10).pow(minorUnitExponent(invoice.currency))),
    factor: new Decimal(1),
    discount: w.full ? Number(w.line.discount) : 0,
    amount: w.amount,
    vat_rate: new Decimal(w.line.vat_rate),
  }));
  const totals = summarizeCredit(priced, await earlierCredits(tx, invoice));
  const creditable = Number(invoice.total_amount) - Number(invoice.credited_amount);
  if (totals.total > creditable || totals.total <= 0)
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
        subscription_id: items[index]!.line.subscription_id,
        credited_line_id: items[index]!.line.id,
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
  const refund = Math.max(0, totals.total - invoiceBalance(invoice));
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
    await cancelDunning(tx, organizationId, invoice.id, 'the invoice was credited', now);
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
    data: await invoiceData(tx, organizationId, id),
  });
  return ok(id);
}
