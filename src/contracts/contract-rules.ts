import type { Tx } from '../db/transaction.ts';
import { type FieldError, fail, type Result } from '../errors.ts';

/**
 * Two contracts of one account on the same plan terms may not overlap in time: a subscription must
 * find one contract, never two. Dates are inclusive; a null end runs on forever.
 */
export async function overlapFailure(
  tx: Tx,
  organizationId: string,
  accountId: string,
  planTermsId: string,
  startDate: string,
  endDate: string | null,
  excludeId: string | null,
): Promise<Result<never> | null> {
  let query = tx
    .selectFrom('contracts')
    .select(['id', 'start_date', 'end_date'])
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .where('plan_terms_id', '=', planTermsId)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', startDate)]));
  if (endDate !== null) query = query.where('start_date', '<=', endDate);
  if (excludeId !== null) query = query.where('id', '<>', excludeId);
  const clash = await query.executeTakeFirst();
  if (!clash) return null;
  const message = `the account already has contract ${clash.id} on these plan terms from ${clash.start_date} to ${clash.end_date ?? 'open end'}, which overlaps`;
  const errors: FieldError[] = [{ field: 'start_date', code: 'overlap', message }];
  return fail('validation_failed', message, errors);
}

export function dateOrderFailure(startDate: string, endDate: string | null): Result<never> | null {
  if (endDate === null || endDate >= startDate) return null;
  const message = 'end_date: must not be before start_date';
  return fail('validation_failed', message, [{ field: 'end_date', code: 'before_start', message }]);
}
