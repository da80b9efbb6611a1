import type { Selectable } from 'kysely';
import type { OrderLinesTable } from '../db/schema.ts';
import type { Tx } from '../db/transaction.ts';

export type OrderLineRow = Selectable<OrderLinesTable>;

/**
 * Committed orders' one-off lines not yet billed (the billing run), locked so that two runs never take
 * the same line; those another run holds are skipped.
 */
export function lockUnbilledOrderLines(
  tx: Tx,
  organizationId: string,
  createdBefore: Date,
  limit: number,
): Promise<OrderLineRow[]> {
  return tx
    .selectFrom('order_lines')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('billed_at', 'is', null)
    .where('created_at', '<', createdBefore)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markOrderLinesBilled(tx: Tx, organizationId: string, ids: readonly string[], at: Date) {
  if (ids.length === 0) return;
  await tx
    .updateTable('order_lines')
    .set({ billed_at: at })
    .where('organization_id', '=', organizationId)
    .where('id', 'in', ids)
    .execute();
}
