import type { Tx } from '../db/transaction.ts';
import { newId } from '../ids.ts';

/**
 * Moves this order's lines from the account's open draft onto a draft of the order's own, so that the
 * partner's invoice holds nothing but the order; the open draft goes if nothing else was on it.
 */
export async function partnerDraft(
  tx: Tx,
  organizationId: string,
  accountId: string,
  currency: string,
  partnerOrderId: string,
  subscriptionIds: string[],
  now: Date,
) {
  const open = await tx
    .selectFrom('invoice_drafts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .where('currency', '=', currency)
    .where('status', '=', 'draft')
    .where('partner_order_id', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!open) return undefined;
  const draft = await tx
    .insertInto('invoice_drafts')
    .values({
      organization_id: organizationId,
      id: newId(),
      account_id: accountId,
      currency,
      status: 'draft',
      partner_order_id: partnerOrderId,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('invoice_draft_lines')
    .set({ draft_id: draft.id })
    .where('organization_id', '=', organizationId)
    .where('draft_id', '=', open.id)
    .where((eb) =>
      eb.or([
        eb('charge_key', 'like', `p:${partnerOrderId}:%`),
        ...(subscriptionIds.length > 0 ? [eb('subscription_id', 'in', subscriptionIds)] : []),
      ]),
    )
    .execute();
  const left = await tx
    .selectFrom('invoice_draft_lines')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('draft_id', '=', open.id)
    .executeTakeFirst();
  if (!left) {
    await tx
      .deleteFrom('invoice_drafts')
      .where('organization_id', '=', organizationId)
      .where('id', '=', open.id)
      .execute();
    // A draft made by this order and gone again in the same transaction was never there for anyone.
    await tx
      .deleteFrom('outbox_events')
      .where('organization_id', '=', organizationId)
      .where('entity_id', '=', open.id)
      .where('type', '=', 'invoice_draft.created')
      .where('delivered_at', 'is', null)
      .execute();
  }
  return draft;
}
