import { Decimal } from 'decimal.js';
import { findAccount } from '../accounts/find-account.ts';
import { recordChange } from '../audit/record-change.ts';
import { resolveReference } from '../catalog/catalog-store.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { priceLine } from '../domain/lines.ts';
import { vatRate } from '../domain/vat.ts';
import { fail, ok, type Result } from '../errors.ts';
import { UUID_PATTERN } from '../http/common-schemas.ts';
import { newId } from '../ids.ts';
import { type DraftView, draftView, findDraft, linesOfDrafts } from './draft-view.ts';

export type DraftEdit =
  | {
      add: {
        description: string;
        quantity: string;
        unit_price: string;
        tax_category?: string | null | undefined;
      };
    }
  | { remove: string };

/**
 * Adds a line to a draft or removes one, until the draft is sent. A removed line stays on record (its
 * charge key keeps the billing run from charging it again); it is only left out of the draft.
 */
export async function editDraft(
  ctx: UseCaseContext,
  id: string,
  edit: DraftEdit,
): Promise<Result<DraftView>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const draft = await findDraft(tx, organizationId, id, { lock: true });
    if (!draft) return fail('not_found', `no invoice draft ${id}`);
    if (draft.status !== 'draft')
      return fail('archived', `invoice draft ${id} was sent and can no longer change`);
    const before = draftView(draft, await linesOfDrafts(tx, organizationId, [draft.id]));
    const now = ctx.clock.now();
    if ('add' in edit) {
      const account = (await findAccount(tx, organizationId, draft.account_id))!;
      let rates: Record<string, string> | null = null;
      if (edit.add.tax_category) {
        const category = await resolveReference(
          tx,
          'tax_categories',
          organizationId,
          edit.add.tax_category,
          'tax_category',
          'tax category',
        );
        if (!category.ok) return category;
        rates = category.value.rates as Record<string, string>;
      }
      const parties = {
        sellerCountry: ctx.actor.organization.country,
        buyerCountry: account.legal_country,
        buyerIsBusiness: account.type === 'company',
        buyerVatNumber: account.vat_number,
      };
      const line = priceLine({
        description: edit.add.description,
        kind: 'charge',
        billing: 'one_off',
        quantity: new Decimal(edit.add.quantity),
        unitPrice: new Decimal(edit.add.unit_price),
        vatRate: vatRate(parties, rates),
        currency: draft.currency,
      });
      const lineId = newId();
      await tx
        .insertInto('invoice_draft_lines')
        .values({
          organization_id: organizationId,
          id: lineId,
          draft_id: draft.id,
          subscription_id: null,
          charge_key: `m:${lineId}`,
          source: 'manual',
          description: line.description,
          period_start: null,
          period_end: null,
          quantity: line.quantity.toString(),
          unit_price: line.unit_price.toString(),
          discount: 0,
          amount: line.amount,
          vat_rate: line.vat_rate.toString(),
          created_at: now,
        })
        .execute();
    } else {
      const lines = await linesOfDrafts(tx, organizationId, [draft.id]);
      const target = UUID_PATTERN.test(edit.remove)
        ? lines.find((l) => l.id === edit.remove.toLowerCase() && l.removed_at === null)
        : undefined;
      if (!target) return fail('not_found', `no line ${edit.remove} on invoice draft ${id}`);
      await tx
        .updateTable('invoice_draft_lines')
        .set({ removed_at: now })
        .where('organization_id', '=', organizationId)
        .where('id', '=', target.id)
        .execute();
    }
    const updated = await tx
      .updateTable('invoice_drafts')
      .set({ updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', draft.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = draftView(updated, await linesOfDrafts(tx, organizationId, [draft.id]));
    await recordChange(tx, ctx, {
      action: 'invoice_draft.updated',
      entityType: 'invoice_draft',
      entityId: draft.id,
      before,
      after,
    });
    return ok(after);
  });
}
