import { Decimal } from 'decimal.js';
import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fieldFailure, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  type ExchangeRateView,
  exchangeRateView,
  findExchangeRate,
  plainRate,
} from './exchange-rate-view.ts';

/** At most 12 digits before and 12 after the point: numeric(24, 12). */
export const RATE_PATTERN = /^\d{1,12}(\.\d{1,12})?$/;

/**
 * Sets the rate of a currency from a day (PUT: the same call twice changes nothing). The
 * organization's own currency has no rate (it is always 1); a rate must be above zero.
 */
export async function setExchangeRate(
  ctx: UseCaseContext,
  input: { currency: string; valid_from: string; rate: string },
): Promise<Result<{ view: ExchangeRateView; created: boolean }>> {
  const organization = ctx.actor.organization;
  if (input.currency === organization.currency)
    return fieldFailure(
      'path.currency',
      'invalid',
      `currency: ${input.currency} is the organization's own currency, which needs no rate`,
    );
  if (!RATE_PATTERN.test(input.rate) || new Decimal(input.rate).lte(0))
    return fieldFailure(
      'body.rate',
      'invalid',
      'rate: a decimal above zero, at most 12 digits before and 12 after the point',
    );
  const rate = plainRate(input.rate);
  return transact(ctx.db, async (tx): Promise<Result<{ view: ExchangeRateView; created: boolean }>> => {
    const existing = await findExchangeRate(tx, organization.id, input.currency, input.valid_from);
    const now = ctx.clock.now();
    if (existing) {
      const before = exchangeRateView(existing);
      if (before.rate === rate) return ok({ view: before, created: false });
      const row = await tx
        .updateTable('exchange_rates')
        .set({ rate, updated_at: now })
        .where('organization_id', '=', organization.id)
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = exchangeRateView(row);
      await recordChange(tx, ctx, {
        action: 'exchange_rate.updated',
        entityType: 'exchange_rate',
        entityId: row.id,
        before,
        after: view,
      });
      return ok({ view, created: false });
    }
    const row = await tx
      .insertInto('exchange_rates')
      .values({
        organization_id: organization.id,
        id: newId(),
        currency: input.currency,
        valid_from: input.valid_from,
        rate,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = exchangeRateView(row);
    await recordChange(tx, ctx, {
      action: 'exchange_rate.created',
      entityType: 'exchange_rate',
      entityId: row.id,
      before: null,
      after: view,
    });
    return ok({ view, created: true });
  });
}
