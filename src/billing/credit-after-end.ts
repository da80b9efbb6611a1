import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { UseCaseContext } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { type EndCredit, endCredit } from '../domain/end-credit.ts';
import { minorUnitExponent, toMinorUnits } from '../domain/money.ts';
import { creditedPerLine } from '../invoices/create-credit-note.ts';
import type { InvoiceLineRow } from '../invoices/invoice-view.ts';
import { issueCreditNote } from '../invoices/issue-credit-note.ts';
import { lockInvoice } from '../invoices/settlement.ts';
import type { Charge } from './subscription-charges.ts';
import { writeCharges } from './write-charges.ts';

/** The lines that paid for days of service, evenly: what an end gives back in part. */
const SERVICE_SOURCES = ['recurring', 'component', 'order'] as const;

/** What the line says of the days it gives back: the proration by whole days, stated. */
function creditDescription(description: string, credit: EndCredit): string {
  return `Unused time after the end, ${credit.from} to ${credit.to} (${credit.days} of ${credit.lineDays} days): ${description}`;
}

/**
 * Gives back what was billed for the days from a subscription's end (exclusive: its first day without
 * service) up to `until` (an end scheduled before, whose later days were credited then; null: none).
 * Every line that paid for days evenly (recurring fees, components, an order's prorations, credits
 * included) is taken back for those of its days, by whole days:
 * - a line on a draft still open gets a correction line on that draft (minus what it billed);
 * - a line on an invoice sent gets a credit note against that invoice (one per invoice), whose refund
 *   goes to the account's credit if the invoice was paid; what would only charge back (a credit line's
 *   share) goes onto the open draft instead.
 * Answers the credit notes issued, for their PDF and e-mail.
 */
export async function creditAfterEnd(
  tx: Tx,
  ctx: UseCaseContext,
  subscriptionId: string,
  end: string,
  until: string | null,
): Promise<string[]> {
  const organizationId = ctx.actor.organizationId;
  const now = ctx.clock.now();
  const corrections: Charge[] = [];
  const correction = (
    line: { id: string; subscription_id: string | null; description: string; vat_rate: string },
    target: { account_id: string; currency: string },
    credit: EndCredit,
    amount: number,
  ): Charge => ({
    accountId: target.account_id,
    currency: target.currency,
    subscriptionId: line.subscription_id,
    chargeKey: `e:${line.id}:${end}`,
    source: 'correction',
    description: creditDescription(line.description, credit),
    periodStart: credit.from,
    periodEnd: credit.to,
    quantity: new Decimal(1),
    unitPrice: new Decimal(amount).div(new Decimal(10).pow(minorUnitExponent(target.currency))),
    discount: 0,
    amount,
    vatRate: new Decimal(line.vat_rate),
    late: false,
  });

  const onDrafts = await tx
    .selectFrom('invoice_draft_lines as l')
    .innerJoin('invoice_drafts as d', (j) =>
      j.onRef('d.organization_id', '=', 'l.organization_id').onRef('d.id', '=', 'l.draft_id'),
    )
    .select(['l.id', 'l.subscription_id', 'l.description', 'l.vat_rate', 'l.amount'])
    .select(['l.period_start', 'l.period_end', 'd.account_id', 'd.currency'])
    .where('l.organization_id', '=', organizationId)
    .where('l.subscription_id', '=', subscriptionId)
    .where('l.removed_at', 'is', null)
    .where('l.source', 'in', SERVICE_SOURCES)
    .where('l.period_end', '>', end)
    .where('d.status', '=', 'draft')
    .where('d.partner_order_id', 'is', null)
    .execute();
  for (const line of onDrafts) {
    const credit = endCredit(lineSpan(line), end, until);
    if (credit && credit.amount !== 0) corrections.push(correction(line, line, credit, -credit.amount));
  }

  const onInvoices = await tx
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', (j) =>
      j.onRef('i.organization_id', '=', 'l.organization_id').onRef('i.id', '=', 'l.invoice_id'),
    )
    .selectAll('l')
    .select(['i.account_id', 'i.currency'])
    .where('l.organization_id', '=', organizationId)
    .where('l.subscription_id', '=', subscriptionId)
    .where('i.kind', '=', 'invoice')
    // Lines issued before migration 0010 do not know their source: those with a period count.
    .where((w) => w.or([w('l.source', 'in', SERVICE_SOURCES), w('l.source', 'is', null)]))
    .where('l.period_end', '>', end)
    .orderBy('l.invoice_id')
    .orderBy('l.position')
    .execute();
  const credited = await creditedPerLine(
    tx,
    organizationId,
    onInvoices.map((l) => l.id),
  );
  // Credit notes that gave back part of those lines' days already (a downgrade's unused time, a credit
  // by hand with the line's period): their share from the end on was given back, so it is not again.
  const givenBack = new Map<string, number>();
  if (onInvoices.length > 0)
    for (const note of await tx
      .selectFrom('invoice_lines')
      .select(['credited_line_id', 'amount', 'period_start', 'period_end'])
      .where('organization_id', '=', organizationId)
      .where(
        'credited_line_id',
        'in',
        onInvoices.map((l) => l.id),
      )
      .where('period_end', '>', end)
      .execute()) {
      const share = endCredit(lineSpan(note), end, until);
      if (share)
        givenBack.set(note.credited_line_id!, (givenBack.get(note.credited_line_id!) ?? 0) + share.amount);
    }
  const byInvoice = new Map<string, { line: (typeof onInvoices)[number]; credit: EndCredit }[]>();
  for (const line of onInvoices) {
    const credit = endCredit(lineSpan(line), end, until);
    if (!credit) continue;
    // Never more than is left of the line, nor what credit notes gave back of those days already.
    const left = Number(line.amount) - (credited.get(line.id) ?? 0);
    const net = credit.amount - (givenBack.get(line.id) ?? 0);
    const amount = net > 0 ? Math.min(net, left) : net;
    if (amount === 0) continue;
    const group = byInvoice.get(line.invoice_id) ?? [];
    group.push({ line, credit: { ...credit, amount } });
    byInvoice.set(line.invoice_id, group);
  }
  const notes: string[] = [];
  for (const [invoiceId, group] of byInvoice) {
    // What would only charge back (a credit line's share, the rest credited by hand) goes on the draft.
    if (group.reduce((sum, g) => sum + g.credit.amount, 0) <= 0) {
      for (const g of group) corrections.push(correction(g.line, g.line, g.credit, -g.credit.amount));
      continue;
    }
    const invoice = (await lockInvoice(tx, organizationId, invoiceId))!;
    const issued = await issueCreditNote(
      tx,
      ctx,
      invoice,
      group.map((g) => ({
        line: g.line as InvoiceLineRow,
        amount: g.credit.amount,
        full: false,
        description: creditDescription(g.line.description, g.credit),
        period: { start: g.credit.from, end: g.credit.to },
      })),
    );
    // Each line's share is at most what is left of it, so the note fits the invoice: else it is a bug.
    if (!issued.ok)
      throw new Error(`the credit after the end of ${subscriptionId}: ${issued.failure.detail}`);
    notes.push(issued.value);
  }
  if (corrections.length > 0) await writeCharges(tx, organizationId, corrections, now);
  return notes;
}

function lineSpan(line: { amount: number | string; period_start: string | null; period_end: string | null }) {
  return { amount: Number(line.amount), period_start: line.period_start!, period_end: line.period_end! };
}

/**
 * Whether the days after a scheduled end were settled already: credited (a correction or a credit
 * note from the end on), or never billed because the run billed the period around the end cut short
 * (its amount is less than its full price). Then the end may be moved earlier, never later.
 */
export async function endWasBilled(
  tx: Tx,
  organizationId: string,
  subscriptionId: string,
  scheduledEnd: string,
): Promise<boolean> {
  const credited = await sql<{ one: number }>`
    select 1 as one from invoice_draft_lines
    where organization_id = ${organizationId} and subscription_id = ${subscriptionId}
      and source = 'correction' and period_start >= ${scheduledEnd}::date
    union all
    select 1 from invoice_lines l join invoices i on i.organization_id = l.organization_id and i.id = l.invoice_id
    where l.organization_id = ${organizationId} and l.subscription_id = ${subscriptionId}
      and i.kind = 'credit_note' and l.period_start >= ${scheduledEnd}::date
    limit 1`.execute(tx);
  if (credited.rows.length > 0) return true;
  const cut = await tx
    .selectFrom('invoice_draft_lines as l')
    .innerJoin('invoice_drafts as d', (j) =>
      j.onRef('d.organization_id', '=', 'l.organization_id').onRef('d.id', '=', 'l.draft_id'),
    )
    .select(['l.quantity', 'l.unit_price', 'l.amount', 'l.discount', 'd.currency'])
    .where('l.organization_id', '=', organizationId)
    .where('l.subscription_id', '=', subscriptionId)
    .where('l.source', 'in', ['recurring', 'component'])
    .where('l.period_end', '=', scheduledEnd)
    .execute();
  return cut.some(
    (l) =>
      toMinorUnits(new Decimal(l.unit_price).times(l.quantity), l.currency) >
      Number(l.amount) + Number(l.discount),
  );
}
