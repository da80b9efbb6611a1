import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import { findOwnRow } from '../db/find-own-row.ts';
import { transact } from '../db/transaction.ts';
import { formatMinorUnits, toMinorUnits } from '../domain/money.ts';
import { compactReference, isPaymentReference } from '../domain/payment-references.ts';
import { fail, fieldFailure, ok, type Result } from '../errors.ts';
import { plainDate, UUID_PATTERN } from '../http/common-schemas.ts';
import { bookPayment } from './book-payment.ts';
import { type PaymentView, paymentViews } from './payment-view.ts';

export const paymentRequestSchema = z.strictObject({
  amount: z
    .string()
    .regex(/^\d{1,14}(\.\d{1,2})?$/, 'a positive decimal string, e.g. "1250.00"')
    .describe('In major units of the currency'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional()
    .describe("Default: the invoice's, else the organization's"),
  date: plainDate.optional().describe('Default: today'),
  reference: z.string().trim().min(1).max(35).optional().describe('The payment reference the payer gave'),
  invoice: z.string().min(1).max(64).optional().describe('The invoice paid, by uuid or number'),
  payer_name: z.string().trim().max(140).optional(),
  external_id: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('Your id of the payment: sent again, it books nothing'),
});
export type PaymentRequest = z.output<typeof paymentRequestSchema>;

/**
 * Registers a payment by hand or from another system: matched to the invoice named, else by its
 * reference (which must be valid for the organization's scheme); partial payments leave the rest
 * open, overpayments become account credit; unknown references are kept as unmatched.
 */
export async function registerPayment(
  ctx: UseCaseContext,
  request: PaymentRequest,
): Promise<Result<PaymentView>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const org = await tx
      .selectFrom('organizations')
      .select(['payment_reference_scheme', 'currency', 'timezone'])
      .where('id', '=', organizationId)
      .executeTakeFirstOrThrow();
    let invoiceId: string | null = null;
    let currency = request.currency ?? org.currency;
    if (request.invoice !== undefined) {
      let query = tx
        .selectFrom('invoices')
        .select(['id', 'currency'])
        .where('organization_id', '=', organizationId)
        .where('kind', '=', 'invoice');
      query = UUID_PATTERN.test(request.invoice)
        ? query.where('id', '=', request.invoice.toLowerCase())
        : query.where('number', '=', request.invoice);
      const invoice = await query.executeTakeFirst();
      if (!invoice) return fieldFailure('invoice', 'not_found', `invoice: no invoice ${request.invoice}`);
      invoiceId = invoice.id;
      currency = request.currency ?? invoice.currency;
    } else if (request.reference === undefined)
      return fieldFailure(
        'reference',
        'required',
        'reference: name the invoice or give its payment reference',
      );
    else if (request.currency === undefined) {
      // Paid by reference alone: the payment is in the currency of the invoice the reference names.
      const byReference = await tx
        .selectFrom('invoices')
        .select('currency')
        .where('organization_id', '=', organizationId)
        .where('kind', '=', 'invoice')
        .where(sql<string>`upper(payment_reference)`, '=', compactReference(request.reference))
        .executeTakeFirst();
      if (byReference) currency = byReference.currency;
    }
    // The organization's scheme checks what is typed in; a reference that is exactly one of its invoices'
    // (sent under an earlier scheme, or a partner invoice's OCR number) is taken as it is.
    const reference = request.reference;
    if (
      reference !== undefined &&
      !isPaymentReference(org.payment_reference_scheme, reference) &&
      !(await tx
        .selectFrom('invoices')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('payment_reference', '=', compactReference(reference))
        .executeTakeFirst())
    )
      return fieldFailure(
        'reference',
        'invalid_reference',
        `reference: ${reference} is not a valid ${org.payment_reference_scheme} reference (check digit), nor one of an invoice`,
      );
    let amount: number;
    try {
      amount = toMinorUnits(new Decimal(request.amount), currency);
    } catch {
      return fieldFailure('currency', 'unknown', `currency: ${currency} is not a currency we know`);
    }
    if (amount <= 0) return fieldFailure('amount', 'not_positive', 'amount: must be more than zero');
    const today = todayIn(ctx.clock, org.timezone);
    const booked = await bookPayment(
      tx,
      organizationId,
      {
        source: 'api',
        externalId: request.external_id ?? null,
        amount,
        currency,
        date: request.date ?? today,
        reference: request.reference ? compactReference(request.reference) : null,
        payerName: request.payer_name ?? null,
        invoiceId,
      },
      today,
      ctx.clock.now(),
    );
    const paymentId =
      booked.paymentId ??
      (
        await tx
          .selectFrom('payments')
          .select('id')
          .where('organization_id', '=', organizationId)
          .where('source', '=', 'api')
          .where('external_id', '=', request.external_id!)
          .executeTakeFirstOrThrow()
      ).id;
    const row = (await findOwnRow(tx, 'payments', organizationId, paymentId))!;
    // The same external_id again is a retry, answered with the payment it made; with other content it
    // is a mistake, refused.
    if (
      booked.outcome === 'duplicate' &&
      (Number(row.amount) !== amount ||
        row.currency !== currency ||
        row.payment_date !== (request.date ?? today))
    )
      return fail(
        'external_id_reused',
        `external_id ${request.external_id} was used for a payment of ${formatMinorUnits(Number(row.amount), row.currency)} ${row.currency} on ${row.payment_date}`,
      );
    const [view] = await paymentViews(tx, [row]);
    if (booked.outcome !== 'duplicate')
      await recordChange(tx, ctx, {
        action: 'payment.registered',
        entityType: 'payment',
        entityId: paymentId,
        before: null,
        after: view,
      });
    return ok(view!);
  });
}
