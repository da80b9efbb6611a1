import type { UseCaseContext } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { creditedPerLine } from '../invoices/create-credit-note.ts';
import { issueCreditNote } from '../invoices/issue-credit-note.ts';
import { lockInvoice } from '../invoices/settlement.ts';
import type { OrderLineRow } from '../orders/unbilled-order-lines.ts';

/**
 * An order's credit for time already invoiced (the unused rest of the old terms) as a credit note
 * against the invoice that billed that time, as Stripe and Chargebee do: the invoice line whose period
 * holds the credit's, of the same subscription, with enough left to credit. Its refund goes to the
 * account's credit where the invoice was paid. Answers the credit note, or null when the time is not
 * on an invoice yet (the credit then goes on the open draft, beside the fee it offsets).
 */
export async function creditInvoicedPeriod(
  tx: Tx,
  ctx: UseCaseContext,
  line: OrderLineRow,
): Promise<string | null> {
  if (!line.subscription_id || !line.period_start || !line.period_end) return null;
  const organizationId = ctx.actor.organizationId;
  const candidates = await tx
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', (j) =>
      j.onRef('i.organization_id', '=', 'l.organization_id').onRef('i.id', '=', 'l.invoice_id'),
    )
    .selectAll('l')
    .where('l.organization_id', '=', organizationId)
    .where('l.subscription_id', '=', line.subscription_id)
    .where('i.kind', '=', 'invoice')
    .where('i.currency', '=', line.currency)
    // Lines issued before migration 0010 do not know their source.
    .where((w) => w.or([w('l.source', '=', 'recurring'), w('l.source', 'is', null)]))
    .where('l.period_start', '<=', line.period_start)
    .where('l.period_end', '>=', line.period_end)
    .where('l.amount', '>', 0)
    .orderBy('i.issue_date', 'desc')
    .orderBy('l.position')
    .execute();
  if (candidates.length === 0) return null;
  const credited = await creditedPerLine(
    tx,
    organizationId,
    candidates.map((c) => c.id),
  );
  const amount = -Number(line.amount);
  const target = candidates.find((c) => Number(c.amount) - (credited.get(c.id) ?? 0) >= amount);
  if (!target) return null;
  const invoice = (await lockInvoice(tx, organizationId, target.invoice_id))!;
  const issued = await issueCreditNote(tx, ctx, invoice, [
    {
      line: target,
      amount,
      full: false,
      description: line.description,
      period: { start: line.period_start, end: line.period_end },
    },
  ]);
  return issued.ok ? issued.value : null;
}
