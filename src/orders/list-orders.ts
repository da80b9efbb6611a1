import { findAccount } from '../accounts/find-account.ts';
import type { Page } from '../accounts/list-accounts.ts';
import type { UseCaseContext } from '../context.ts';
import { decodeCursor, keysetPage } from '../db/keyset-page.ts';
import type { OrderStatus } from '../db/schema.ts';
import { fieldFailure, ok, type Result } from '../errors.ts';
import type { DateRange } from '../http/list-query.ts';
import { type OrderView, orderView } from './order-view.ts';

export interface OrderFilters {
  limit: number;
  cursor?: string | undefined;
  created: DateRange;
  status?: OrderStatus | undefined;
  account?: string | undefined;
  subscription?: string | undefined;
}

export async function listOrders(
  ctx: UseCaseContext,
  filters: OrderFilters,
): Promise<Result<Page<OrderView>>> {
  const organizationId = ctx.actor.organizationId;
  const cursor = filters.cursor === undefined ? null : decodeCursor(filters.cursor);
  if (filters.cursor !== undefined && cursor === null)
    return fieldFailure('query.cursor', 'invalid', 'cursor: not a cursor from this API');
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
  if (filters.created.from) query = query.where('created_at', '>=', filters.created.from);
  if (filters.created.before) query = query.where('created_at', '<', filters.created.before);
  const [{ count }] = (await query.select((eb) => eb.fn.countAll<number>().as('count')).execute()) as [
    { count: number },
  ];
  const page = await keysetPage(query.selectAll(), {
    limit: filters.limit,
    cursor,
    createdAt: 'created_at',
    id: 'id',
  });
  return ok({
    count: Number(count),
    next: page.next,
    previous: page.previous,
    results: page.rows.map((row) => orderView(row, now)),
  });
}
