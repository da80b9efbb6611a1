import { z } from 'zod';
import type { Services } from '../context.ts';
import { fail, ok } from '../errors.ts';
import { emptyBody, reference, UUID_PATTERN, uuidParam } from '../http/common-schemas.ts';
import { dateRanges, listQueryShape, orderingParam, pageSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { type actorOf, contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { createOrder } from './create-order.ts';
import { decideOrder, type OrderDecision } from './decide-order.ts';
import { listOrders, ORDER_SORTS } from './list-orders.ts';
import { orderRequestSchema } from './order-request.ts';
import { findOrder, orderSchema, orderView } from './order-view.ts';

const tags = ['Orders'];
const errors = problemResponses;
const listQuery = z.strictObject({
  ...listQueryShape,
  status: z.enum(['preview', 'pending_approval', 'committed', 'declined', 'expired']).optional(),
  account: reference.optional(),
  subscription: z.string().regex(UUID_PATTERN, 'a uuid').optional(),
  ordering: orderingParam(ORDER_SORTS),
});

const SUMMARIES: Record<OrderDecision, string> = {
  commit:
    'Commit a previewed order: applied at once, or left pending when the organization requires approval',
  approve: 'Approve a pending order: it is applied',
  decline: 'Decline a pending order: nothing is applied',
};

export function registerOrderRoutes(app: App, services: Services) {
  const ctx = (request: Parameters<typeof actorOf>[0]) => contextOf(services, request);

  app.post('/api/v1/orders/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createOrder',
      summary: 'Price an order',
      description:
        'Price an order: a new subscription, an up- or downgrade, a quantity change, a component added or removed, or a one-off purchase',
      body: orderRequestSchema,
      response: { 201: orderSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await createOrder(ctx(request), request.body), 201),
  });

  app.get('/api/v1/orders/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listOrders',
      summary: 'List orders',
      description: 'Orders, oldest first, a page at a time; filter by status and account.',
      querystring: listQuery,
      response: { 200: pageSchema(orderSchema), ...errors },
    },
    handler: async (request, reply) => {
      const c = ctx(request);
      const result = await listOrders(c, {
        ...request.query,
        ...dateRanges(request.query, c.actor.organization.timezone),
      });
      return sendPage(request, reply, result);
    },
  });

  app.get('/api/v1/orders/:id/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getOrder',
      summary: 'Get an order',
      description:
        'An order with its priced lines and its status (preview, pending approval, committed, declined, expired).',
      params: uuidParam,
      response: { 200: orderSchema, ...errors },
    },
    handler: async (request, reply) => {
      const c = ctx(request);
      const row = await findOrder(services.db, c.actor.organizationId, request.params.id);
      return sendResult(
        request,
        reply,
        row ? ok(orderView(row, c.clock.now())) : fail('not_found', `no order ${request.params.id}`),
      );
    },
  });

  for (const decision of ['commit', 'approve', 'decline'] as const) {
    app.post(`/api/v1/orders/:id/${decision}/`, {
      config: { access: 'write' },
      schema: {
        tags,
        operationId: `${decision}Order`,
        summary: `${decision[0]?.toUpperCase()}${decision.slice(1)} an order`,
        description: SUMMARIES[decision],
        params: uuidParam,
        body: emptyBody('Nothing needed; an empty object is accepted'),
        response: { 200: orderSchema, ...errors },
      },
      handler: async (request, reply) =>
        sendResult(request, reply, await decideOrder(ctx(request), request.params.id, decision)),
    });
  }
}
