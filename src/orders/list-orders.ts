import { findAccount } from '../accounts/find-account.ts';
import type { UseCaseContext } from '../context.ts';
import { listPage, mapPage, type Page, type PageRequest, type SortColumns } from '../db/list-page.ts';
import type { OrderStatus } from '../db/schema.ts';
import { fieldFailure, type Result } from '../errors.ts';
import { type OrderRow, type OrderView, orderView } from './order-view.ts';

/** What `ordering` may name besides `created_date`. */
export const ORDER_SORTS = {
  effective_date: { column: 'effective_date', type: 'date' },
  total: { column: 'total', type: 'integer' },
} as const satisfies SortColumns;

export interface OrderFilters extends PageRequest {
  status?: OrderStatus | undefined;
  account?: string | undefined;
  subscription?: string | undefined;
}

export async function listOrders(
  ctx: UseCaseContext,
  filters: OrderFilters,
): Promise<Result<Page<OrderView>>> {
  const organizationId = ctx.actor.organizationId;
  const now = ctx.clock.now();
  let query = ctx.db.selectFrom('orders').where('organization_id', '=', organizationId);
  if (filters.account !== undefined) {
    const account = await findAccount(ctx.db, organizationId, filters.account);
    if (!account) return fieldFailure('query.account', 'not_found', `account: no account ${filters.account}`);
    query = query.where('account_id', '=', account.id);
  }
  if (filters.subscription !== undefined) query = query.where('subscription_id', '=', filters.subscription);
  // Expiry is a matter of time: a preview past its expiry lists as expired.
  if (filters.status === 'expired')
    query = query.where('status', '=', 'preview').where('expires_at', '<=', now);
  else if (filters.status === 'preview')
    query = query.where('status', '=', 'preview').where('expires_at', '>', now);
  else if (filters.status !== undefined) query = query.where('status', '=', filters.status);
  return mapPage(
    await listPage<OrderRow>(query, filters, {
      created: 'created_at',
      updated: 'updated_at',
      sorts: ORDER_SORTS,
    }),
    (rows) => rows.map((row) => orderView(row, now)),
  );
}
