import { findAccount } from '../accounts/find-account.ts';
import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { contractView, findContract, tiersOf } from './contract-view.ts';

/**
 * Deletes a contract and its tiers. Invoices already made keep the discount they were given (their
 * lines carry it); what is billed from now on is at the plan terms' price.
 */
export async function deleteContract(
  ctx: UseCaseContext,
  accountRef: string,
  contractId: string,
): Promise<Result<{ uuid: string }>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const account = await findAccount(tx, organizationId, accountRef, { lock: true });
    if (!account) return fail('not_found', `no account ${accountRef}`);
    const existing = await findContract(tx, organizationId, account.id, contractId, { lock: true });
    if (!existing) return fail('not_found', `no contract ${contractId} on account ${accountRef}`);
    const tiers = await tiersOf(tx, organizationId, [existing.id]);
    await tx
      .deleteFrom('contract_tiers')
      .where('organization_id', '=', organizationId)
      .where('contract_id', '=', existing.id)
      .execute();
    await tx
      .deleteFrom('contracts')
      .where('organization_id', '=', organizationId)
      .where('id', '=', existing.id)
      .execute();
    await recordChange(tx, ctx, {
      action: 'contract.deleted',
      entityType: 'contract',
      entityId: existing.id,
      before: contractView(existing, tiers),
      after: null,
    });
    return ok({ uuid: existing.id });
  });
}
