import { z } from 'zod';
import type { Services } from '../context.ts';
import { fail } from '../errors.ts';
import { decimalString, reference, uuidParam, withRequestExamples } from '../http/common-schemas.ts';
import { resultsSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendResult } from '../http/reply.ts';
import { contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { findSubscription } from '../subscriptions/subscription-view.ts';
import { ratedItemRequestExample } from './rated-item-examples.ts';
import {
  createRatedItem,
  deleteRatedItem,
  ratedItemSchema,
  ratedItemsOf,
  ratedItemView,
} from './rated-items.ts';

const tags = ['Rated items'];
const errors = problemResponses;
const newItem = z.strictObject({
  description: z.string().trim().min(1).max(500),
  quantity: decimalString(4),
  unit_price: decimalString(6),
  tax_category: reference.nullable().optional(),
});

export function registerRatedItemRoutes(app: App, services: Services) {
  app.post('/api/v1/subscriptions/:id/rated-items/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createRatedItem',
      summary: 'Add a one-off charge for the next invoice',
      description:
        "A one-off charge (description, quantity, unit price) billed on the subscription's next invoice.",
      params: uuidParam,
      body: withRequestExamples(newItem, [ratedItemRequestExample]),
      response: { 201: ratedItemSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await createRatedItem(contextOf(services, request), request.params.id, request.body),
        201,
      ),
  });

  app.get('/api/v1/subscriptions/:id/rated-items/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listRatedItems',
      summary: "List a subscription's rated items",
      description: "A subscription's rated items, billed and not yet billed.",
      params: uuidParam,
      response: { 200: resultsSchema(ratedItemSchema), ...errors },
    },
    handler: async (request, reply) => {
      const organizationId = contextOf(services, request).actor.organizationId;
      const subscription = await findSubscription(services.db, organizationId, request.params.id);
      if (!subscription)
        return sendResult(request, reply, fail('not_found', `no subscription ${request.params.id}`));
      return reply.send({
        results: (await ratedItemsOf(services.db, organizationId, subscription.id)).map(ratedItemView),
      });
    },
  });

  app.delete('/api/v1/subscriptions/:id/rated-items/:item/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'deleteRatedItem',
      summary: 'Remove a rated item',
      description: 'Remove an unbilled rated item (409 once billed)',
      params: uuidParam.extend({ item: z.string().max(64) }),
      response: { 204: z.null(), ...errors },
    },
    handler: async (request, reply) => {
      const result = await deleteRatedItem(
        contextOf(services, request),
        request.params.id,
        request.params.item,
      );
      if (!result.ok) return sendResult(request, reply, result);
      return reply.code(204).send(null);
    },
  });
}
