import type { Services } from '../../context.ts';
import { ok } from '../../errors.ts';
import { uuidParam } from '../../http/common-schemas.ts';
import { arraySchema } from '../../http/list-query.ts';
import { problemResponses } from '../../http/problem.ts';
import { sendResult } from '../../http/reply.ts';
import type { App } from '../../http/types.ts';
import { createEndpoint } from '../../webhooks/create-endpoint.ts';
import { deleteEndpoint } from '../../webhooks/delete-endpoint.ts';
import { endpointInputSchema } from '../../webhooks/endpoint-input.ts';
import { endpointView, findEndpoint } from '../../webhooks/endpoint-view.ts';
import { listEndpoints } from '../../webhooks/list-endpoints.ts';
import {
  billwerkContext,
  callQuery,
  checked,
  listQuery,
  mapResult,
  notFound,
  renameFields,
  skipTakeAs,
  tags,
} from './adapter.ts';
import { billwerkUrl } from './paths.ts';
import {
  billwerkWebhookInput,
  billwerkWebhookSchema,
  billwerkWebhookWithSecretSchema,
  kassaEventTypes,
  webhookDto,
} from './webhooks.ts';

const errors = problemResponses;
const FIELD_NAMES = { url: 'Url', event_types: 'Events', description: 'Description' };

/**
 * `/webhooks` on kassa's webhook endpoints. Registered as `/Webhooks`: the lowercase path is the
 * native route's, and the client's calls (which carry `take`) are rewritten to this casing (paths.ts).
 */
export function registerBillwerkWebhookRoutes(app: App, services: Services) {
  app.get(billwerkUrl('GET', '/Webhooks'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listBillwerkWebhooks',
      summary: 'List webhooks (Billwerk)',
      description:
        "Billwerk's `GET /webhooks`: the organization's webhook endpoints, oldest first, as a bare array paged by `skip` and `take`. Secrets are never listed.",
      querystring: listQuery,
      response: { 200: arraySchema(billwerkWebhookSchema), ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      return sendResult(
        request,
        reply,
        await skipTakeAs((page) => listEndpoints(ctx, page), request.query, webhookDto),
      );
    },
  });

  app.post(billwerkUrl('POST', '/Webhooks'), {
    config: { access: 'write', answersSecret: true },
    schema: {
      tags,
      operationId: 'createBillwerkWebhook',
      summary: 'Register a webhook (Billwerk)',
      description:
        "Billwerk's `POST /webhooks`: registers a webhook endpoint as `POST /api/v1/webhooks/` does. `Events` takes Billwerk's event names (`InvoiceCreated`) or kassa's event types. Deliveries are kassa's events, signed with the `Secret` of this answer (shown once).",
      querystring: callQuery,
      body: billwerkWebhookInput,
      response: { 201: billwerkWebhookWithSecretSchema, ...errors },
    },
    handler: async (request, reply) => {
      const body = request.body;
      const input = checked(endpointInputSchema, {
        url: body.Url,
        event_types: kassaEventTypes(body.Events),
        ...(body.Description !== undefined ? { description: body.Description } : {}),
      });
      const created = input.ok
        ? await createEndpoint(billwerkContext(services, request), input.value)
        : input;
      return sendResult(
        request,
        reply,
        renameFields(
          mapResult(created, (view) => ({ ...webhookDto(view), Secret: view.secret })),
          FIELD_NAMES,
        ),
        201,
      );
    },
  });

  app.delete(billwerkUrl('DELETE', '/Webhooks/:id'), {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'deleteBillwerkWebhook',
      summary: 'Delete a webhook (Billwerk)',
      description:
        "Billwerk's `DELETE /webhooks/{id}`: deletes the endpoint as `DELETE /api/v1/webhooks/{id}/` does (deliveries still waiting are cancelled) and answers it as it was, since the client parses every body.",
      params: uuidParam,
      querystring: callQuery,
      response: { 200: billwerkWebhookSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const row = await findEndpoint(services.db, ctx.actor.organizationId, request.params.id);
      if (!row) return sendResult(request, reply, notFound('webhook', request.params.id));
      const deleted = await deleteEndpoint(ctx, row.id);
      return sendResult(
        request,
        reply,
        deleted.ok ? ok(webhookDto(endpointView(row, services.clock.now()))) : deleted,
      );
    },
  });
}
