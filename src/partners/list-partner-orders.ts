import type { UseCaseContext } from '../context.ts';
import { listPage, mapPage, type Page, type PageRequest } from '../db/list-page.ts';
import type { Result } from '../errors.ts';
import {
  PARTNER_ORDER_COLUMNS,
  type PartnerOrderView,
  partnerOrdersQuery,
  partnerOrderView,
} from './partner-orders.ts';

/** Partner orders with their invoices, newest first, a page at a time; of one partner (`origin`) or all. */
export async function listPartnerOrders(
  ctx: UseCaseContext,
  request: PageRequest & { origin?: string | undefined },
): Promise<Result<Page<PartnerOrderView>>> {
  let query = partnerOrdersQuery(ctx.db, ctx.actor.organizationId);
  if (request.origin) query = query.where('p.origin', '=', request.origin);
  const page = await listPage<Parameters<typeof partnerOrderView>[0]>(
    query,
    { ...request, descending: true },
    { created: 'p.created_at', id: 'p.id' },
    (q) => q.select(PARTNER_ORDER_COLUMNS),
  );
  return mapPage(page, (rows) => rows.map(partnerOrderView));
}
