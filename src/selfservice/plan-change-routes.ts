import { z } from 'zod';
import type { Services } from '../context.ts';
import { fail, fieldFailure } from '../errors.ts';
import { emptyBody, UUID_PATTERN, uuidParam } from '../http/common-schemas.ts';
import { resultsSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendResult } from '../http/reply.ts';
import type { App } from '../http/types.ts';
import { createOrder } from '../orders/create-order.ts';
import { decideOrder } from '../orders/decide-order.ts';
import type { OrderRequest } from '../orders/order-request.ts';
import { findOrder, orderSchema } from '../orders/order-view.ts';
import { subscriptionView } from '../subscriptions/subscription-view.ts';
import { customerContext } from './customer-context.ts';
import { planChangeOptions, planOptionSchema } from './plan-change-options.ts';
import { ownSubscription, refuseDisabled } from './portal-routes.ts';

const errors = problemResponses;
const tags = ['Self-service'];
const access = { access: 'self_service' as const };

const changeSchema = z
  .strictObject({
    quantity: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe('The new quantity; default: the current one'),
    terms: z
      .string()
      .regex(UUID_PATTERN, 'a uuid')
      .optional()
      .describe('The plan terms to move to, one of the plan options; default: the current ones'),
  })
  .meta({ examples: [{ quantity: 3 }, { terms: '01963d3c-5a6e-7b7f-8c9d-0e1f2a3b4c5d', quantity: 1 }] });

const orderParams = z.object({
  id: z.string().regex(UUID_PATTERN, 'a uuid').describe('The subscription'),
  order: z.string().regex(UUID_PATTERN, 'a uuid').describe('The order previewed for it'),
});

/** Whether an order is one the portal previewed: a plain quantity or terms change, at the default time. */
function isPortalChange(asked: Record<string, unknown>, offered: Set<string>): boolean {
  if ('effective' in asked || 'effective_date' in asked) return false;
  if (asked.type === 'change_quantity') return true;
  return asked.type === 'change_terms' && offered.has(String(asked.terms));
}

/**
 * Changing quantity or plan terms in the portal, where the organization offers it: the same orders the
 * merchant's API prices and commits (POST /api/v1/orders/), scoped to the customer's own subscription
 * and to the plan options the portal offers.
 */
export function registerPlanChangeRoutes(app: App, services: Services) {
  const load = async (request: Parameters<typeof customerContext>[1], id: string) => {
    const { ctx, accountId } = customerContext(services, request);
    const row = await ownSubscription(ctx, accountId, id);
    if (!row) return { ctx, accountId, row: null, options: [] };
    const view = await subscriptionView(ctx, row);
    const options = await planChangeOptions(ctx.db, ctx.actor.organizationId, view.terms);
    return { ctx, accountId, row, view, options };
  };

  app.get('/api/self-service/subscriptions/:id/plan-options/', {
    config: access,
    schema: {
      tags,
      operationId: 'listSelfServicePlanOptions',
      summary: 'The plan terms a subscription can move to',
      description:
        'The live recurring plan terms of the subscription’s plan, or of every plan in its plan group, in its currency and not externally managed; the current terms are marked.',
      params: uuidParam,
      response: { 200: resultsSchema(planOptionSchema), ...errors },
    },
    handler: async (request, reply) => {
      if (await refuseDisabled(services, request, reply, 'plan_change')) return reply;
      const { row, options } = await load(request, request.params.id);
      if (!row) return sendResult(request, reply, fail('not_found', `no subscription ${request.params.id}`));
      return reply.send({ results: options });
    },
  });

  app.post('/api/self-service/subscriptions/:id/orders/preview/', {
    config: access,
    schema: {
      tags,
      operationId: 'previewSelfServiceOrder',
      summary: 'Price a change of quantity or plan terms',
      description:
        'Prices the change as an order preview (prorated lines, VAT, totals); nothing changes until it is committed within 24 hours. Upgrades act at once, downgrades at the end of the period. Terms must be one of the plan options.',
      params: uuidParam,
      body: changeSchema,
      response: { 201: orderSchema, ...errors },
    },
    handler: async (request, reply) => {
      if (await refuseDisabled(services, request, reply, 'plan_change')) return reply;
      const { ctx, row, view, options } = await load(request, request.params.id);
      if (!row || !view)
        return sendResult(request, reply, fail('not_found', `no subscription ${request.params.id}`));
      const { terms, quantity } = request.body;
      if (terms && !options.some((option) => option.uuid === terms))
        return sendResult(
          request,
          reply,
          fieldFailure(
            'terms',
            'not_offered',
            `terms: ${terms} is not one of the subscription’s plan options`,
          ),
        );
      const order: OrderRequest =
        terms && terms !== view.terms
          ? { type: 'change_terms', subscription: row.id, terms, quantity }
          : { type: 'change_quantity', subscription: row.id, quantity: quantity ?? view.quantity };
      return sendResult(request, reply, await createOrder(ctx, order), 201);
    },
  });

  app.post('/api/self-service/subscriptions/:id/orders/:order/commit/', {
    config: access,
    schema: {
      tags,
      operationId: 'commitSelfServiceOrder',
      summary: 'Confirm a previewed change',
      description:
        'Commits an order previewed in the portal for this subscription: applied at once, or left pending when the organization approves orders first. An expired preview, or one whose subscription changed since, is refused.',
      params: orderParams,
      body: emptyBody('Nothing needed; an empty object is accepted'),
      response: { 200: orderSchema, ...errors },
    },
    handler: async (request, reply) => {
      if (await refuseDisabled(services, request, reply, 'plan_change')) return reply;
      const { ctx, accountId, row, options } = await load(request, request.params.id);
      const order = row ? await findOrder(ctx.db, ctx.actor.organizationId, request.params.order) : undefined;
      const asked = ((order?.request ?? {}) as { asked?: Record<string, unknown> }).asked ?? {};
      const offered = new Set(options.map((option) => option.uuid));
      if (
        !row ||
        !order ||
        order.subscription_id !== row.id ||
        order.account_id !== accountId ||
        !isPortalChange(asked, offered)
      )
        return sendResult(request, reply, fail('not_found', `no order ${request.params.order}`));
      return sendResult(request, reply, await decideOrder(ctx, order.id, 'commit'));
    },
  });
}
