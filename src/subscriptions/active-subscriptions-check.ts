import type { AccountDependentCheck } from '../accounts/account-dependents.ts';

/** An account with a subscription that has not ended (end date after today, or none) cannot be archived. */
export const activeSubscriptionsCheck: AccountDependentCheck = async (
  tx,
  organizationId,
  accountId,
  today,
) => {
  const rows = await tx
    .selectFrom('subscriptions')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', today)]))
    .limit(1000)
    .execute();
  return rows.length === 0
    ? null
    : `${rows.length === 1000 ? '1000 or more' : rows.length} subscription(s) have not ended`;
};
