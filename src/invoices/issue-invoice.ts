import { findAccount } from '../accounts/find-account.ts';
import { recordChange } from '../audit/record-change.ts';
import { type DraftRow, draftView, linesOfDrafts, pricedDraftLines } from '../billing/draft-view.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { addToIso } from '../domain/calendar.ts';
import { summarize } from '../domain/lines.ts';
import { paymentReference, type ReferenceScheme } from '../domain/payment-references.ts';
import { vatTreatment } from '../domain/vat.ts';
import { einvoiceLacks } from '../einvoices/einvoice-check.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { applyAccountCredit } from './account-credit.ts';
import {
  type BuyerSnapshot,
  type InvoiceRow,
  invoiceData,
  type SellerSnapshot,
  type VatSummary,
} from './invoice-view.ts';
import { takeNextNumber } from './number-series.ts';
import { settlementStatus } from './settlement.ts';

/** The organization's seller details and invoicing rules, read in the sending transaction. */
async function invoicingSettings(tx: Tx, organizationId: string) {
  return tx
    .selectFrom('organizations')
    .selectAll()
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
}

export type OrganizationSettingsRow = Awaited<ReturnType<typeof invoicingSettings>>;

export function sellerSnapshot(org: OrganizationSettingsRow): SellerSnapshot {
  return {
    name: org.name,
    addressLines: (org.legal_address ?? '').split('\n').filter((l) => l.trim() !== ''),
    country: org.country,
    vatNumber: org.vat_number,
    organizationNumber: org.organization_number,
    email: org.email,
    payTo: org.pay_to,
    electronicAddress: org.electronic_address,
    phone: org.phone,
    euSupplies: org.eu_supplies,
    vatExemption: org.vat_exemption_reason
      ? { reason: org.vat_exemption_reason, code: org.vat_exemption_code }
      : null,
  };
}

/**
 * Turns a locked draft into an invoice: the next number of the series, the due date from the payment
 * terms, a payment reference from the number, the seller and buyer as they are today, the lines and
 * VAT per rate, account credit used, and the draft marked sent. All in the caller's transaction; the
 * PDF, e-mail and card charge follow after commit.
 */
export async function issueInvoice(
  tx: Tx,
  ctx: UseCaseContext,
  draft: DraftRow,
  options: {
    delivery?: 'email' | 'partner';
    paymentTermsDays?: number | null;
    referenceScheme?: ReferenceScheme;
    /** This invoice's buyer and purchase-order references, instead of the account's. */
    references?: { buyerReference?: string | undefined; orderReference?: string | undefined };
  } = {},
): Promise<Result<InvoiceRow>> {
  const organizationId = ctx.actor.organizationId;
  if (draft.status !== 'draft') return fail('archived', `invoice draft ${draft.id} was sent already`);
  const draftLines = (await linesOfDrafts(tx, organizationId, [draft.id])).filter(
    (l) => l.removed_at === null,
  );
  if (draftLines.length === 0)
    return fail('validation_failed', `invoice draft ${draft.id} has no lines to send`);
  const priced = pricedDraftLines(draftLines);
  const totals = summarize(priced);
  if (totals.total < 0)
    return fail(
      'validation_failed',
      `invoice draft ${draft.id} totals ${totals.total} minor units: a negative invoice is a credit note; remove or offset lines first`,
    );
  const org = await invoicingSettings(tx, organizationId);
  const account = (await findAccount(tx, organizationId, draft.account_id))!;
  const now = ctx.clock.now();
  const issueDate = todayIn(ctx.clock, org.timezone);
  const terms = options.paymentTermsDays ?? account.payment_terms_days ?? org.payment_terms_days;
  const number = await takeNextNumber(tx, organizationId, 'invoice', org.invoice_number_format, issueDate);
  const scheme = options.referenceScheme ?? org.payment_reference_scheme;
  const reference = paymentReference(scheme, number.replace(/\D/g, ''));
  const subscriptionIds = [...new Set(draftLines.map((l) => l.subscription_id).filter((id) => id !== null))];
  const cardCollected =
    subscriptionIds.length > 0 &&
    (await tx
      .selectFrom('subscriptions')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('id', 'in', subscriptionIds)
      .where('collection_method', '=', 'card')
      .executeTakeFirst()) !== undefined;
  const buyer: BuyerSnapshot = {
    name: account.name,
    addressLines: [
      account.legal_address,
      [account.legal_zipcode, account.legal_city].filter(Boolean).join(' '),
    ].filter((l): l is string => !!l && l.trim() !== ''),
    country: account.legal_country,
    vatNumber: account.vat_number,
    organizationNumber: null,
    email: account.invoice_email ?? account.email,
    customerNumber: account.code,
    electronicAddress: account.electronic_address,
    buyerReference: options.references?.buyerReference ?? account.buyer_reference,
    orderReference: options.references?.orderReference ?? account.purchase_order_reference,
  };
  const reverseCharge =
    vatTreatment({
      sellerCountry: org.country,
      buyerCountry: account.legal_country,
      buyerIsBusiness: account.type === 'company',
      buyerVatNumber: account.vat_number,
    }) === 'reverse_charge';
  const vatSummary: VatSummary = totals.vat.map((g) => ({
    rate: g.rate.toString(),
    base: g.base,
    amount: g.amount,
  }));
  const id = newId();
  const dueDate = addToIso(issueDate, 'day', terms);
  await tx
    .insertInto('invoices')
    .values({
      organization_id: organizationId,
      id,
      kind: 'invoice',
      number,
      draft_id: draft.id,
      credited_invoice_id: null,
      account_id: account.id,
      currency: draft.currency,
      language: account.language,
      issue_date: issueDate,
      due_date: dueDate,
      net_amount: totals.total_ex_vat,
      vat_amount: totals.total_vat,
      total_amount: totals.total,
      status: settlementStatus(totals.total, 0, 0, dueDate, issueDate),
      collection_method: cardCollected ? 'card' : 'invoice',
      payment_reference: reference,
      payment_reference_scheme: reference ? scheme : null,
      reverse_charge: reverseCharge,
      seller: JSON.stringify(sellerSnapshot(org)),
      buyer: JSON.stringify(buyer),
      vat_summary: JSON.stringify(vatSummary),
      emailed_at: null,
      email_error: null,
      delivery: options.delivery ?? 'email',
      created_at: now,
      updated_at: now,
    })
    .execute();
  await tx
    .insertInto('invoice_lines')
    .values(
      draftLines.map((l, index) => ({
        organization_id: organizationId,
        id: newId(),
        invoice_id: id,
        position: index + 1,
        subscription_id: l.subscription_id,
        credited_line_id: null,
        source: l.source,
        description: l.description,
        period_start: l.period_start,
        period_end: l.period_end,
        quantity: l.quantity,
        unit_price: l.unit_price,
        discount: Number(l.discount),
        amount: Number(l.amount),
        vat_rate: l.vat_rate,
      })),
    )
    .execute();
  const before = draftView(draft, draftLines);
  await tx
    .updateTable('invoice_drafts')
    .set({ status: 'sent', updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', draft.id)
    .execute();
  // Issued first (as it stands with its number), then settled by any account credit: a receiver sees
  // invoice.issued and then invoice.paid or .partially_paid, each with the invoice as GET answers it.
  await recordChange(tx, ctx, {
    action: 'invoice.issued',
    entityType: 'invoice',
    entityId: id,
    before: { draft: before },
    after: { number, total: totals.total, currency: draft.currency, due_date: dueDate, reference },
    data: await invoiceData(tx, organizationId, id),
  });
  const invoice = await applyAccountCredit(tx, ctx, organizationId, id, issueDate);
  if (account.einvoice_format) {
    const lacking = await einvoiceLacks(tx, invoice, account.einvoice_format);
    if (lacking) return lacking;
  }
  return ok(invoice);
}
