import { z } from 'zod';
import type { Services } from '../context.ts';
import { listPage, mapPage } from '../db/list-page.ts';
import { withRequestExamples } from '../http/common-schemas.ts';
import { dateRanges, listQueryShape, orderingParam, pageSchema } from '../http/list-query.ts';
import { handleError, problemResponses, problemSchema, sendProblem } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { importOrderExample } from './import-examples.ts';
import { importOrdersFile } from './import-file.ts';
import { type LogRow, logEntrySchema, logView } from './import-log-view.ts';
import {
  importOrder,
  importOrderSchema,
  importResultSchema,
  logRefusedImport,
  withOurFieldNames,
} from './import-order.ts';
import { keepUnreadableBody, unreadableBodyFailure } from './unreadable-body.ts';

const fileReportSchema = z
  .object({
    rows: z.number().int().describe('Rows read from the file (the CSV header is not a row)'),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    refused: z.number().int(),
    lines: z.array(
      z.object({
        line: z.number().int().describe('1-based line in the file (the CSV header is line 1)'),
        externalSystemId: z.string().nullable(),
        outcome: z.enum(['created', 'updated', 'unchanged', 'refused']),
        error: z.string().nullable().describe('Why the row was refused; null when accepted'),
      }),
    ),
  })
  .meta({
    id: 'ImportFileReport',
    examples: [
      {
        rows: 2,
        created: 1,
        updated: 0,
        unchanged: 0,
        refused: 1,
        lines: [
          { line: 2, externalSystemId: 'LEAD-1001', outcome: 'created', error: null },
          { line: 3, externalSystemId: 'LEAD-1002', outcome: 'refused', error: 'quantity: expected number' },
        ],
      },
    ],
  });

const fileInputSchema = z
  .strictObject({
    format: z
      .enum(['csv', 'ndjson'])
      .describe('csv: a header of field names, then a row per order; ndjson: a JSON object a line'),
    content: z.string().min(1).describe('The file as UTF-8 text'),
  })
  .meta({
    examples: [
      {
        format: 'csv',
        content:
          'externalSystemId;planTerms;invoiceCustomerId;quantity;startDate;paymentMethod\nLEAD-1001;PAPER;READER1;1;2025-01-01;invoice\n',
      },
    ],
  });

export function registerImportRoutes(app: App, services: Services) {
  app.register(async (scope) => {
    keepUnreadableBody(scope);
    registerOrderImport(scope, services);
  });
  registerFileAndLogRoutes(app, services);
}

function registerOrderImport(app: App, services: Services) {
  app.post('/api/v1/imports/orders/', {
    config: { access: 'import' },
    // A request that does not validate is refused as usual, and written to the import log too.
    attachValidation: true,
    // Seed 003's field names (plenigoOfferId) are read as ours before validation.
    preValidation: async (request) => {
      request.body = withOurFieldNames(request.body) as typeof request.body;
    },
    // A body that cannot be read (not JSON, another content type, too large) is refused as usual, and
    // written to the import log too, with what was sent as text.
    errorHandler: async (error, request, reply) => {
      const failure = request.auth ? unreadableBodyFailure(error, request) : null;
      if (!failure) return handleError(error, request, reply);
      await logRefusedImport(contextOf(services, request), failure.sent, 'api', failure.failure);
      return sendProblem(request, reply, failure.failure);
    },
    schema: {
      tags: ['Imports'],
      operationId: 'importOrder',
      summary: 'Import an order',
      description:
        "Import an order of an externally managed offer: created, updated, or unchanged (seed 003). Keyed by the leading system's id: sending it again updates it, the same request again changes nothing, and `endDate` ends the subscription. Every attempt is written to the import log.",
      body: withRequestExamples(importOrderSchema, [importOrderExample]),
      response: {
        200: importResultSchema,
        201: importResultSchema,
        422: problemResponses[400],
        ...problemResponses,
        413: problemSchema,
        415: problemSchema,
      },
    },
    handler: async (request, reply) => {
      const ctx = contextOf(services, request);
      if (request.validationError) {
        await logRefusedImport(ctx, request.body, 'api', {
          code: 'validation_failed',
          detail: request.validationError.message,
        });
        return handleError(request.validationError, request, reply);
      }
      const result = await importOrder(ctx, request.body, 'api');
      return sendResult(request, reply, result, result.ok && result.value.outcome === 'created' ? 201 : 200);
    },
  });
}

function registerFileAndLogRoutes(app: App, services: Services) {
  const tags = ['Imports'];
  app.post('/api/v1/imports/files/', {
    config: { access: 'import' },
    bodyLimit: 25 * 1024 * 1024,
    schema: {
      tags,
      operationId: 'importOrderFile',
      summary: 'Import a file of orders',
      description:
        'Import a CSV or NDJSON file of orders of externally managed offers, as `kassa import orders` does: each row lands whole or not at all, a bad row is reported (and written to the import log) and never stops the good ones. Answers the report line by line. A file that is not text (a NUL byte) is refused whole.',
      body: fileInputSchema,
      response: { 200: fileReportSchema, ...problemResponses },
    },
    handler: async (request, reply) => {
      // A NUL or a lone surrogate (a binary file read as text) is refused before this, naming `content`.
      const ctx = contextOf(services, request);
      return reply.send(await importOrdersFile(ctx, request.body.content, request.body.format));
    },
  });

  app.get('/api/v1/imports/log/', {
    config: { access: 'import' },
    schema: {
      tags,
      operationId: 'listImportLog',
      summary: 'List the import log',
      description:
        'Every import attempt, accepted or refused, with its request, result and error; oldest first, or newest first with `ordering=-created_date`',
      querystring: z.strictObject({
        // An entry is written once and never updated: only the created_date filters apply.
        limit: listQueryShape.limit,
        cursor: listQueryShape.cursor,
        created_date__gte: listQueryShape.created_date__gte,
        created_date__lte: listQueryShape.created_date__lte,
        externalSystemId: z.string().max(100).optional(),
        outcome: z.enum(['created', 'updated', 'unchanged', 'refused']).optional(),
        source: z.enum(['api', 'file']).optional(),
        ordering: orderingParam(),
      }),
      response: { 200: pageSchema(logEntrySchema), ...problemResponses },
    },
    handler: async (request, reply) => {
      const ctx = contextOf(services, request);
      let query = services.db
        .selectFrom('import_log')
        .where('organization_id', '=', ctx.actor.organizationId);
      if (request.query.externalSystemId)
        query = query.where('external_system_id', '=', request.query.externalSystemId);
      if (request.query.outcome) query = query.where('outcome', '=', request.query.outcome);
      if (request.query.source) query = query.where('source', '=', request.query.source);
      const page = await listPage<LogRow>(query, {
        ...request.query,
        ...dateRanges(request.query, ctx.actor.organization.timezone),
      });
      return sendPage(request, reply, await mapPage(page, async (rows) => rows.map(logView)));
    },
  });
}
