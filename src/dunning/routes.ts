import { z } from 'zod';
import type { Services } from '../context.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { fail } from '../errors.ts';
import { instant, isoInstant, uuidParam } from '../http/common-schemas.ts';
import { problemResponses } from '../http/problem.ts';
import { sendResult } from '../http/reply.ts';
import { contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { findInvoice } from '../invoices/invoice-view.ts';

export const collectionSchema = z
  .object({
    invoice: z.uuid(),
    status: z.string(),
    dunning: z.array(
      z.object({
        step: z.number().int(),
        due_on: z.string(),
        final: z.boolean(),
        status: z.enum(['scheduled', 'done', 'cancelled']),
        result: z.string().nullable(),
        done_date: instant.nullable(),
      }),
    ),
    card_charges: z.array(
      z.object({
        attempt: z.number().int(),
        amount: z.string(),
        status: z.enum(['pending', 'succeeded', 'declined', 'requires_action', 'retryable']),
        gateway_reference: z.string().nullable(),
        error: z.string().nullable(),
        created_date: instant,
      }),
    ),
  })
  .meta({ id: 'InvoiceCollection' });

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
      const [steps, charges] = await Promise.all([
        services.db
          .selectFrom('dunning_steps')
          .selectAll()
          .where('organization_id', '=', organizationId)
          .where('invoice_id', '=', invoice.id)
          .orderBy('step_no')
          .execute(),
        services.db
          .selectFrom('card_charges')
          .selectAll()
          .where('organization_id', '=', organizationId)
          .where('invoice_id', '=', invoice.id)
          .orderBy('attempt')
          .execute(),
      ]);
      return reply.send({
        invoice: invoice.id,
        status: invoice.status,
        dunning: steps.map((s) => ({
          step: s.step_no,
          due_on: s.due_on,
          final: s.final,
          status: s.status,
          result: s.result,
          done_date: isoInstant(s.done_at),
        })),
        card_charges: charges.map((c) => ({
          attempt: c.attempt,
          amount: formatMinorUnits(Number(c.amount), invoice.currency),
          status: c.status,
          gateway_reference: c.gateway_reference,
          error: c.error,
          created_date: isoInstant(c.created_at)!,
        })),
      });
    },
  });
}
