import { z } from 'zod';
import type { Services } from '../context.ts';
import { reference, uuidParam, withRequestExamples } from '../http/common-schemas.ts';
import { listQueryShape, orderingParam, pageSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { deleteUsage } from './delete-usage.ts';
import { ingestUsageBatch, MAX_BATCH } from './ingest-usage-batch.ts';
import { listUsage, USAGE_SORTS } from './list-usage.ts';
import { recordUsage } from './record-usage.ts';
import {
  usageBatchRequestExample,
  usageBatchResultExample,
  usageRecordRequestExample,
} from './usage-examples.ts';
import { EVENT_ID, usageFields, usageRecordSchema } from './usage-view.ts';

const tags = ['Usage'];
const errors = problemResponses;
const oneRecord = z.strictObject({
  metric: reference.describe('uuid or code of a metered component on the subscription'),
  ...usageFields,
  event_id: EVENT_ID.optional().describe('Your id of the event; a repeat is not counted twice'),
});
const batch = z.strictObject({
  records: z
    .array(
      z.strictObject({
        subscription: z.string().max(64),
        metric: reference,
        ...usageFields,
        event_id: EVENT_ID,
      }),
    )
    .min(1)
    .max(MAX_BATCH),
});

export function registerUsageRoutes(app: App, services: Services) {
  app.post('/api/v1/subscriptions/:id/usage/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createUsageRecord',
      summary: 'Record usage',
      description: 'Record one usage event (201; 200 for an event_id already recorded)',
      params: uuidParam,
      body: withRequestExamples(oneRecord, [usageRecordRequestExample]),
      response: { 200: usageRecordSchema, 201: usageRecordSchema, ...errors },
    },
    handler: async (request, reply) => {
      const result = await recordUsage(contextOf(services, request), request.params.id, request.body);
      if (!result.ok) return sendResult(request, reply, result);
      return reply.code(result.value.created ? 201 : 200).send(result.value.record);
    },
  });

  app.post('/api/v1/usage/batch/', {
    config: { access: 'write' },
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      tags,
      operationId: 'createUsageBatch',
      summary: 'Record usage in a batch',
      description: `Record up to ${MAX_BATCH} usage events at once; each event_id counts once, however often it is sent`,
      body: withRequestExamples(batch, [usageBatchRequestExample]),
      response: {
        200: z
          .object({
            received: z.number().int(),
            created: z.number().int(),
            duplicates: z.number().int(),
          })
          .meta({ examples: [usageBatchResultExample] }),
        ...errors,
      },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await ingestUsageBatch(contextOf(services, request), request.body.records)),
  });

  app.get('/api/v1/subscriptions/:id/usage/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listUsageRecords',
      summary: "List a subscription's usage",
      description:
        "A subscription's usage records, billed and not yet billed, in the order they were recorded (or as `ordering` says: by when they happened, either way).",
      params: uuidParam,
      querystring: z.strictObject({
        limit: listQueryShape.limit,
        cursor: listQueryShape.cursor,
        metric: reference.optional(),
        timestamp__gte: z.iso.datetime({ offset: true }).optional(),
        timestamp__lte: z.iso.datetime({ offset: true }).optional(),
        billed: z
          .enum(['true', 'false'])
          .optional()
          .describe('Only records a billing run has passed, or only those it has not'),
        ordering: orderingParam(USAGE_SORTS),
      }),
      response: { 200: pageSchema(usageRecordSchema), ...errors },
    },
    handler: async (request, reply) =>
      sendPage(
        request,
        reply,
        await listUsage(contextOf(services, request), request.params.id, request.query),
      ),
  });

  app.delete('/api/v1/subscriptions/:id/usage/:usage/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'deleteUsageRecord',
      summary: 'Remove usage',
      description: 'Remove unbilled usage (409 once billed)',
      params: uuidParam.extend({ usage: z.string().max(64) }),
      response: { 204: z.null(), ...errors },
    },
    handler: async (request, reply) => {
      const result = await deleteUsage(contextOf(services, request), request.params.id, request.params.usage);
      if (!result.ok) return sendResult(request, reply, result);
      return reply.code(204).send(null);
    },
  });
}
