import { draftView, findDraft, linesOfDrafts } from '../../billing/draft-view.ts';
import { listDrafts } from '../../billing/list-drafts.ts';
import type { Services } from '../../context.ts';
import { findOwnRow } from '../../db/find-own-row.ts';
import type { Page } from '../../db/list-page.ts';
import { ok, type Result } from '../../errors.ts';
import { emptyBody, uuidParam } from '../../http/common-schemas.ts';
import { arraySchema } from '../../http/list-query.ts';
import { problemResponses } from '../../http/problem.ts';
import { sendResult } from '../../http/reply.ts';
import type { App } from '../../http/types.ts';
import { createDownloadLink, DOWNLOAD_LINK_MINUTES } from '../../invoices/download-link.ts';
import { creditNoteView, invoiceView, linesOfInvoices } from '../../invoices/invoice-view.ts';
import { listCreditNotes, listInvoices } from '../../invoices/list-invoices.ts';
import { sendDraft } from '../../invoices/send-draft.ts';
import {
  billwerkContext,
  callQuery,
  listQuery,
  mapResult,
  notFound,
  skipTake,
  skipTakeAs,
  tags,
} from './adapter.ts';
import {
  type BillwerkInvoice,
  billwerkDownloadLinkSchema,
  billwerkInvoiceDraftSchema,
  billwerkInvoiceSchema,
  invoiceDraftDto,
  invoiceDto,
} from './invoices.ts';
import { billwerkUrl } from './paths.ts';

const errors = problemResponses;
type Lister<T> = (page: { limit: number; cursor?: string }) => Promise<Result<Page<T>>>;

/**
 * One keyset list after another (invoices, then credit notes), for `skipTake`: a cursor `2:…` pages
 * the second list, `2:` starts it.
 */
function oneAfterAnother<T>(first: Lister<T>, second: Lister<T>): Lister<T> {
  return async ({ limit, cursor }) => {
    if (cursor?.startsWith('2:')) {
      const rest = cursor.slice(2);
      const page = await second(rest ? { limit, cursor: rest } : { limit });
      return page.ok && page.value.next ? ok({ ...page.value, next: `2:${page.value.next}` }) : page;
    }
    const page = await first(cursor === undefined ? { limit } : { limit, cursor });
    return page.ok && !page.value.next ? ok({ ...page.value, next: '2:' }) : page;
  };
}

async function findDocument(services: Services, organizationId: string, id: string) {
  const row = await findOwnRow(services.db, 'invoices', organizationId, id);
  if (!row) return undefined;
  const lines = await linesOfInvoices(services.db, organizationId, [row.id]);
  return {
    row,
    dto: invoiceDto(row.kind === 'invoice' ? invoiceView(row, lines) : creditNoteView(row, lines)),
  };
}

/** `/Invoices` (invoices and credit notes), a download link, and `/InvoiceDrafts` (read and send). */
export function registerBillwerkInvoiceRoutes(app: App, services: Services) {
  app.get(billwerkUrl('GET', '/Invoices'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listBillwerkInvoices',
      summary: 'List invoices and credit notes (Billwerk)',
      description:
        "Billwerk's `GET /Invoices`: the organization's invoices, oldest first, then its credit notes (`IsInvoice: false`), as a bare array paged by `skip` and `take` (the native lists' use cases).",
      querystring: listQuery,
      response: { 200: arraySchema(billwerkInvoiceSchema), ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const result = await skipTake<BillwerkInvoice>(
        oneAfterAnother(
          async (page) =>
            mapResult(await listInvoices(ctx, page), (p) => ({ ...p, results: p.results.map(invoiceDto) })),
          async (page) =>
            mapResult(await listCreditNotes(ctx, page), (p) => ({
              ...p,
              results: p.results.map(invoiceDto),
            })),
        ),
        request.query,
      );
      return sendResult(request, reply, result);
    },
  });

  app.get(billwerkUrl('GET', '/Invoices/:id'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getBillwerkInvoice',
      summary: 'Get an invoice or credit note (Billwerk)',
      description: "Billwerk's `GET /Invoices/{id}`: an invoice or a credit note, by its uuid.",
      params: uuidParam,
      querystring: callQuery,
      response: { 200: billwerkInvoiceSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const found = await findDocument(services, ctx.actor.organizationId, request.params.id);
      return sendResult(request, reply, found ? ok(found.dto) : notFound('invoice', request.params.id));
    },
  });

  app.post(billwerkUrl('POST', '/Invoices/:id/downloadLink'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'createBillwerkInvoiceDownloadLink',
      summary: 'Create a download link (Billwerk)',
      description: `Billwerk's \`POST /Invoices/{id}/downloadLink\`: a signed URL that serves the PDF of an invoice or credit note for ${DOWNLOAD_LINK_MINUTES} minutes, no token needed (as \`POST /api/v1/invoices/{id}/download-link/\`).`,
      params: uuidParam,
      querystring: callQuery,
      body: emptyBody(),
      response: { 201: billwerkDownloadLinkSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const found = await findDocument(services, ctx.actor.organizationId, request.params.id);
      if (!found) return sendResult(request, reply, notFound('invoice', request.params.id));
      const link = await createDownloadLink(services, ctx.actor.organizationId, found.row.id);
      return sendResult(
        request,
        reply,
        ok({ Url: link.url, ExpiresAt: link.expires_at, EInvoiceUrl: link.einvoice_url }),
        201,
      );
    },
  });

  app.get(billwerkUrl('GET', '/InvoiceDrafts'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listBillwerkInvoiceDrafts',
      summary: 'List invoice drafts (Billwerk)',
      description:
        "Billwerk's `GET /InvoiceDrafts`: the organization's invoice drafts, open and sent, oldest first, as a bare array paged by `skip` and `take`.",
      querystring: listQuery,
      response: { 200: arraySchema(billwerkInvoiceDraftSchema), ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      return sendResult(
        request,
        reply,
        await skipTakeAs((page) => listDrafts(ctx, page), request.query, invoiceDraftDto),
      );
    },
  });

  app.get(billwerkUrl('GET', '/InvoiceDrafts/:id'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getBillwerkInvoiceDraft',
      summary: 'Get an invoice draft (Billwerk)',
      description: "Billwerk's `GET /InvoiceDrafts/{id}`: a draft with its lines, VAT per rate and totals.",
      params: uuidParam,
      querystring: callQuery,
      response: { 200: billwerkInvoiceDraftSchema, ...errors },
    },
    handler: async (request, reply) => {
      const organizationId = billwerkContext(services, request).actor.organizationId;
      const draft = await findDraft(services.db, organizationId, request.params.id);
      if (!draft) return sendResult(request, reply, notFound('invoice draft', request.params.id));
      const lines = await linesOfDrafts(services.db, organizationId, [draft.id]);
      return sendResult(request, reply, ok(invoiceDraftDto(draftView(draft, lines))));
    },
  });

  app.post(billwerkUrl('POST', '/InvoiceDrafts/:id'), {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'sendBillwerkInvoiceDraft',
      summary: 'Send an invoice draft (Billwerk)',
      description:
        "Billwerk's `POST /InvoiceDrafts/{id}` (the client's `sendInvoiceDraft`): sends the draft as `POST /api/v1/invoice-drafts/{id}/send/` does (a numbered invoice, its PDF e-mailed, a card account charged) and answers the new invoice. A draft sent already is refused (409).",
      params: uuidParam,
      querystring: callQuery,
      body: emptyBody(),
      response: { 201: billwerkInvoiceSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        mapResult(await sendDraft(billwerkContext(services, request), request.params.id), invoiceDto),
        201,
      ),
  });
}
