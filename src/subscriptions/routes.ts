import { z } from 'zod';
import { todayIn } from '../clock.ts';
import type { Services } from '../context.ts';
import { fail, ok } from '../errors.ts';
import { plainDate, reference, uuidParam } from '../http/common-schemas.ts';
import { dateRanges, listQueryShape, orderingParam, pageSchema, resultsSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { actorOf, contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { createSubscription } from './create-subscription.ts';
import { cancellationPreviewSchema, endSubscription, previewCancellation } from './end-subscription.ts';
import { refuseExternallyManaged } from './externally-managed.ts';
import { listSubscriptions, SUBSCRIPTION_SORTS } from './list-subscriptions.ts';
import {
  addSubscriptionComponent,
  componentsOfSubscription,
  subscriptionComponentSchema,
  subscriptionComponentView,
} from './subscription-components.ts';
import {
  endSubscriptionExample,
  newSubscriptionComponentExample,
  newSubscriptionExample,
} from './subscription-examples.ts';
import { subscriptionOverview, subscriptionOverviewSchema } from './subscription-overview.ts';
import { findSubscription, subscriptionSchema, subscriptionView } from './subscription-view.ts';

const tags = ['Subscriptions'];
const errors = problemResponses;

const newSubscription = z.strictObject({
  account: reference.describe('uuid or code of the account'),
  terms: reference.describe('uuid or code of the plan terms'),
  quantity: z.number().int().min(1).max(1_000_000).optional().describe('Default 1'),
  collection_method: z.enum(['card', 'invoice']).optional().describe('Default invoice'),
  start_date: plainDate.optional().describe("Default: today in the organization's time zone"),
});

const listQuery = z.strictObject({
  ...listQueryShape,
  account: reference.optional(),
  terms: reference.optional(),
  status: z.enum(['trialing', 'active', 'ending', 'ended']).optional(),
  collection_method: z.enum(['card', 'invoice']).optional(),
  external_id: z.string().max(200).optional(),
  ordering: orderingParam(SUBSCRIPTION_SORTS),
});

const newComponent = z.strictObject({
  component: reference.describe('uuid or code of the component'),
  quantity: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .nullable()
    .optional()
    .describe('Recurring components; default 1'),
  start_date: plainDate.optional().describe('Default: today, or the subscription’s start if later'),
});

const endRequest = z.strictObject({
  end_date: plainDate.describe('Exclusive: the first day without service'),
  notice_date: plainDate.optional().describe('When notice was given; default today'),
  force: z
    .boolean()
    .optional()
    .describe('End earlier than the minimum term and notice period allow (audited)'),
});

export function registerSubscriptionRoutes(app: App, services: Services) {
  const ctx = (request: Parameters<typeof actorOf>[0]) => contextOf(services, request);

  app.get('/api/v1/subscriptions/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listSubscriptions',
      summary: 'List subscriptions',
      description: 'Subscriptions, oldest first, a page at a time; filter by account, plan terms and status.',
      querystring: listQuery,
      response: { 200: pageSchema(subscriptionSchema), ...errors },
    },
    handler: async (request, reply) => {
      const c = ctx(request);
      const q = request.query;
      const result = await listSubscriptions(c, { ...q, ...dateRanges(q, c.actor.organization.timezone) });
      return sendPage(request, reply, result);
    },
  });

  app.post('/api/v1/subscriptions/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createSubscription',
      summary: 'Create a subscription',
      description:
        'Subscribe an account to plan terms (seed 000 step 4), with a quantity, a start date and a collection method.',
      body: newSubscription.meta({ examples: [newSubscriptionExample] }),
      response: { 201: subscriptionSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await createSubscription(ctx(request), request.body), 201),
  });

  app.get('/api/v1/subscriptions/:id/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getSubscription',
      summary: 'Get a subscription',
      description: 'A subscription: its plan terms, quantity, status, current period and end.',
      params: uuidParam,
      response: { 200: subscriptionSchema, ...errors },
    },
    handler: async (request, reply) => {
      const c = ctx(request);
      const row = await findSubscription(services.db, c.actor.organizationId, request.params.id);
      return sendResult(
        request,
        reply,
        row ? ok(await subscriptionView(c, row)) : fail('not_found', `no subscription ${request.params.id}`),
      );
    },
  });

  app.get('/api/v1/subscriptions/:id/components/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listSubscriptionComponents',
      summary: "List a subscription's components",
      description: "A subscription's components, past and present",
      params: uuidParam,
      response: { 200: resultsSchema(subscriptionComponentSchema), ...errors },
    },
    handler: async (request, reply) => {
      const organizationId = actorOf(request).organizationId;
      const row = await findSubscription(services.db, organizationId, request.params.id);
      if (!row) return sendResult(request, reply, fail('not_found', `no subscription ${request.params.id}`));
      const rows = await componentsOfSubscription(services.db, organizationId, row.id);
      return reply.send({ results: rows.map(subscriptionComponentView) });
    },
  });

  app.post('/api/v1/subscriptions/:id/components/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createSubscriptionComponent',
      summary: 'Add a component to a subscription',
      description: 'Adds a component (an add-on or a metered component) to a subscription from a date.',
      params: uuidParam,
      body: newComponent.meta({ examples: [newSubscriptionComponentExample] }),
      response: { 201: subscriptionComponentSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        (await refuseExternallyManaged(services.db, ctx(request).actor.organizationId, request.params.id)) ??
          (await addSubscriptionComponent(ctx(request), request.params.id, request.body)),
        201,
      ),
  });

  app.get('/api/v1/subscriptions/:id/overview/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getSubscriptionOverview',
      summary: 'Get a subscription overview',
      description: 'Everything current on a subscription: terms, contract discount, components',
      params: uuidParam,
      response: { 200: subscriptionOverviewSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await subscriptionOverview(ctx(request), request.params.id)),
  });

  app.get('/api/v1/subscriptions/:id/cancellation-preview/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getCancellationPreview',
      summary: 'Preview a cancellation',
      description: 'The earliest end the minimum term and notice period allow, for notice given on a day',
      params: uuidParam,
      querystring: z.strictObject({ notice_date: plainDate.optional().describe('Default: today') }),
      response: { 200: cancellationPreviewSchema, ...errors },
    },
    handler: async (request, reply) => {
      const c = ctx(request);
      const row = await findSubscription(services.db, c.actor.organizationId, request.params.id);
      if (!row) return sendResult(request, reply, fail('not_found', `no subscription ${request.params.id}`));
      const noticeDate = request.query.notice_date ?? todayIn(c.clock, c.actor.organization.timezone);
      return sendResult(
        request,
        reply,
        ok(await previewCancellation(services.db, c.actor.organizationId, row, noticeDate)),
      );
    },
  });

  app.post('/api/v1/subscriptions/:id/end/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'endSubscription',
      summary: 'End a subscription',
      description: 'End a subscription on a date (refused if earlier than its terms allow, unless forced)',
      params: uuidParam,
      body: endRequest.meta({ examples: [endSubscriptionExample] }),
      response: { 200: subscriptionSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        (await refuseExternallyManaged(services.db, ctx(request).actor.organizationId, request.params.id)) ??
          (await endSubscription(ctx(request), request.params.id, request.body)),
      ),
  });
}
