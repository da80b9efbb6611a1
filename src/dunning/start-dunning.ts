import type { Tx } from '../db/transaction.ts';
import { addToIso } from '../domain/calendar.ts';
import { writeEvent } from '../events/write-event.ts';
import { newId } from '../ids.ts';
import { invoiceCollection } from './collection-view.ts';

/**
 * Schedules an invoice's dunning from a day (its due date, or the day a card charge failed): one step
 * per day of the organization's schedule (default after 3, 7 and 14 days), the last one final. An
 * invoice is dunned once: scheduling it again adds nothing. Each step planned writes its
 * `dunning_step.scheduled` event in the caller's transaction (its data the invoice's collection as
 * `GET /invoices/{id}/dunning/` answers it then). Answers how many steps were planned.
 */
export async function startDunning(
  tx: Tx,
  organizationId: string,
  invoiceId: string,
  from: string,
  now: Date,
): Promise<number> {
  const org = await tx
    .selectFrom('organizations')
    .select('dunning_days')
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
  const days = [...org.dunning_days].sort((a, b) => a - b);
  if (days.length === 0) return 0;
  const planned = await tx
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
    .returning(['id', 'step_no'])
    .execute();
  if (planned.length === 0) return 0;
  await writeStepEvents(tx, organizationId, invoiceId, 'dunning_step.scheduled', planned, now);
  return planned.length;
}

/** One event per step of an invoice, each with the invoice's collection as it is now. */
async function writeStepEvents(
  tx: Tx,
  organizationId: string,
  invoiceId: string,
  type: 'dunning_step.scheduled' | 'dunning_step.cancelled',
  steps: { id: string; step_no: number }[],
  now: Date,
) {
  const invoice = await tx
    .selectFrom('invoices')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  const data = await invoiceCollection(tx, invoice);
  for (const step of [...steps].sort((a, b) => a.step_no - b.step_no))
    await writeEvent(tx, organizationId, now, {
      type,
      entityType: 'dunning_step',
      entityId: step.id,
      payload: data,
    });
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
    .returning(['id', 'step_no'])
    .execute();
  if (cancelled.length === 0) return 0;
  await writeStepEvents(tx, organizationId, invoiceId, 'dunning_step.cancelled', cancelled, now);
  return cancelled.length;
}
