import type { Db, Tx } from '../db/transaction.ts';
import { addToIso } from '../domain/calendar.ts';
import { writeEvent } from '../events/write-event.ts';
import { newId } from '../ids.ts';
import { invoiceCollection } from './collection-view.ts';

/**
 * Schedules an invoice's dunning from a day (its due date, or the day a card charge failed): one step
 * per day of the organization's schedule (default after 3, 7 and 14 days), the last one final. An
 * invoice is dunned once: scheduling it again adds nothing.
 */
export async function startDunning(
  db: Db | Tx,
  organizationId: string,
  invoiceId: string,
  from: string,
): Promise<number> {
  const org = await db
    .selectFrom('organizations')
    .select('dunning_days')
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
  const days = [...org.dunning_days].sort((a, b) => a - b);
  if (days.length === 0) return 0;
  const result = await db
    .insertInto('dunning_steps')
    .values(
      days.map((day, index) => ({
        organization_id: organizationId,
        id: newId(),
        invoice_id: invoiceId,
        step_no: index + 1,
        due_on: addToIso(from, 'day', day),
        final: index === days.length - 1,
        status: 'scheduled' as const,
        result: null,
        done_at: null,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Cancels the steps of an invoice still scheduled, once it needs no more dunning (paid or credited in
 * full), each with its `dunning_step.cancelled` event in the caller's transaction (its data the
 * invoice's collection as GET answers it). Answers how many were cancelled.
 */
export async function cancelDunning(
  tx: Tx,
  organizationId: string,
  invoiceId: string,
  reason: string,
  now: Date,
): Promise<number> {
  const cancelled = await tx
    .updateTable('dunning_steps')
    .set({ status: 'cancelled', result: reason, done_at: now })
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'scheduled')
    .returning('id')
    .execute();
  if (cancelled.length === 0) return 0;
  const invoice = await tx
    .selectFrom('invoices')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  const data = await invoiceCollection(tx, invoice);
  for (const step of cancelled)
    await writeEvent(tx, organizationId, now, {
      type: 'dunning_step.cancelled',
      entityType: 'dunning_step',
      entityId: step.id,
      payload: data,
    });
  return cancelled.length;
}
