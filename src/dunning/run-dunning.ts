import { recordChange } from '../audit/record-change.ts';
import { todayIn } from '../clock.ts';
import { commandLineActor, type Services } from '../context.ts';
import { addToIso } from '../domain/calendar.ts';
import { integrationsOf } from '../integrations.ts';
import { formatDate, formatMoney } from '../invoices/document-texts.ts';
import { writeDocumentEvent } from '../invoices/invoice-events.ts';
import { type BuyerSnapshot, invoiceBalance, type SellerSnapshot } from '../invoices/invoice-view.ts';
import { reminderMail } from '../invoices/mail-texts.ts';
import { chargeInvoiceCard } from '../payments/charge-invoice-card.ts';
import { endSubscription } from '../subscriptions/end-subscription.ts';
import { noticeEndedSubscriptions } from '../subscriptions/notice-ended-subscriptions.ts';
import { invoiceCollection } from './collection-view.ts';
import { cancelDunning, startDunning } from './start-dunning.ts';

/**
 * Invoices past their due date become overdue and get their dunning schedule. An invoice that a
 * payment or credit note booked after its due date already made overdue (settling sets the status
 * from the date) gets its schedule here too. Answers how many invoices turned overdue, counting
 * those found overdue without a schedule.
 */
export async function markOverdue(services: Services, organizationId: string, today: string) {
  const now = services.clock.now();
  // The status turns once (only settling takes an invoice out of overdue), so `invoice.overdue` is
  // written once, with the status, its schedule and the invoice as GET answers it, in one transaction.
  const turned = await services.db.transaction().execute(async (tx) => {
    const rows = await tx
      .updateTable('invoices')
      .set({ status: 'overdue', updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('kind', '=', 'invoice')
      .where('status', 'in', ['open', 'partially_paid'])
      .where('due_date', '<', today)
      .returning(['id', 'due_date'])
      .execute();
    for (const invoice of rows) {
      await startDunning(tx, organizationId, invoice.id, invoice.due_date!, now);
      await writeDocumentEvent(tx, organizationId, invoice.id, 'invoice.overdue', now);
    }
    return rows;
  });
  const unscheduled = await services.db
    .selectFrom('invoices')
    .select(['id', 'due_date'])
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'invoice')
    .where('status', '=', 'overdue')
    .where('due_date', '<', today)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('dunning_steps')
            .select('dunning_steps.id')
            .whereRef('dunning_steps.organization_id', '=', 'invoices.organization_id')
            .whereRef('dunning_steps.invoice_id', '=', 'invoices.id'),
        ),
      ),
    )
    .execute();
  let count = turned.length;
  for (const invoice of unscheduled) {
    const planned = await services.db
      .transaction()
      .execute((tx) => startDunning(tx, organizationId, invoice.id, invoice.due_date!, services.clock.now()));
    if (planned > 0) count++;
  }
  return count;
}

/** The steps due by `today`, oldest first, for the job queue or the caller to carry out. */
export async function dueDunningSteps(services: Services, organizationId: string, today: string) {
  return services.db
    .selectFrom('dunning_steps')
    .select(['id', 'invoice_id'])
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'scheduled')
    .where('due_on', '<=', today)
    .orderBy('due_on')
    .orderBy('step_no')
    .execute();
}

/**
 * Carries out one dunning step, once: a settled invoice cancels it; otherwise a card-collected invoice
 * is charged again (a success ends the dunning), a reminder is e-mailed, and the final step takes the
 * organization's final action (ending the invoice's subscriptions, or nothing). The step is claimed
 * first, so two workers never both carry it out.
 */
export async function runDunningStep(services: Services, organizationId: string, stepId: string) {
  const claimed = await services.db
    .updateTable('dunning_steps')
    .set({ status: 'done', done_at: services.clock.now(), result: 'started' })
    .where('organization_id', '=', organizationId)
    .where('id', '=', stepId)
    .where('status', '=', 'scheduled')
    .returningAll()
    .executeTakeFirst();
  if (!claimed) return null;
  const org = await services.db
    .selectFrom('organizations')
    .select(['id', 'country', 'currency', 'timezone', 'dunning_final_action'])
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
  const actor = { ...commandLineActor(org), clientSystem: 'kassa-dunning', user: null };
  const finish = async (result: string, status: 'done' | 'cancelled' = 'done') => {
    await services.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('dunning_steps')
        .set({ status, result })
        .where('organization_id', '=', organizationId)
        .where('id', '=', stepId)
        .execute();
      await recordChange(
        tx,
        { actor, clock: services.clock },
        {
          action: `dunning_step.${status}`,
          entityType: 'dunning_step',
          entityId: stepId,
          before: null,
          after: { invoice: claimed.invoice_id, step: claimed.step_no, final: claimed.final, result },
          data: await invoiceCollection(
            tx,
            await tx
              .selectFrom('invoices')
              .selectAll()
              .where('organization_id', '=', organizationId)
              .where('id', '=', claimed.invoice_id)
              .executeTakeFirstOrThrow(),
          ),
        },
      );
    });
    return result;
  };
  const load = () =>
    services.db
      .selectFrom('invoices')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', claimed.invoice_id)
      .executeTakeFirstOrThrow();
  let invoice = await load();
  if (invoiceBalance(invoice) <= 0) {
    // Settled by something that did not cancel the dunning itself (a credit note): none of it is due.
    const status = invoice.status;
    await services.db
      .transaction()
      .execute((tx) =>
        cancelDunning(tx, organizationId, invoice.id, `the invoice is ${status}`, services.clock.now()),
      );
    return finish(`cancelled: the invoice is ${invoice.status}`, 'cancelled');
  }
  const notes: string[] = [];
  if (invoice.collection_method === 'card') {
    const outcome = await chargeInvoiceCard(services, invoice, { newAttempt: true });
    notes.push(`card charge ${outcome}`);
    invoice = await load();
    if (invoiceBalance(invoice) <= 0) {
      // Booking the card payment cancelled the steps still scheduled.
      return finish(notes.join('; '));
    }
  }
  const buyer = invoice.buyer as BuyerSnapshot;
  const seller = invoice.seller as SellerSnapshot;
  if (invoice.delivery === 'partner') {
    // The partner that ordered pays this invoice, not the person on it: no reminder goes to them.
    notes.push('partner invoice: no reminder to the buyer');
  } else if (buyer.email) {
    const text = reminderMail(invoice.language, {
      number: invoice.number,
      seller: seller.name,
      buyer: buyer.name,
      balance: formatMoney(invoiceBalance(invoice), invoice.currency, invoice.language),
      dueDate: formatDate(invoice.due_date ?? invoice.issue_date, invoice.language),
      reference: invoice.payment_reference,
      step: claimed.step_no,
    });
    const { mailer, mailFrom } = integrationsOf(services);
    try {
      await mailer.send({ from: mailFrom, to: buyer.email, subject: text.subject, text: text.body });
      notes.push('reminder e-mailed');
    } catch (error) {
      notes.push(`reminder not sent: ${(error as Error).message.slice(0, 200)}`);
    }
  } else notes.push('no e-mail address for a reminder');
  if (claimed.final && org.dunning_final_action === 'end_subscription') {
    const today = todayIn(services.clock, org.timezone);
    const subscriptions = await services.db
      .selectFrom('invoice_lines')
      .select('subscription_id')
      .distinct()
      .where('organization_id', '=', organizationId)
      .where('invoice_id', '=', invoice.id)
      .where('subscription_id', 'is not', null)
      .execute();
    const ctx = {
      ...services,
      actor: { ...commandLineActor(org), clientSystem: 'kassa-dunning', user: null },
    };
    for (const { subscription_id } of subscriptions) {
      const ended = await endSubscription(ctx, subscription_id!, {
        end_date: addToIso(today, 'day', 1),
        force: true,
      });
      notes.push(
        ended.ok
          ? `subscription ${subscription_id} ends ${addToIso(today, 'day', 1)}`
          : `subscription ${subscription_id}: ${ended.failure.detail}`,
      );
    }
  }
  return finish(notes.join('; '));
}

/**
 * The daily job of one organization without a queue (tests, library use): overdue invoices, ended
 * subscriptions (their `subscription.ended`), then the due steps.
 */
export async function runDunning(services: Services, organizationId: string) {
  const org = await services.db
    .selectFrom('organizations')
    .select(['id', 'country', 'currency', 'timezone'])
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
  const today = todayIn(services.clock, org.timezone);
  const overdue = await markOverdue(services, organizationId, today);
  await noticeEndedSubscriptions(services, org, today);
  const steps = await dueDunningSteps(services, organizationId, today);
  const results: string[] = [];
  for (const step of steps) {
    const result = await runDunningStep(services, organizationId, step.id);
    if (result !== null) results.push(result);
  }
  return { overdue, steps: results.length, results };
}
