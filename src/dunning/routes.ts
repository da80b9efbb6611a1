import type { Services } from '../context.ts';
import { fail } from '../errors.ts';
import { uuidParam } from '../http/common-schemas.ts';
import { problemResponses } from '../http/problem.ts';
import { sendResult } from '../http/reply.ts';
import { contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { findInvoice } from '../invoices/invoice-view.ts';
import { collectionSchema, invoiceCollection } from './collection-view.ts';

export function registerDunningRoutes(app: App, services: Services) {
  app.get('/api/v1/invoices/:id/dunning/', {
    config: { access: 'read' },
    schema: {
      tags: ['Invoices'],
      operationId: 'getInvoiceDunning',
      summary: "Get an invoice's collection",
      description: "An invoice's collection: its dunning steps and card charge attempts",
      params: uuidParam,
      response: { 200: collectionSchema, ...problemResponses },
    },
    handler: async (request, reply) => {
      const organizationId = contextOf(services, request).actor.organizationId;
      const invoice = await findInvoice(services.db, organizationId, request.params.id, 'invoice');
      if (!invoice) return sendResult(request, reply, fail('not_found', `no invoice ${request.params.id}`));
      return reply.send(await invoiceCollection(services.db, invoice));
    },
  });
}
