import { Decimal } from 'decimal.js';
import { commandLineActor, type OrganizationRef, type Services, type UseCaseContext } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { followUpInvoice, queueFollowUp } from '../invoices/invoice-jobs.ts';
import {
  lockUnbilledOrderLines,
  markOrderLinesBilled,
  type OrderLineRow,
} from '../orders/unbilled-order-lines.ts';
import { creditInvoicedPeriod } from './credit-invoiced-period.ts';
import type { Charge } from './subscription-charges.ts';
import { writeCharges } from './write-charges.ts';

/**
 * Moves one batch of committed orders' one-off lines (prorations, punch cards) onto drafts, each once.
 * A credit for time already invoiced (a downgrade's unused rest) becomes a credit note against that
 * invoice instead, so the draft keeps only what is new and is never held back by a negative total.
 * Answers how many lines it took (0 when none are left) and the credit notes it issued.
 */
export async function billOrderLines(
  tx: Tx,
  ctx: UseCaseContext,
  createdBefore: Date,
  now: Date,
  limit = 2000,
): Promise<{ taken: number; creditNotes: string[] }> {
  const organizationId = ctx.actor.organizationId;
  const lines = await lockUnbilledOrderLines(tx, organizationId, createdBefore, limit);
  if (lines.length === 0) return { taken: 0, creditNotes: [] };
  const onDrafts: OrderLineRow[] = [];
  const creditNotes: string[] = [];
  for (const line of lines) {
    const note = Number(line.amount) < 0 ? await creditInvoicedPeriod(tx, ctx, line) : null;
    if (note) creditNotes.push(note);
    else onDrafts.push(line);
  }
  const charges: Charge[] = onDrafts.map((line) => ({
    accountId: line.account_id,
    currency: line.currency,
    subscriptionId: line.subscription_id,
    chargeKey: `o:${line.id}`,
    source: 'order' as Charge['source'],
    description: line.description,
    periodStart: line.period_start,
    periodEnd: line.period_end,
    quantity: new Decimal(line.quantity),
    unitPrice: new Decimal(line.unit_price),
    discount: Number(line.discount),
    amount: Number(line.amount),
    vatRate: new Decimal(line.vat_rate),
    late: false,
  }));
  await writeCharges(tx, organizationId, charges, now);
  await markOrderLinesBilled(
    tx,
    organizationId,
    lines.map((l) => l.id),
    now,
  );
  return { taken: lines.length, creditNotes };
}

/**
 * Bills every committed order line created before `createdBefore`, a batch per transaction, and
 * follows up the credit notes it issued (a job where a queue runs, else right after commit). Answers
 * how many lines it took.
 */
export async function billAllOrderLines(
  services: Services,
  organization: OrganizationRef,
  createdBefore: Date,
  now: Date,
): Promise<number> {
  const ctx: UseCaseContext = {
    ...services,
    actor: { ...commandLineActor(organization), clientSystem: 'kassa-billing', user: null },
  };
  let total = 0;
  for (;;) {
    const followUps: string[] = [];
    const { taken } = await services.db.transaction().execute(async (tx) => {
      const billed = await billOrderLines(tx, ctx, createdBefore, now);
      for (const invoiceId of billed.creditNotes)
        if (!(await queueFollowUp(ctx, tx, { organizationId: organization.id, invoiceId })))
          followUps.push(invoiceId);
      return billed;
    });
    for (const invoiceId of followUps) await followUpInvoice(ctx, organization.id, invoiceId);
    total += taken;
    if (taken === 0) return total;
  }
}
