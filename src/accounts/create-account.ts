import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { isUniqueViolation, type Tx, transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { type AccountFields, type AccountInput, completeAccountFields } from './account-fields.ts';
import { type AccountView, accountView } from './account-view.ts';

export function codeTaken<T>(code: string): Result<T> {
  const message = `code ${code} is already used by another account`;
  return fail('code_taken', message, [{ field: 'code', code: 'taken', message }]);
}

/** Writes an account with its audit record in the caller's transaction (fields checked already). */
export async function insertAccount(
  tx: Tx,
  ctx: UseCaseContext,
  fields: AccountFields,
): Promise<AccountView> {
  const now = ctx.clock.now();
  const row = await tx
    .insertInto('accounts')
    .values({
      ...fields,
      organization_id: ctx.actor.organizationId,
      id: newId(),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = accountView(row);
  await recordChange(tx, ctx, {
    action: 'account.created',
    entityType: 'account',
    entityId: row.id,
    before: null,
    after: view,
  });
  return view;
}

export async function createAccount(ctx: UseCaseContext, input: AccountInput): Promise<Result<AccountView>> {
  const now = ctx.clock.now();
  const fields = completeAccountFields(input, ctx.actor.organization, now);
  if (!fields.ok) return fields;
  try {
    return await transact(ctx.db, async (tx) => {
      const taken = await tx
        .selectFrom('accounts')
        .select('id')
        .where('organization_id', '=', ctx.actor.organizationId)
        .where('code', '=', input.code)
        .executeTakeFirst();
      if (taken) return codeTaken(input.code);
      return ok(await insertAccount(tx, ctx, fields.value));
    });
  } catch (error) {
    // Two creates with one code at once: the unique constraint decides, the loser is told plainly.
    if (isUniqueViolation(error)) return codeTaken(input.code);
    throw error;
  }
}
