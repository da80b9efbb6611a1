import { z } from 'zod';
import type { Db, Tx } from '../db/transaction.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { instant, isoInstant } from '../http/common-schemas.ts';
import type { InvoiceRow } from '../invoices/invoice-view.ts';
import { invoiceCollectionExample } from './dunning-examples.ts';

export const collectionSchema = z
  .object({
    invoice: z.uuid(),
    status: z.string(),
    dunning: z.array(
      z.object({
        step: z.number().int(),
        due_on: z.string(),
        final: z.boolean(),
        status: z.enum(['scheduled', 'done', 'cancelled']),
        result: z.string().nullable(),
        done_date: instant.nullable(),
      }),
    ),
    card_charges: z.array(
      z.object({
        attempt: z.number().int(),
        amount: z.string(),
        status: z.enum(['pending', 'succeeded', 'declined', 'requires_action', 'retryable']),
        gateway_reference: z.string().nullable(),
        error: z.string().nullable(),
        created_date: instant,
      }),
    ),
  })
  .meta({ id: 'InvoiceCollection', examples: [invoiceCollectionExample] });

export type InvoiceCollection = z.output<typeof collectionSchema>;

/**
 * An invoice's collection (its dunning steps and card charge attempts) as
 * `GET /invoices/{id}/dunning/` answers it; also the `data` of `dunning_step.*` and `card_charge.*` events.
 */
export async function invoiceCollection(db: Db | Tx, invoice: InvoiceRow): Promise<InvoiceCollection> {
  const [steps, charges] = await Promise.all([
    db
      .selectFrom('dunning_steps')
      .selectAll()
      .where('organization_id', '=', invoice.organization_id)
      .where('invoice_id', '=', invoice.id)
      .orderBy('step_no')
      .execute(),
    db
      .selectFrom('card_charges')
      .selectAll()
      .where('organization_id', '=', invoice.organization_id)
      .where('invoice_id', '=', invoice.id)
      .orderBy('attempt')
      .execute(),
  ]);
  return {
    invoice: invoice.id,
    status: invoice.status,
    dunning: steps.map((s) => ({
      step: s.step_no,
      due_on: s.due_on,
      final: s.final,
      status: s.status,
      result: s.result,
      done_date: isoInstant(s.done_at),
    })),
    card_charges: charges.map((c) => ({
      attempt: c.attempt,
      amount: formatMinorUnits(Number(c.amount), invoice.currency),
      status: c.status,
      gateway_reference: c.gateway_reference,
      error: c.error,
      created_date: isoInstant(c.created_at)!,
    })),
  };
}
