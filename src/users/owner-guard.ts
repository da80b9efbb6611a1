import type { Tx } from '../db/transaction.ts';

/**
 * True when `userId` is the organization's only owner. The owners' memberships are locked first, so
 * two owners demoting or removing each other at once cannot leave the organization without one.
 */
export async function isLastOwner(tx: Tx, organizationId: string, userId: string): Promise<boolean> {
  const owners = await tx
    .selectFrom('memberships')
    .select('user_id')
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'owner')
    .forUpdate()
    .execute();
  return owners.length === 1 && owners[0]!.user_id === userId;
}
