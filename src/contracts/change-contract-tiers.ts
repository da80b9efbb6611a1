import { findAccount } from '../accounts/find-account.ts';
import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { UUID_PATTERN } from '../http/common-schemas.ts';
import { newId } from '../ids.ts';
import { type ContractView, contractView, findContract, tiersOf } from './contract-view.ts';

export interface NewTier {
  minimum_quantity: number;
  discount: string;
  discount_type: 'percentage' | 'amount';
}

export type TierChange = { add: NewTier } | { remove: string };

/**
 * Adds a discount tier to a contract (seed 000 step 2: 15 % from quantity 10) or removes one. Either
 * is a change of the contract: audited and announced as `contract.updated` with the tiers before and after.
 */
export async function changeContractTiers(
  ctx: UseCaseContext,
  accountRef: string,
  contractId: string,
  change: TierChange,
): Promise<Result<ContractView>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const account = await findAccount(tx, organizationId, accountRef, { lock: true });
    if (!account) return fail('not_found', `no account ${accountRef}`);
    const contract = await findContract(tx, organizationId, account.id, contractId, { lock: true });
    if (!contract) return fail('not_found', `no contract ${contractId} on account ${accountRef}`);
    const tiers = await tiersOf(tx, organizationId, [contract.id]);
    const now = ctx.clock.now();
    if ('add' in change) {
      const tier = change.add;
      if (tiers.some((t) => t.minimum_quantity === tier.minimum_quantity)) {
        const message = `minimum_quantity: the contract already has a tier from ${tier.minimum_quantity}`;
        return fail('validation_failed', message, [
          { field: 'minimum_quantity', code: 'duplicate', message },
        ]);
      }
      if (tier.discount_type === 'percentage' && Number.parseFloat(tier.discount) > 100) {
        const message = 'discount: a percentage is at most 100';
        return fail('validation_failed', message, [{ field: 'discount', code: 'too_big', message }]);
      }
      await tx
        .insertInto('contract_tiers')
        .values({
          organization_id: organizationId,
          id: newId(),
          contract_id: contract.id,
          ...tier,
          created_at: now,
        })
        .execute();
    } else {
      const target = UUID_PATTERN.test(change.remove)
        ? tiers.find((t) => t.id === change.remove.toLowerCase())
        : undefined;
      if (!target) return fail('not_found', `no tier ${change.remove} on contract ${contract.id}`);
      await tx
        .deleteFrom('contract_tiers')
        .where('organization_id', '=', organizationId)
        .where('id', '=', target.id)
        .execute();
    }
    const row = await tx
      .updateTable('contracts')
      .set({ updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', contract.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = contractView(row, await tiersOf(tx, organizationId, [contract.id]));
    await recordChange(tx, ctx, {
      action: 'contract.updated',
      entityType: 'contract',
      entityId: contract.id,
      before: contractView(contract, tiers),
      after,
    });
    return ok(after);
  });
}
