import { z } from 'zod';
import { anyOf } from '../db/any-of.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { isoInstant } from '../http/common-schemas.ts';
import { webhookDeliveryExample } from './webhook-examples.ts';

export const attemptSchema = z.object({
  attempt: z.number().int().describe('1 for the first try'),
  attempted_date: z.iso.datetime(),
  status_code: z.number().int().nullable().describe('null when no answer came (refused address, timeout, …)'),
  duration_ms: z.number().int(),
  response: z.string().nullable().describe('The first 1 KB of the answer'),
  error: z.string().nullable().describe('Why there was no answer'),
});

export const deliverySchema = z
  .object({
    uuid: z.uuid(),
    endpoint: z.uuid(),
    event: z.uuid().describe('The event (message) id: the webhook-id header, the same on every attempt'),
    event_type: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed', 'cancelled']),
    attempt_count: z.number().int(),
    next_attempt_date: z.iso.datetime().nullable().describe('When it is tried next (pending only)'),
    attempts: z.array(attemptSchema).describe('Every attempt, oldest first'),
    created_date: z.iso.datetime(),
    updated_date: z.iso.datetime(),
  })
  .meta({ id: 'WebhookDelivery', examples: [webhookDeliveryExample] });

export type DeliveryView = z.output<typeof deliverySchema>;

/** Views of deliveries with their attempts, in the order of `ids`. */
export async function deliveryViews(
  db: Db | Tx,
  organizationId: string,
  ids: string[],
): Promise<DeliveryView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(anyOf('id', ids))
    .execute();
  const attempts = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(anyOf('delivery_id', ids))
    .orderBy('attempt')
    .orderBy('attempted_at')
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        uuid: row.id,
        endpoint: row.endpoint_id,
        event: row.message_id,
        event_type: row.event_type,
        status: row.status,
        attempt_count: row.attempts,
        next_attempt_date: row.status === 'pending' ? isoInstant(row.next_attempt_at) : null,
        attempts: attempts
          .filter((a) => a.delivery_id === id)
          .map((a) => ({
            attempt: a.attempt,
            attempted_date: isoInstant(a.attempted_at)!,
            status_code: a.status_code,
            duration_ms: a.duration_ms,
            response: a.response,
            error: a.error,
          })),
        created_date: isoInstant(row.created_at)!,
        updated_date: isoInstant(row.updated_at)!,
      },
    ];
  });
}
