import { z } from 'zod';
import type { Services } from '../context.ts';
import { referenceField } from '../einvoices/einvoice-fields.ts';
import { EINVOICE_FORMATS } from '../einvoices/einvoice-formats.ts';
import { sendEInvoiceFile } from '../einvoices/routes.ts';
import { fail, ok } from '../errors.ts';
import {
  currencyCode,
  decimalString,
  emptyBody,
  instant,
  reference,
  uuidParam,
} from '../http/common-schemas.ts';
import { dateRanges, listQueryShape, orderingParam, pageSchema } from '../http/list-query.ts';
import { problemResponses, problemSchema } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { createCreditNote } from './create-credit-note.ts';
import {
  createDownloadLink,
  DOWNLOAD_LINK_MINUTES,
  openDownloadLink,
  openEInvoiceLink,
} from './download-link.ts';
import {
  creditNoteRequestExample,
  downloadLinkExample,
  einvoiceXmlExample,
  pdfExample,
  sendDraftExample,
} from './invoice-examples.ts';
import {
  creditNoteSchema,
  creditNoteView,
  findInvoice,
  invoiceSchema,
  invoiceView,
  linesOfInvoices,
} from './invoice-view.ts';
import { INVOICE_SORTS, listCreditNotes, listInvoices } from './list-invoices.ts';
import { sendDraft } from './send-draft.ts';

const errors = problemResponses;
const linkSchema = z
  .object({
    url: z.string(),
    expires_at: instant,
    einvoice_url: z
      .string()
      .nullable()
      .describe(
        "The same link serving the e-invoice in the account's format (einvoice_format), if it has one",
      ),
  })
  .meta({ id: 'DownloadLink', examples: [downloadLinkExample] });
const documentFilters = {
  ...listQueryShape,
  account: reference.optional(),
  currency: currencyCode.optional(),
  number: z.string().max(64).optional(),
  ordering: orderingParam(INVOICE_SORTS),
};

export function registerInvoiceRoutes(app: App, services: Services) {
  app.post('/api/v1/invoice-drafts/:id/send/', {
    config: { access: 'write' },
    schema: {
      tags: ['Invoice drafts'],
      operationId: 'sendInvoiceDraft',
      summary: 'Send an invoice draft',
      description:
        'Send a draft: it becomes a numbered, immutable invoice; its PDF is e-mailed and a card account is charged',
      params: uuidParam,
      body: z
        .strictObject({
          buyer_reference: referenceField("This invoice's buyer reference (BT-10); default: the account's"),
          purchase_order_reference: referenceField(
            "This invoice's purchase-order reference (BT-13); default: the account's",
          ),
        })
        .nullish()
        .meta({ examples: [sendDraftExample] }),
      response: { 201: invoiceSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await sendDraft(contextOf(services, request), request.params.id, {
          buyerReference: request.body?.buyer_reference ?? undefined,
          orderReference: request.body?.purchase_order_reference ?? undefined,
        }),
        201,
      ),
  });

  const tags = ['Invoices'];
  app.get('/api/v1/invoices/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listInvoices',
      summary: 'List invoices',
      description:
        'Invoices, oldest first, a page at a time; filter e.g. `?created_date__gte=2025-01-01&status=overdue`.',
      querystring: z.strictObject({
        ...documentFilters,
        status: z.enum(['open', 'partially_paid', 'paid', 'overdue', 'credited']).optional(),
      }),
      response: { 200: pageSchema(invoiceSchema), ...errors },
    },
    handler: async (request, reply) => {
      const ctx = contextOf(services, request);
      return sendPage(
        request,
        reply,
        await listInvoices(ctx, {
          ...request.query,
          ...dateRanges(request.query, ctx.actor.organization.timezone),
        }),
      );
    },
  });

  app.get('/api/v1/invoices/:id/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getInvoice',
      summary: 'Get an invoice',
      description:
        'An invoice: its number, lines, VAT per rate, totals, payment reference, due date and status.',
      params: uuidParam,
      response: { 200: invoiceSchema, ...errors },
    },
    handler: async (request, reply) => {
      const organizationId = contextOf(services, request).actor.organizationId;
      const row = await findInvoice(services.db, organizationId, request.params.id, 'invoice');
      if (!row) return sendResult(request, reply, fail('not_found', `no invoice ${request.params.id}`));
      return reply.send(invoiceView(row, await linesOfInvoices(services.db, organizationId, [row.id])));
    },
  });

  for (const kind of ['invoice', 'credit_note'] as const) {
    const path = kind === 'invoice' ? 'invoices' : 'credit-notes';
    app.post(`/api/v1/${path}/:id/download-link/`, {
      config: { access: 'read' },
      schema: {
        tags: kind === 'invoice' ? tags : ['Credit notes'],
        operationId: kind === 'invoice' ? 'createInvoiceDownloadLink' : 'createCreditNoteDownloadLink',
        summary: 'Create a download link',
        description: `A signed URL that serves the PDF for ${DOWNLOAD_LINK_MINUTES} minutes (then 410); give it to a person or a browser, no token needed.`,
        params: uuidParam,
        body: emptyBody(),
        response: { 201: linkSchema, ...errors },
      },
      handler: async (request, reply) => {
        const organizationId = contextOf(services, request).actor.organizationId;
        const row = await findInvoice(services.db, organizationId, request.params.id, kind);
        if (!row)
          return sendResult(
            request,
            reply,
            fail('not_found', `no ${kind.replace('_', ' ')} ${request.params.id}`),
          );
        return sendResult(
          request,
          reply,
          ok(await createDownloadLink(services, organizationId, row.id)),
          201,
        );
      },
    });
  }

  app.get('/api/files/invoices/:token', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'downloadInvoicePdf',
      summary: 'Download an invoice PDF',
      description:
        'The PDF behind a download link (no token needed; 410 once the link expired). With ?format=, the ' +
        'e-invoice of the same document in that format (see einvoice_url): XML, or for zugferd a PDF.',
      params: z.object({ token: z.string().max(400) }),
      querystring: z.strictObject({ format: z.enum(EINVOICE_FORMATS).optional() }),
      response: {
        200: {
          description: 'The PDF, or the e-invoice',
          content: {
            'application/pdf': { schema: z.string().meta({ format: 'binary', examples: [pdfExample] }) },
            'application/xml': { schema: z.string().meta({ examples: [einvoiceXmlExample] }) },
          },
        },
        400: problemSchema,
        404: problemSchema,
        410: problemSchema,
      },
    },
    handler: async (request, reply) => {
      if (request.query.format) {
        const file = await openEInvoiceLink(services, request.params.token, request.query.format);
        if (!file.ok) return sendResult(request, reply, file);
        return sendEInvoiceFile(reply.header('cache-control', 'private, no-store'), file.value, 'inline');
      }
      const opened = await openDownloadLink(services, request.params.token);
      if (!opened.ok) return sendResult(request, reply, opened);
      return (
        reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="${opened.value.fileName}"`)
          .header('cache-control', 'private, no-store')
          // Bytes go out as they are (Fastify serializes no Buffer); the schema only documents them.
          .send(opened.value.pdf as unknown as string)
      );
    },
  });

  app.post('/api/v1/invoices/:id/credit-notes/', {
    config: { access: 'write' },
    schema: {
      tags: ['Credit notes'],
      operationId: 'createCreditNote',
      summary: 'Credit an invoice',
      description: 'Credit a whole invoice (no body) or some of its lines, never more than is left to credit',
      params: uuidParam,
      body: z
        .strictObject({
          lines: z
            .array(
              z.strictObject({
                line: z.uuid(),
                amount: decimalString(2).optional().describe('Excl. VAT; default: what is left of the line'),
              }),
            )
            .max(500)
            .optional(),
        })
        .nullish()
        .meta({ examples: [creditNoteRequestExample] }),
      response: { 201: creditNoteSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await createCreditNote(contextOf(services, request), request.params.id, request.body ?? {}),
        201,
      ),
  });

  app.get('/api/v1/credit-notes/', {
    config: { access: 'read' },
    schema: {
      tags: ['Credit notes'],
      operationId: 'listCreditNotes',
      summary: 'List credit notes',
      description: 'Credit notes, oldest first, a page at a time.',
      querystring: z.strictObject(documentFilters),
      response: { 200: pageSchema(creditNoteSchema), ...errors },
    },
    handler: async (request, reply) => {
      const ctx = contextOf(services, request);
      return sendPage(
        request,
        reply,
        await listCreditNotes(ctx, {
          ...request.query,
          ...dateRanges(request.query, ctx.actor.organization.timezone),
        }),
      );
    },
  });

  app.get('/api/v1/credit-notes/:id/', {
    config: { access: 'read' },
    schema: {
      tags: ['Credit notes'],
      operationId: 'getCreditNote',
      summary: 'Get a credit note',
      description: 'A credit note: its number, the invoice it credits, lines and totals.',
      params: uuidParam,
      response: { 200: creditNoteSchema, ...errors },
    },
    handler: async (request, reply) => {
      const organizationId = contextOf(services, request).actor.organizationId;
      const row = await findInvoice(services.db, organizationId, request.params.id, 'credit_note');
      if (!row) return sendResult(request, reply, fail('not_found', `no credit note ${request.params.id}`));
      return reply.send(creditNoteView(row, await linesOfInvoices(services.db, organizationId, [row.id])));
    },
  });
}
