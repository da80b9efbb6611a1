import type { Db, Tx } from '../db/transaction.ts';

/**
 * Whether the recurring fee of the period starting on `periodStart` is on a draft or invoice already
 * (its charge key is): for orders that change a subscription on the first day of such a period, which
 * the billing run will not charge again.
 */
export async function recurringPeriodBilled(
  db: Db | Tx,
  organizationId: string,
  subscriptionId: string,
  periodStart: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('invoice_draft_lines')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('charge_key', '=', `r:${subscriptionId}:${periodStart}`)
    .executeTakeFirst();
  return row !== undefined;
}
