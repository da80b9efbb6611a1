import { findAccount } from '../accounts/find-account.ts';
import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { dateOrderFailure, overlapFailure } from './contract-rules.ts';
import { type ContractView, contractView, findContract, tiersOf } from './contract-view.ts';

export interface ContractChange {
  start_date?: string | undefined;
  end_date?: string | null | undefined;
}

/** Moves a contract's validity dates; its plan terms stay (make a new contract for others). */
export async function updateContract(
  ctx: UseCaseContext,
  accountRef: string,
  contractId: string,
  change: ContractChange,
): Promise<Result<ContractView>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const account = await findAccount(tx, organizationId, accountRef, { lock: true });
    if (!account) return fail('not_found', `no account ${accountRef}`);
    const existing = await findContract(tx, organizationId, account.id, contractId, { lock: true });
    if (!existing) return fail('not_found', `no contract ${contractId} on account ${accountRef}`);
    const startDate = change.start_date ?? existing.start_date;
    const endDate = change.end_date === undefined ? existing.end_date : change.end_date;
    const problem =
      dateOrderFailure(startDate, endDate) ??
      (await overlapFailure(
        tx,
        organizationId,
        account.id,
        existing.plan_terms_id,
        startDate,
        endDate,
        existing.id,
      ));
    if (problem) return problem;
    const tiers = await tiersOf(tx, organizationId, [existing.id]);
    const row = await tx
      .updateTable('contracts')
      .set({ start_date: startDate, end_date: endDate, updated_at: ctx.clock.now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = contractView(row, tiers);
    await recordChange(tx, ctx, {
      action: 'contract.updated',
      entityType: 'contract',
      entityId: row.id,
      before: contractView(existing, tiers),
      after,
    });
    return ok(after);
  });
}
