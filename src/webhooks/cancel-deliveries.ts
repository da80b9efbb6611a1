import type { Tx } from '../db/transaction.ts';

/** Cancels an endpoint's deliveries still waiting (deleted or turned off). */
export async function cancelPendingDeliveries(tx: Tx, organizationId: string, endpointId: string, now: Date) {
  await tx
    .updateTable('webhook_deliveries')
    .set({ status: 'cancelled', next_attempt_at: null, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .execute();
}
