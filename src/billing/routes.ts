import { z } from 'zod';
import type { Services } from '../context.ts';
import { fail, ok } from '../errors.ts';
import { currencyCode, decimalString, plainDate, reference, uuidParam } from '../http/common-schemas.ts';
import { dateRanges, listQueryShape, orderingParam, pageSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { billingRunRequestExample, draftLineRequestExample } from './billing-examples.ts';
import { billingRunSchema, billingRunView, findBillingRun, startBillingRun } from './billing-runs.ts';
import { draftSchema, draftView, findDraft, linesOfDrafts } from './draft-view.ts';
import { editDraft } from './edit-draft.ts';
import { DRAFT_SORTS, listDrafts } from './list-drafts.ts';

const errors = problemResponses;
const newLine = z.strictObject({
  description: z.string().trim().min(1).max(500),
  quantity: decimalString(4),
  unit_price: decimalString(6),
  tax_category: reference.nullable().optional(),
});

export function registerBillingRoutes(app: App, services: Services) {
  app.post('/api/v1/billing-runs/', {
    config: { access: 'write' },
    schema: {
      tags: ['Billing runs'],
      operationId: 'createBillingRun',
      summary: 'Start a billing run',
      description:
        'Start a billing run for a date (default today; never after today); answers at once with its id. Every subscription due by that date gets its periods, usage and rated items onto invoice drafts; a period is never billed twice.',
      body: z
        .strictObject({ date: plainDate.optional() })
        .nullish()
        .meta({ examples: [billingRunRequestExample] }),
      response: { 202: billingRunSchema, ...errors },
    },
    handler: async (request, reply) => {
      const started = await startBillingRun(contextOf(services, request), request.body?.date);
      if (!started.ok) return sendResult(request, reply, started);
      started.value.done.catch((error: unknown) =>
        request.log.error({ err: error }, 'billing run bookkeeping failed'),
      );
      return reply.code(202).send(started.value.view);
    },
  });

  app.get('/api/v1/billing-runs/:id/', {
    config: { access: 'read' },
    schema: {
      tags: ['Billing runs'],
      operationId: 'getBillingRun',
      summary: 'Get a billing run',
      description: 'Progress and counts of a billing run: its batches, the drafts made and lines written.',
      params: uuidParam,
      response: { 200: billingRunSchema, ...errors },
    },
    handler: async (request, reply) => {
      const row = await findBillingRun(contextOf(services, request), request.params.id);
      return sendResult(
        request,
        reply,
        row ? ok(billingRunView(row)) : fail('not_found', `no billing run ${request.params.id}`),
      );
    },
  });

  const tags = ['Invoice drafts'];
  app.get('/api/v1/invoice-drafts/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listInvoiceDrafts',
      summary: 'List invoice drafts',
      description:
        'Open and sent invoice drafts, oldest first (or as `ordering` says: by their last change, either way), a page at a time. Drafts are editable and unnumbered until they are sent.',
      querystring: z.strictObject({
        ...listQueryShape,
        account: reference.optional(),
        currency: currencyCode.optional(),
        status: z.enum(['draft', 'sent']).optional(),
        ordering: orderingParam(DRAFT_SORTS),
      }),
      response: { 200: pageSchema(draftSchema), ...errors },
    },
    handler: async (request, reply) => {
      const ctx = contextOf(services, request);
      return sendPage(
        request,
        reply,
        await listDrafts(ctx, {
          ...request.query,
          ...dateRanges(request.query, ctx.actor.organization.timezone),
        }),
      );
    },
  });

  app.get('/api/v1/invoice-drafts/:id/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getInvoiceDraft',
      summary: 'Get an invoice draft',
      description: 'An invoice draft: lines, VAT per rate, totals',
      params: uuidParam,
      response: { 200: draftSchema, ...errors },
    },
    handler: async (request, reply) => {
      const organizationId = contextOf(services, request).actor.organizationId;
      const draft = await findDraft(services.db, organizationId, request.params.id);
      if (!draft)
        return sendResult(request, reply, fail('not_found', `no invoice draft ${request.params.id}`));
      return sendResult(
        request,
        reply,
        ok(draftView(draft, await linesOfDrafts(services.db, organizationId, [draft.id]))),
      );
    },
  });

  app.post('/api/v1/invoice-drafts/:id/lines/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createInvoiceDraftLine',
      summary: 'Add a line to a draft',
      description:
        'Adds a manual line (description, quantity, unit price, tax category) to an open draft. Amounts are exact decimals as strings.',
      params: uuidParam,
      body: newLine.meta({ examples: [draftLineRequestExample] }),
      response: { 201: draftSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await editDraft(contextOf(services, request), request.params.id, { add: request.body }),
        201,
      ),
  });

  app.delete('/api/v1/invoice-drafts/:id/lines/:line/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'deleteInvoiceDraftLine',
      summary: 'Remove a line from a draft',
      description: 'Removes a line from an open draft; what it billed is not billed again.',
      params: uuidParam.extend({ line: z.string().max(64) }),
      response: { 200: draftSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await editDraft(contextOf(services, request), request.params.id, { remove: request.params.line }),
      ),
  });
}
