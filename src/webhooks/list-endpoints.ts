import type { UseCaseContext } from '../context.ts';
import { listPage, mapPage, type Page, type PageRequest } from '../db/list-page.ts';
import { fail, type Result } from '../errors.ts';
import { type DeliveryView, deliveryViews } from './delivery-view.ts';
import { type EndpointRow, type EndpointView, endpointView, findEndpoint } from './endpoint-view.ts';

export async function listEndpoints(
  ctx: UseCaseContext,
  request: PageRequest,
): Promise<Result<Page<EndpointView>>> {
  const query = ctx.db
    .selectFrom('webhook_endpoints')
    .where('organization_id', '=', ctx.actor.organizationId)
    .where('deleted_at', 'is', null);
  const now = ctx.clock.now();
  return mapPage(await listPage<EndpointRow>(query, request), (rows) =>
    rows.map((r) => endpointView(r, now)),
  );
}

export interface DeliveryFilters extends PageRequest {
  status?: DeliveryView['status'] | undefined;
  event_type?: string | undefined;
}

/** An endpoint's deliveries, oldest first, each with every attempt. */
export async function listDeliveries(
  ctx: UseCaseContext,
  endpointId: string,
  filters: DeliveryFilters,
): Promise<Result<Page<DeliveryView>>> {
  const organizationId = ctx.actor.organizationId;
  const endpoint = await findEndpoint(ctx.db, organizationId, endpointId);
  if (!endpoint) return fail('not_found', `no webhook endpoint ${endpointId}`);
  let query = ctx.db
    .selectFrom('webhook_deliveries')
    .where('organization_id', '=', organizationId)
    .where('endpoint_id', '=', endpoint.id);
  if (filters.status !== undefined) query = query.where('status', '=', filters.status);
  if (filters.event_type !== undefined) query = query.where('event_type', '=', filters.event_type);
  return mapPage(await listPage<{ id: string; created_at: Date }>(query, filters), (rows) =>
    deliveryViews(
      ctx.db,
      organizationId,
      rows.map((r) => r.id),
    ),
  );
}
