import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { isUniqueViolation, transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import {
  type AccountFieldsInput,
  type AccountInput,
  type AccountPatch,
  completeAccountFields,
} from './account-fields.ts';
import { type AccountView, accountView } from './account-view.ts';
import { codeTaken } from './create-account.ts';
import { findAccount } from './find-account.ts';

export type AccountUpdate = { mode: 'replace'; input: AccountInput } | { mode: 'merge'; patch: AccountPatch };

/**
 * PUT replaces every writable field (what is left out returns to its default); PATCH changes only
 * the fields it names. Either way the result is checked as a whole. An archived account is read-only.
 */
export async function updateAccount(
  ctx: UseCaseContext,
  idOrCode: string,
  update: AccountUpdate,
): Promise<Result<AccountView>> {
  const organizationId = ctx.actor.organizationId;
  let newCode: string | undefined;
  try {
    return await transact(ctx.db, async (tx) => {
      const existing = await findAccount(tx, organizationId, idOrCode, { lock: true });
      if (!existing) return fail('not_found', `no account ${idOrCode}`);
      if (existing.archived_at !== null)
        return fail('archived', `account ${existing.code} is archived and cannot be changed`);
      const before = accountView(existing);
      const input: AccountFieldsInput =
        update.mode === 'replace'
          ? update.input
          : {
              code: existing.code,
              name: existing.name,
              email: existing.email,
              type: existing.type,
              legal_address: existing.legal_address,
              legal_zipcode: existing.legal_zipcode,
              legal_city: existing.legal_city,
              legal_country: existing.legal_country,
              vat_number: existing.vat_number,
              language: existing.language,
              currency: existing.currency,
              phone: existing.phone,
              invoice_email: existing.invoice_email,
              national_id: existing.national_id,
              payment_terms_days: existing.payment_terms_days,
              send_drafts: existing.send_drafts,
              electronic_address: existing.electronic_address,
              buyer_reference: existing.buyer_reference,
              purchase_order_reference: existing.purchase_order_reference,
              einvoice_format: existing.einvoice_format,
              ...stripUndefined(update.patch),
            };
      newCode = input.code;
      const now = ctx.clock.now();
      const fields = completeAccountFields(input, ctx.actor.organization, now);
      if (!fields.ok) return fields;
      if (fields.value.code !== existing.code) {
        const taken = await tx
          .selectFrom('accounts')
          .select('id')
          .where('organization_id', '=', organizationId)
          .where('code', '=', fields.value.code)
          .executeTakeFirst();
        if (taken) return codeTaken(fields.value.code);
      }
      const row = await tx
        .updateTable('accounts')
        .set({ ...fields.value, updated_at: now })
        .where('organization_id', '=', organizationId)
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = accountView(row);
      await recordChange(tx, ctx, {
        action: 'account.updated',
        entityType: 'account',
        entityId: row.id,
        before,
        after,
      });
      return ok(after);
    });
  } catch (error) {
    if (isUniqueViolation(error) && newCode !== undefined) return codeTaken(newCode);
    throw error;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
