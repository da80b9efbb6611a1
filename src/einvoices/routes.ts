import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Services } from '../context.ts';
import { uuidParam } from '../http/common-schemas.ts';
import { problemResponses } from '../http/problem.ts';
import { sendResult } from '../http/reply.ts';
import { contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { einvoiceXmlExample, pdfExample } from '../invoices/invoice-examples.ts';
import type { EInvoiceFile } from './einvoice-file.ts';
import { EINVOICE_FORMATS } from './einvoice-formats.ts';
import { getEInvoice } from './get-einvoice.ts';

const FORMAT_HELP =
  'peppol-bis: UBL 2.1 Peppol BIS Billing 3.0 (Denmark, Sweden, Norway, Finland; the default); ' +
  'xrechnung-ubl, xrechnung-cii: XRechnung 3.0 in UBL or CII (Germany; needs the buyer reference BT-10); ' +
  'zugferd: the PDF as PDF/A-3 with the CII XML (profile EN 16931) embedded as factur-x.xml.';

/** Answers an e-invoice file as it is: XML as UTF-8 text, ZUGFeRD as a PDF. */
export function sendEInvoiceFile(
  reply: FastifyReply,
  file: EInvoiceFile,
  disposition: 'attachment' | 'inline',
) {
  const type =
    file.contentType === 'application/pdf' ? file.contentType : `${file.contentType}; charset=utf-8`;
  return (
    reply
      .header('content-type', type)
      .header('content-disposition', `${disposition}; filename="${file.fileName}"`)
      // A string or a Buffer is sent as it is (the 200 schema documents it; nothing to serialize).
      .send(file.body as string)
  );
}

export function registerEInvoiceRoutes(app: App, services: Services) {
  for (const kind of ['invoice', 'credit_note'] as const) {
    const path = kind === 'invoice' ? 'invoices' : 'credit-notes';
    const noun = kind === 'invoice' ? 'invoice' : 'credit note';
    app.get(`/api/v1/${path}/:id/einvoice/`, {
      config: { access: 'read' },
      schema: {
        operationId: kind === 'invoice' ? 'getInvoiceEInvoice' : 'getCreditNoteEInvoice',
        tags: [kind === 'invoice' ? 'Invoices' : 'Credit notes'],
        summary: `The ${noun} as an EN 16931 e-invoice`,
        description:
          `The issued ${noun} as an e-invoice, written from the same snapshot as its PDF. ${FORMAT_HELP} ` +
          'A format whose required data is missing (an electronic address, a buyer reference) answers 400 ' +
          'validation_failed naming each field to set.',
        params: uuidParam,
        querystring: z.strictObject({
          format: z.enum(EINVOICE_FORMATS).default('peppol-bis').describe(FORMAT_HELP),
        }),
        response: {
          200: {
            description: 'The e-invoice: XML, or for zugferd the PDF',
            content: {
              'application/xml': { schema: z.string().meta({ examples: [einvoiceXmlExample] }) },
              'application/pdf': { schema: z.string().meta({ format: 'binary', examples: [pdfExample] }) },
            },
          },
          ...problemResponses,
        },
      },
      handler: async (request, reply) => {
        const result = await getEInvoice(
          contextOf(services, request),
          request.params.id,
          kind,
          request.query.format,
        );
        if (!result.ok) return sendResult(request, reply, result);
        return sendEInvoiceFile(reply, result.value, 'attachment');
      },
    });
  }
}
