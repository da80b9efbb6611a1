import type { Tx } from '../db/transaction.ts';
import { takeNextNumber } from '../invoices/number-series.ts';

/**
 * The next free customer number of the organization's customer series (`10001`, `10002`, …), taken in
 * the caller's transaction, skipping codes already given by hand. Accounts created without a `code`
 * and customers a partner order brings get theirs from it.
 */
export async function nextCustomerNumber(tx: Tx, organizationId: string, today: string): Promise<string> {
  for (;;) {
    const code = await takeNextNumber(tx, organizationId, 'customer', '1{SEQ:4}', today);
    const taken = await tx
      .selectFrom('accounts')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('code', '=', code)
      .executeTakeFirst();
    if (!taken) return code;
  }
}
