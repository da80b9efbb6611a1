import { sql } from 'kysely';
import type { Tx } from '../db/transaction.ts';
import { compactReference } from '../domain/payment-references.ts';
import { cancelDunning } from '../dunning/start-dunning.ts';
import { writeEvent } from '../events/write-event.ts';
import { newId } from '../ids.ts';
import { addAccountCredit } from '../invoices/account-credit.ts';
import { type InvoiceRow, invoiceBalance } from '../invoices/invoice-view.ts';
import { lockInvoice, settleInvoice } from '../invoices/settlement.ts';
import { paymentViews } from './payment-view.ts';

export interface IncomingPayment {
  source: 'api' | 'bgmax' | 'camt054' | 'card';
  /** The bank's or gateway's id: a payment with a known one is not booked again. */
  externalId: string | null;
  amount: number;
  currency: string;
  date: string;
  reference: string | null;
  payerName: string | null;
  /** Paying a known invoice directly (the API, a card charge); else the reference finds it. */
  invoiceId: string | null;
}

export type BookedPayment =
  | { outcome: 'duplicate'; paymentId: null }
  | {
      outcome: 'matched' | 'unmatched';
      paymentId: string;
      invoice: InvoiceRow | null;
      /** Booked to the invoice; the rest became account credit. */
      applied: number;
      credit: number;
      /** Why an unmatched payment found no invoice. */
      reason: string | null;
    };

/**
 * Books one payment in the caller's transaction: matched to its invoice (by id or payment reference),
 * the invoice settled as far as the payment goes, anything over the balance kept as the account's
 * credit; an unknown reference or a currency that is not the invoice's leaves it unmatched, on record.
 */
export async function bookPayment(
  tx: Tx,
  organizationId: string,
  payment: IncomingPayment,
  today: string,
  now: Date,
): Promise<BookedPayment> {
  const reference = payment.reference ? compactReference(payment.reference) : null;
  let invoice: InvoiceRow | undefined;
  let reason: string | null = null;
  if (payment.invoiceId) invoice = await lockInvoice(tx, organizationId, payment.invoiceId);
  else if (reference) {
    const found = await tx
      .selectFrom('invoices')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('kind', '=', 'invoice')
      .where(sql<string>`upper(payment_reference)`, '=', reference)
      .executeTakeFirst();
    if (found) invoice = await lockInvoice(tx, organizationId, found.id);
    else reason = `no invoice has the reference ${reference}`;
  } else reason = 'the payment carries no reference';
  if (invoice && invoice.currency !== payment.currency) {
    reason = `invoice ${invoice.number} is in ${invoice.currency}, the payment in ${payment.currency}`;
    invoice = undefined;
  }
  const paymentId = newId();
  const inserted = await tx
    .insertInto('payments')
    .values({
      organization_id: organizationId,
      id: paymentId,
      source: payment.source,
      external_id: payment.externalId,
      amount: payment.amount,
      currency: payment.currency,
      payment_date: payment.date,
      reference,
      payer_name: payment.payerName,
      account_id: invoice?.account_id ?? null,
      status: invoice ? 'matched' : 'unmatched',
      created_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'source', 'external_id'])
        .where('external_id', 'is not', null)
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { outcome: 'duplicate', paymentId: null };
  if (!invoice) {
    await paymentEvent(tx, organizationId, paymentId, 'payment.unmatched', now);
    return { outcome: 'unmatched', paymentId, invoice: null, applied: 0, credit: 0, reason };
  }
  const applied = Math.min(payment.amount, Math.max(0, invoiceBalance(invoice)));
  let settled = invoice;
  if (applied > 0) {
    await tx
      .insertInto('payment_allocations')
      .values({
        organization_id: organizationId,
        id: newId(),
        invoice_id: invoice.id,
        payment_id: paymentId,
        amount: applied,
        created_at: now,
      })
      .execute();
    settled = await settleInvoice(tx, invoice, { paid: applied }, today, now);
    // Paid in full: no reminder, charge or final action of its dunning is due any more.
    if (invoiceBalance(settled) <= 0)
      await cancelDunning(tx, organizationId, invoice.id, 'the invoice was paid', now);
  }
  const credit = payment.amount - applied;
  if (credit > 0)
    await addAccountCredit(
      tx,
      {
        organizationId,
        accountId: invoice.account_id,
        currency: invoice.currency,
        amount: credit,
        paymentId,
      },
      now,
    );
  await paymentEvent(tx, organizationId, paymentId, 'payment.booked', now);
  return { outcome: 'matched', paymentId, invoice: settled, applied, credit, reason: null };
}

/** `payment.booked` or `payment.unmatched`, its data the payment as GET answers it (allocations too). */
async function paymentEvent(
  tx: Tx,
  organizationId: string,
  paymentId: string,
  type: 'payment.booked' | 'payment.unmatched',
  now: Date,
) {
  const row = await tx
    .selectFrom('payments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', paymentId)
    .executeTakeFirstOrThrow();
  const [view] = await paymentViews(tx, [row]);
  await writeEvent(tx, organizationId, now, {
    type,
    entityType: 'payment',
    entityId: paymentId,
    payload: view,
  });
}
