import type { Tx } from '../db/transaction.ts';

/**
 * Asks whether something active still depends on an account, and answers what, or null. Modules
 * whose records hang on accounts (subscriptions, open invoices, …) register one with
 * `registerAccountDependentCheck`, so accounts never read their tables.
 */
export type AccountDependentCheck = (
  tx: Tx,
  organizationId: string,
  accountId: string,
  /** The organization's today, for "active". */
  today: string,
) => Promise<string | null>;

const checks: AccountDependentCheck[] = [];

export function registerAccountDependentCheck(check: AccountDependentCheck): () => void {
  checks.push(check);
  return () => {
    const index = checks.indexOf(check);
    if (index >= 0) checks.splice(index, 1);
  };
}

/** The first active dependent found, described, or null when the account may be archived. */
export async function findActiveDependent(
  tx: Tx,
  organizationId: string,
  accountId: string,
  today: string,
): Promise<string | null> {
  for (const check of checks) {
    const found = await check(tx, organizationId, accountId, today);
    if (found !== null) return found;
  }
  return null;
}
