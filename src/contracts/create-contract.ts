import { findAccount } from '../accounts/find-account.ts';
import { recordChange } from '../audit/record-change.ts';
import { resolveReference } from '../catalog/catalog-store.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { dateOrderFailure, overlapFailure } from './contract-rules.ts';
import { type ContractView, contractView } from './contract-view.ts';

export interface NewContract {
  plan_terms: string;
  start_date: string;
  end_date?: string | null | undefined;
}

/** Step 2 of seed 000: negotiated pricing for one account on one plan terms, for a time. */
export async function createContract(
  ctx: UseCaseContext,
  accountRef: string,
  input: NewContract,
): Promise<Result<ContractView>> {
  const organizationId = ctx.actor.organizationId;
  const endDate = input.end_date ?? null;
  const order = dateOrderFailure(input.start_date, endDate);
  if (order) return order;
  return transact(ctx.db, async (tx) => {
    // The account's row lock serializes contract changes of one account, so the overlap check holds.
    const account = await findAccount(tx, organizationId, accountRef, { lock: true });
    if (!account) return fail('not_found', `no account ${accountRef}`);
    if (account.archived_at !== null) return fail('archived', `account ${account.code} is archived`);
    const terms = await resolveReference(
      tx,
      'plan_terms',
      organizationId,
      input.plan_terms,
      'plan_terms',
      'plan terms',
    );
    if (!terms.ok) return terms;
    const overlap = await overlapFailure(
      tx,
      organizationId,
      account.id,
      terms.value.id,
      input.start_date,
      endDate,
      null,
    );
    if (overlap) return overlap;
    const now = ctx.clock.now();
    const row = await tx
      .insertInto('contracts')
      .values({
        organization_id: organizationId,
        id: newId(),
        account_id: account.id,
        plan_terms_id: terms.value.id,
        start_date: input.start_date,
        end_date: endDate,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = contractView(row, []);
    await recordChange(tx, ctx, {
      action: 'contract.created',
      entityType: 'contract',
      entityId: row.id,
      before: null,
      after: view,
    });
    return ok(view);
  });
}
