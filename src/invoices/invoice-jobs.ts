import { todayIn } from '../clock.ts';
import type { Services } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { dueDunningSteps, markOverdue, runDunningStep } from '../dunning/run-dunning.ts';
import { startDunning } from '../dunning/start-dunning.ts';
import type { Queue } from '../jobs/queue.ts';
import { type CardChargeOutcome, chargeInvoiceCard } from '../payments/charge-invoice-card.ts';
import { noticeEndedSubscriptions } from '../subscriptions/notice-ended-subscriptions.ts';
import { emailInvoice, invoicePdf } from './deliver-invoice.ts';

export const INVOICE_QUEUES = ['invoice-follow-up', 'dunning-daily', 'dunning-step'] as const;

interface FollowUpJob {
  organizationId: string;
  invoiceId: string;
}

export interface FollowUpResult {
  emailed: boolean;
  /** Why the e-mail could not be handed over (the SMTP server refused or was away), if it could not. */
  emailError: string | null;
  charge: CardChargeOutcome;
}

/**
 * What follows the issuing of a document, after its transaction committed: the PDF, the e-mail and,
 * for a card-collected invoice, the charge; a charge that cannot succeed without the customer starts
 * dunning. Each part is idempotent, so a retried job does only what is still missing.
 */
export async function followUpInvoice(
  services: Services,
  organizationId: string,
  invoiceId: string,
): Promise<FollowUpResult> {
  const load = () =>
    services.db
      .selectFrom('invoices')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
  const invoice = await load();
  await invoicePdf(services.db, invoice, services.clock.now());
  await emailInvoice(services, invoice);
  const charge =
    invoice.kind === 'invoice' ? await chargeInvoiceCard(services, invoice) : 'nothing_to_charge';
  if (charge === 'declined' || charge === 'requires_action' || charge === 'no_card') {
    const org = await services.db
      .selectFrom('organizations')
      .select('timezone')
      .where('id', '=', organizationId)
      .executeTakeFirstOrThrow();
    const from = todayIn(services.clock, org.timezone);
    await services.db
      .transaction()
      .execute((tx) => startDunning(tx, organizationId, invoiceId, from, services.clock.now()));
  }
  const after = await load();
  return {
    emailed: after.emailed_at !== null,
    emailError: after.emailed_at === null ? after.email_error : null,
    charge,
  };
}

/**
 * Asks for the follow-up of a document issued in `tx`: as a job written in that transaction where a
 * queue runs; otherwise the caller runs `followUpInvoice` itself after commit (answers false).
 */
export async function queueFollowUp(services: Services, tx: Tx, job: FollowUpJob): Promise<boolean> {
  if (!services.queue) return false;
  await services.queue.send('invoice-follow-up', job, tx);
  return true;
}

/** The invoicing workers: follow-ups (retried by the queue on failure) and the daily dunning. */
export async function startInvoiceWorkers(
  services: Services,
  queue: Queue,
  options: { daily?: boolean } = {},
) {
  await queue.boss.work<FollowUpJob>('invoice-follow-up', { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      const result = await followUpInvoice(services, job.data.organizationId, job.data.invoiceId);
      // A timeout or an unconfigured gateway: fail the job so the queue retries it with the same key.
      if (result.charge === 'retryable')
        throw new Error(`card charge for ${job.data.invoiceId} must be retried`);
    }
  });
  await queue.boss.work<{ organizationId: string; stepId: string }>(
    'dunning-step',
    { pollingIntervalSeconds: 2 },
    async (jobs) => {
      for (const job of jobs) await runDunningStep(services, job.data.organizationId, job.data.stepId);
    },
  );
  // The daily job notices what time alone changed: invoices past due (`invoice.overdue`, with their
  // dunning schedule) and subscriptions past their end (`subscription.ended`), each once.
  await queue.boss.work('dunning-daily', { pollingIntervalSeconds: 5 }, async () => {
    const organizations = await services.db
      .selectFrom('organizations')
      .select(['id', 'country', 'currency', 'timezone'])
      .execute();
    for (const org of organizations) {
      const today = todayIn(services.clock, org.timezone);
      await markOverdue(services, org.id, today);
      await noticeEndedSubscriptions(services, org, today);
      for (const step of await dueDunningSteps(services, org.id, today))
        await queue.boss.send(
          'dunning-step',
          { organizationId: org.id, stepId: step.id },
          { singletonKey: step.id },
        );
    }
  });
  if (options.daily) await queue.boss.schedule('dunning-daily', '0 6 * * *');
}
