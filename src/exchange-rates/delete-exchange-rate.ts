import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { exchangeRateView, findExchangeRate } from './exchange-rate-view.ts';

/** Removes a rate: the currency's previous rate (if any) is then in force until its next one. */
export async function deleteExchangeRate(
  ctx: UseCaseContext,
  input: { currency: string; valid_from: string },
): Promise<Result<null>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const existing = await findExchangeRate(tx, organizationId, input.currency, input.valid_from);
    if (!existing) return fail('not_found', `no ${input.currency} exchange rate from ${input.valid_from}`);
    await tx
      .deleteFrom('exchange_rates')
      .where('organization_id', '=', organizationId)
      .where('id', '=', existing.id)
      .execute();
    await recordChange(tx, ctx, {
      action: 'exchange_rate.deleted',
      entityType: 'exchange_rate',
      entityId: existing.id,
      before: exchangeRateView(existing),
      after: null,
    });
    return ok(null);
  });
}
