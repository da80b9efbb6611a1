import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { UseCaseContext } from '../context.ts';
import type { SortColumns } from '../db/list-page.ts';
import type { PaymentsTable } from '../db/tables-invoicing.ts';
import type { Tx } from '../db/transaction.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { dateString, instant } from '../http/common-schemas.ts';
import { paymentExample } from './payment-examples.ts';

export type PaymentRow = Selectable<PaymentsTable>;

export const paymentSchema = z
  .object({
    uuid: z.uuid(),
    source: z.enum(['api', 'bgmax', 'camt054', 'card']),
    amount: z.string(),
    currency: z.string(),
    payment_date: dateString,
    reference: z.string().nullable(),
    payer_name: z.string().nullable(),
    account: z.uuid().nullable(),
    status: z.enum(['matched', 'unmatched']),
    allocations: z.array(z.object({ invoice: z.uuid(), amount: z.string() })),
    created_date: instant,
  })
  .meta({ id: 'Payment', examples: [paymentExample] });
export type PaymentView = z.output<typeof paymentSchema>;

export async function paymentViews(
  db: UseCaseContext['db'] | Tx,
  rows: PaymentRow[],
): Promise<PaymentView[]> {
  const ids = rows.map((r) => r.id);
  const allocations =
    ids.length === 0
      ? []
      : await db
          .selectFrom('payment_allocations')
          .select(['payment_id', 'invoice_id', 'amount'])
          .where('organization_id', '=', rows[0]!.organization_id)
          .where('payment_id', 'in', ids)
          .execute();
  return rows.map((row) => ({
    uuid: row.id,
    source: row.source,
    amount: formatMinorUnits(Number(row.amount), row.currency),
    currency: row.currency,
    payment_date: row.payment_date,
    reference: row.reference,
    payer_name: row.payer_name,
    account: row.account_id,
    status: row.status,
    allocations: allocations
      .filter((a) => a.payment_id === row.id)
      .map((a) => ({ invoice: a.invoice_id, amount: formatMinorUnits(Number(a.amount), row.currency) })),
    created_date: new Date(row.created_at).toISOString(),
  }));
}

/** What the payment list's `ordering` may name besides `created_date`. */
export const PAYMENT_SORTS = {
  payment_date: { column: 'payment_date', type: 'date' },
  amount: { column: 'amount', type: 'integer' },
} as const satisfies SortColumns;
