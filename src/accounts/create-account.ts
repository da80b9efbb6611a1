import { recordChange } from '../audit/record-change.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import { isUniqueViolation, type Tx, transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { type AccountCreateInput, type AccountFields, completeAccountFields } from './account-fields.ts';
import { type AccountView, accountView } from './account-view.ts';
import { nextCustomerNumber } from './customer-number.ts';

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

/** Creates an account; without a `code` it gets the next customer number, without a `name` its e-mail. */
export async function createAccount(
  ctx: UseCaseContext,
  input: AccountCreateInput,
): Promise<Result<AccountView>> {
  const now = ctx.clock.now();
  const organization = ctx.actor.organization;
  const fields = completeAccountFields(
    { ...input, code: input.code ?? '', name: input.name ?? input.email },
    organization,
    now,
  );
  if (!fields.ok) return fields;
  const given = input.code;
  try {
    return await transact(ctx.db, async (tx) => {
      if (given === undefined) {
        const code = await nextCustomerNumber(
          tx,
          ctx.actor.organizationId,
          todayIn(ctx.clock, organization.timezone),
        );
        return ok(await insertAccount(tx, ctx, { ...fields.value, code }));
      }
      const taken = await tx
        .selectFrom('accounts')
        .select('id')
        .where('organization_id', '=', ctx.actor.organizationId)
        .where('code', '=', given)
        .executeTakeFirst();
      if (taken) return codeTaken(given);
      return ok(await insertAccount(tx, ctx, fields.value));
    });
  } catch (error) {
    // Two creates with one code at once: the unique constraint decides, the loser is told plainly.
    if (isUniqueViolation(error) && given !== undefined) return codeTaken(given);
    throw error;
  }
}
