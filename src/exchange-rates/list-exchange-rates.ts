import type { UseCaseContext } from '../context.ts';
import { listPage, mapPage, type Page, type PageRequest, type SortColumns } from '../db/list-page.ts';
import type { Result } from '../errors.ts';
import { type ExchangeRateRow, type ExchangeRateView, exchangeRateView } from './exchange-rate-view.ts';

/** What `ordering` may name besides `created_date`. */
export const EXCHANGE_RATE_SORTS = {
  currency: { column: 'currency', type: 'text' },
  valid_from: { column: 'valid_from', type: 'date' },
} as const satisfies SortColumns;

export async function listExchangeRates(
  ctx: UseCaseContext,
  request: PageRequest & { currency?: string | undefined },
): Promise<Result<Page<ExchangeRateView>>> {
  let query = ctx.db.selectFrom('exchange_rates').where('organization_id', '=', ctx.actor.organizationId);
  if (request.currency !== undefined) query = query.where('currency', '=', request.currency);
  return mapPage(
    await listPage<ExchangeRateRow>(query, request, {
      created: 'created_at',
      updated: 'updated_at',
      sorts: EXCHANGE_RATE_SORTS,
    }),
    (rows) => rows.map(exchangeRateView),
  );
}
