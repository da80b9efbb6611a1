import { z } from 'zod';
import type { Services } from '../context.ts';
import { ok } from '../errors.ts';
import { emptyBody, uuidParam } from '../http/common-schemas.ts';
import { dateRanges, listQueryShape, pageSchema, resultsSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { actorOf, contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { createEndpoint } from './create-endpoint.ts';
import { deleteEndpoint } from './delete-endpoint.ts';
import { deliverySchema } from './delivery-view.ts';
import { endpointInputSchema, endpointPatchSchema } from './endpoint-input.ts';
import { endpointSchema, endpointView, endpointWithSecretSchema, findEndpoint } from './endpoint-view.ts';
import { WEBHOOK_EVENT_TYPES } from './event-types.ts';
import { listDeliveries, listEndpoints } from './list-endpoints.ts';
import { MAX_REPLAY_EVENTS, replayEvents } from './replay-events.ts';
import { resendDelivery } from './resend-delivery.ts';
import { rotateSecret } from './rotate-secret.ts';
import { sendTestEvent } from './send-test-event.ts';
import { updateEndpoint } from './update-endpoint.ts';
import { webhookEventTypeExample, webhookReplayExample } from './webhook-examples.ts';

const tags = ['Webhooks'];
const errors = problemResponses;
const notFound = (id: string) => ({
  ok: false as const,
  failure: { code: 'not_found' as const, detail: `no webhook endpoint ${id}` },
});

const eventTypeSchema = z
  .object({ type: z.string(), description: z.string() })
  .meta({ id: 'WebhookEventType', examples: [webhookEventTypeExample] });

const deliveriesQuery = z.strictObject({
  ...listQueryShape,
  status: z.enum(['pending', 'succeeded', 'failed', 'cancelled']).optional(),
  event_type: z.string().max(100).optional(),
});

const replayBody = z
  .strictObject({
    from: z.iso.datetime({ offset: true }).describe('Events at or after this instant'),
    to: z.iso.datetime({ offset: true }).describe('Events before this instant'),
    types: z.array(z.string().max(100)).min(1).max(100).optional().describe('Only these event types'),
  })
  .meta({
    examples: [{ from: '2025-01-14T00:00:00Z', to: '2025-01-15T00:00:00Z', types: ['invoice.issued'] }],
  });

export function registerWebhookRoutes(app: App, services: Services) {
  const ctx = (request: Parameters<typeof actorOf>[0]) => contextOf(services, request);

  app.get('/api/v1/webhook-event-types/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listWebhookEventTypes',
      summary: 'Every event type a webhook endpoint can receive',
      description: 'The types are `<entity>.<what happened>`, the same names as the audit log actions.',
      response: { 200: resultsSchema(eventTypeSchema), ...errors },
    },
    handler: async () => ({ results: [...WEBHOOK_EVENT_TYPES] }),
  });

  app.get('/api/v1/webhooks/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listWebhookEndpoints',
      summary: 'List webhook endpoints',
      description: 'The endpoints of the organization, oldest first. Secrets are never listed.',
      querystring: z.strictObject(listQueryShape),
      response: { 200: pageSchema(endpointSchema), ...errors },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const q = request.query;
      return sendPage(
        request,
        reply,
        await listEndpoints({ ...services, actor }, { ...q, ...dateRanges(q, actor.organization.timezone) }),
      );
    },
  });

  app.post('/api/v1/webhooks/', {
    config: { access: 'write', answersSecret: true },
    schema: {
      tags,
      operationId: 'createWebhookEndpoint',
      summary: 'Register a webhook endpoint',
      description:
        'Events are POSTed to `url`, signed as Standard Webhooks describes. The answer carries the signing ' +
        'secret (`whsec_…`): it is shown this once. At most 16 endpoints per organization (409 `limit_reached`).',
      body: endpointInputSchema,
      response: { 201: endpointWithSecretSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await createEndpoint(ctx(request), request.body), 201),
  });

  app.get('/api/v1/webhooks/:id/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getWebhookEndpoint',
      summary: 'Get a webhook endpoint',
      description: 'The endpoint without its secret.',
      params: uuidParam,
      response: { 200: endpointSchema, ...errors },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const row = await findEndpoint(services.db, actor.organizationId, request.params.id);
      return sendResult(
        request,
        reply,
        row ? ok(endpointView(row, services.clock.now())) : notFound(request.params.id),
      );
    },
  });

  app.patch('/api/v1/webhooks/:id/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'updateWebhookEndpoint',
      summary: 'Change a webhook endpoint',
      description:
        '`enabled: true` turns an endpoint kassa turned off back on; `enabled: false` cancels the deliveries ' +
        'still waiting for it.',
      params: uuidParam,
      body: endpointPatchSchema,
      response: { 200: endpointSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await updateEndpoint(ctx(request), request.params.id, request.body)),
  });

  app.delete('/api/v1/webhooks/:id/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'deleteWebhookEndpoint',
      summary: 'Delete a webhook endpoint',
      description: 'Its deliveries still waiting are cancelled.',
      params: uuidParam,
      response: { 204: z.null().describe('Deleted'), ...errors },
    },
    handler: async (request, reply) => {
      const result = await deleteEndpoint(ctx(request), request.params.id);
      if (!result.ok) return sendResult(request, reply, result);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/webhooks/:id/rotate-secret/', {
    config: { access: 'write', answersSecret: true },
    schema: {
      tags,
      operationId: 'rotateWebhookSecret',
      summary: 'Give a webhook endpoint a new signing secret',
      description:
        'The new secret is in this answer only. For 24 hours the old one signs beside it: `webhook-signature` ' +
        'then carries two signatures, so a receiver can switch secrets without losing an event.',
      params: uuidParam,
      body: emptyBody(),
      response: { 200: endpointWithSecretSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await rotateSecret(ctx(request), request.params.id)),
  });

  app.post('/api/v1/webhooks/:id/test/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'sendWebhookTestEvent',
      summary: 'Send a webhook.test event to the endpoint',
      description: 'Answers the delivery, pending; follow it in the deliveries list.',
      params: uuidParam,
      body: emptyBody(),
      response: { 202: deliverySchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await sendTestEvent(ctx(request), request.params.id), 202),
  });

  app.get('/api/v1/webhooks/:id/deliveries/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listWebhookDeliveries',
      summary: "A webhook endpoint's deliveries, with every attempt",
      description:
        'One delivery per event: its status, attempts (status code, duration, the first 1 KB of the answer) ' +
        'and when it is tried next.',
      params: uuidParam,
      querystring: deliveriesQuery,
      response: { 200: pageSchema(deliverySchema), ...errors },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const q = request.query;
      return sendPage(
        request,
        reply,
        await listDeliveries({ ...services, actor }, request.params.id, {
          ...q,
          ...dateRanges(q, actor.organization.timezone),
        }),
      );
    },
  });

  app.post('/api/v1/webhooks/deliveries/:id/resend/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'resendWebhookDelivery',
      summary: 'Send a delivery again',
      description:
        'Due now, with a fresh retry schedule, whatever its status; the event keeps its id (`webhook-id`).',
      params: uuidParam,
      body: emptyBody(),
      response: { 202: deliverySchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await resendDelivery(ctx(request), request.params.id), 202),
  });

  app.post('/api/v1/webhooks/:id/replay/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'replayWebhookEvents',
      summary: 'Send every event of a time range again',
      description:
        `Every event from \`from\` (inclusive) to \`to\` (exclusive) that the endpoint wants, narrowed by \`types\`, ` +
        `those from before the endpoint existed too; at most ${MAX_REPLAY_EVENTS} per request.`,
      params: uuidParam,
      body: replayBody,
      response: {
        202: z
          .object({ events: z.number().int().describe('Events queued') })
          .meta({ examples: [webhookReplayExample] }),
        ...errors,
      },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await replayEvents(ctx(request), request.params.id, {
          from: new Date(request.body.from),
          to: new Date(request.body.to),
          types: request.body.types,
        }),
        202,
      ),
  });
}
