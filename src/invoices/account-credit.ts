import { sql } from 'kysely';
import type { UseCaseContext } from '../context.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { newId } from '../ids.ts';
import { type InvoiceRow, invoiceBalance } from './invoice-view.ts';
import { lockInvoice, settleInvoice } from './settlement.ts';

/** An account's credit in a currency: overpayments not yet used, in minor units. */
export async function accountCreditBalance(
  db: Db | Tx,
  organizationId: string,
  accountId: string,
  currency: string,
): Promise<number> {
  const row = await db
    .selectFrom('account_credits')
    .select(sql<number>`coalesce(sum(amount), 0)::bigint`.as('balance'))
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .where('currency', '=', currency)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/** Books credit to an account (an overpayment), in the caller's transaction. */
export async function addAccountCredit(
  tx: Tx,
  entry: { organizationId: string; accountId: string; currency: string; amount: number; paymentId: string },
  now: Date,
) {
  await tx
    .insertInto('account_credits')
    .values({
      organization_id: entry.organizationId,
      id: newId(),
      account_id: entry.accountId,
      currency: entry.currency,
      amount: entry.amount,
      payment_id: entry.paymentId,
      invoice_id: null,
      created_at: now,
    })
    .execute();
}

/**
 * Uses the account's credit on an invoice, as far as both go. The account row is locked first so two
 * invoices of one account never spend the same credit.
 */
export async function applyAccountCredit(
  tx: Tx,
  ctx: Pick<UseCaseContext, 'clock'>,
  orgId: string,
  invoiceId: string,
  today: string,
): Promise<InvoiceRow> {
  const invoice = (await lockInvoice(tx, orgId, invoiceId))!;
  await tx
    .selectFrom('accounts')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('id', '=', invoice.account_id)
    .forUpdate()
    .execute();
  const available = await accountCreditBalance(tx, orgId, invoice.account_id, invoice.currency);
  const use = Math.min(available, invoiceBalance(invoice));
  if (use <= 0) return invoice;
  const now = ctx.clock.now();
  await tx
    .insertInto('account_credits')
    .values({
      organization_id: orgId,
      id: newId(),
      account_id: invoice.account_id,
      currency: invoice.currency,
      amount: -use,
      payment_id: null,
      invoice_id: invoice.id,
      created_at: now,
    })
    .execute();
  await tx
    .insertInto('payment_allocations')
    .values({
      organization_id: orgId,
      id: newId(),
      invoice_id: invoice.id,
      payment_id: null,
      amount: use,
      created_at: now,
    })
    .execute();
  return settleInvoice(tx, invoice, { paid: use }, today, now);
}
