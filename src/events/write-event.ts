import type { Tx } from '../db/transaction.ts';
import { newId } from '../ids.ts';

export interface DomainEvent {
  /** `<entity>.<past-tense verb>`: `account.created`, `account.updated`, `account.archived`. */
  type: string;
  entityType: string;
  entityId: string;
  payload: unknown;
}

/** Writes a domain event to the outbox in the caller's transaction; delivery happens after commit. */
export async function writeEvent(tx: Tx, organizationId: string, occurredAt: Date, event: DomainEvent) {
  await tx
    .insertInto('outbox_events')
    .values({
      organization_id: organizationId,
      id: newId(),
      type: event.type,
      entity_type: event.entityType,
      entity_id: event.entityId,
      payload: JSON.stringify(event.payload),
      occurred_at: occurredAt,
    })
    .execute();
}
