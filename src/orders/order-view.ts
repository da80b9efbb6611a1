import type { Selectable } from 'kysely';
import { z } from 'zod';
import { findOwnRow } from '../db/find-own-row.ts';
import type { OrdersTable } from '../db/schema.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { dateString, instant, isoInstant } from '../http/common-schemas.ts';
import { orderExample } from './order-examples.ts';

export type OrderRow = Selectable<OrdersTable>;

const amount = z.string().describe('Decimal string in the currency, e.g. "-12.50"');
export const orderLineSchema = z.object({
  description: z.string(),
  kind: z.enum(['charge', 'credit']),
  billing: z
    .enum(['recurring', 'one_off'])
    .describe('one_off lines go on the next invoice; recurring ones are the periods the billing run bills'),
  period_start: z.string().nullable(),
  period_end: z.string().nullable(),
  quantity: z.string(),
  unit_price: z.string(),
  factor: z.string().describe('Share of the period, by days'),
  discount: amount,
  amount: amount.describe('Net of discount, VAT excluded; negative for a credit'),
  vat_rate: z.string(),
});

export const orderSchema = z
  .object({
    uuid: z.uuid(),
    type: z.enum([
      'new_subscription',
      'change_terms',
      'change_quantity',
      'add_component',
      'remove_component',
      'one_off',
    ]),
    status: z.enum(['preview', 'pending_approval', 'committed', 'declined', 'expired']),
    account: z.uuid(),
    subscription: z.uuid().nullable().describe('The subscription changed, or made by the commit'),
    effective_date: dateString,
    currency: z.string(),
    lines: z.array(orderLineSchema),
    vat: z.array(z.object({ rate: z.string(), base: amount, amount })),
    total_ex_vat: amount,
    total_vat: amount,
    total: amount,
    request: z.unknown().describe('The order as asked for'),
    expires_date: instant.describe('An uncommitted preview can no longer be committed after this'),
    committed_date: instant.nullable(),
    decided_date: instant.nullable().describe('When it was approved or declined'),
    created_date: instant,
  })
  .meta({ id: 'Order', examples: [orderExample] });

export type OrderView = z.output<typeof orderSchema>;

/** A preview past its expiry shows as expired, whether or not anything has written that down yet. */
export function effectiveStatus(row: OrderRow, now: Date): OrderRow['status'] {
  return row.status === 'preview' && new Date(row.expires_at) <= now ? 'expired' : row.status;
}

export function orderView(row: OrderRow, now: Date): OrderView {
  const preview = row.preview as Pick<OrderView, 'lines' | 'vat' | 'total_ex_vat' | 'total_vat' | 'total'> & {
    request: unknown;
  };
  return {
    uuid: row.id,
    type: row.type,
    status: effectiveStatus(row, now),
    account: row.account_id,
    subscription: row.subscription_id,
    effective_date: row.effective_date,
    currency: row.currency,
    lines: preview.lines,
    vat: preview.vat,
    total_ex_vat: preview.total_ex_vat,
    total_vat: preview.total_vat,
    total: preview.total,
    request: preview.request,
    expires_date: isoInstant(row.expires_at)!,
    committed_date: isoInstant(row.committed_at),
    decided_date: isoInstant(row.decided_at),
    created_date: isoInstant(row.created_at)!,
  };
}

export function findOrder(db: Db | Tx, organizationId: string, id: string, options: { lock?: boolean } = {}) {
  return findOwnRow(db, 'orders', organizationId, id, options);
}
