import { findDraft } from '../billing/draft-view.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { followUpInvoice, queueFollowUp } from './invoice-jobs.ts';
import { type InvoiceView, invoiceView, linesOfInvoices } from './invoice-view.ts';
import { issueInvoice } from './issue-invoice.ts';

/**
 * Sends a draft: it becomes a numbered, immutable invoice in one transaction, and its PDF, e-mail and
 * card charge follow (as a job where a queue runs, else right after commit).
 */
export async function sendDraft(
  ctx: UseCaseContext,
  draftId: string,
  references: { buyerReference?: string | undefined; orderReference?: string | undefined } = {},
): Promise<Result<InvoiceView>> {
  const organizationId = ctx.actor.organizationId;
  let queued = false;
  const issued = await transact(ctx.db, async (tx) => {
    const draft = await findDraft(tx, organizationId, draftId, { lock: true });
    if (!draft) return fail('not_found', `no invoice draft ${draftId}`);
    const invoice = await issueInvoice(tx, ctx, draft, { references });
    if (!invoice.ok) return invoice;
    queued = await queueFollowUp(ctx, tx, { organizationId, invoiceId: invoice.value.id });
    return invoice;
  });
  if (!issued.ok) return issued;
  if (!queued) await followUpInvoice(ctx, organizationId, issued.value.id);
  const row = await ctx.db
    .selectFrom('invoices')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', issued.value.id)
    .executeTakeFirstOrThrow();
  return ok(invoiceView(row, await linesOfInvoices(ctx.db, organizationId, [row.id])));
}
