import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Services } from '../context.ts';
import { problemSchema, sendProblem } from '../http/problem.ts';
import { actorOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { EXPORT_RESOURCE_NAMES } from './export-resources.ts';
import { exportLines, planExport } from './export-stream.ts';

export const EXPORT_CURSOR_HEADER = 'kassa-export-cursor';

const CONTENT_TYPES = { ndjson: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8' };

export function registerExportRoutes(app: App, services: Services) {
  app.get('/api/v1/exports/:resource/', {
    config: { access: 'read' },
    schema: {
      tags: ['Exports'],
      operationId: 'exportResource',
      summary:
        'Export a resource for BI: every change since the last export, deletions and archivals included',
      description:
        'Streams the records of `resource` changed since `updated_since` (the cursor of the previous export; none: everything), in the order of change, as NDJSON (one object a line, then a last line `{"_cursor": …}`) or CSV (a header, then one row each; the cursor is in the `Kassa-Export-Cursor` header, present for both). Each row has `_op`: `upsert` (the record as it is now), `archive` (the same, archived) or `delete` (a tombstone: only `id`). Applying the rows in order keeps a copy equal to kassa; the next export with the cursor misses and repeats nothing, whatever was written meanwhile.',
      params: z.object({
        resource: z
          .enum(EXPORT_RESOURCE_NAMES)
          .describe(
            'accounts, subscriptions (with phases and components), invoices and credit-notes (with lines), payments (with allocations), usage',
          ),
      }),
      querystring: z.strictObject({
        updated_since: z
          .string()
          .max(100)
          .optional()
          .describe('The cursor of the previous export; absent: everything'),
        format: z.enum(['ndjson', 'csv']).default('ndjson'),
      }),
      response: {
        200: {
          description: 'The records, streamed; the next cursor in the Kassa-Export-Cursor header',
          content: {
            'application/x-ndjson': {
              schema: z.string().meta({
                examples: [
                  '{"_op":"upsert","id":"0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d","code":"CUST-4711","name":"Bageriet Ærø ApS","email":"regnskab@bageriet.dk","type":"company","legal_country":"DK","language":"da","currency":"DKK","updated_at":"2025-02-03T13:05:10+00:00","archived_at":null}\n' +
                    '{"_op":"delete","id":"01a24911-d8a8-7000-a6ae-ad5dd964840a"}\n' +
                    '{"_cursor":"MjAyNS0wMi0wNFQwODo0MToyNy4wMDBa"}\n',
                ],
              }),
            },
            'text/csv': {
              schema: z.string().meta({
                examples: [
                  '_op,id,code,name,email,type,legal_country,language,currency,updated_at\r\n' +
                    'upsert,0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d,CUST-4711,Bageriet Ærø ApS,regnskab@bageriet.dk,company,DK,da,DKK,2025-02-03T13:05:10+00:00\r\n',
                ],
              }),
            },
          },
        },
        400: problemSchema,
        401: problemSchema,
        403: problemSchema,
        429: problemSchema,
      },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const { resource } = request.params;
      const plan = await planExport(services.db, actor.organizationId, resource, request.query.updated_since);
      if (!plan.ok) return sendProblem(request, reply, plan.failure);
      const format = request.query.format;
      reply
        .header('content-type', CONTENT_TYPES[format])
        .header(EXPORT_CURSOR_HEADER, plan.value.cursor)
        .header('content-disposition', `attachment; filename="${resource}.${format}"`);
      // A stream is piped as it is, never serialized: the 200 schema above describes it for the OpenAPI document.
      const body = Readable.from(exportLines(services.db, plan.value, format));
      return reply.send(body as unknown as string);
    },
  });
}
