import { readFileSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { type ErrorCode, type Failure, fail, ok } from '../errors.ts';
import { withRequestExamples } from '../http/common-schemas.ts';
import { dateRanges, listQueryShape, pageSchema, resultsSchema } from '../http/list-query.ts';
import { problemResponses, problemSchema } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { createPartnerOrder, PartnerRefusal } from './create-partner-order.ts';
import { listPartnerOrders } from './list-partner-orders.ts';
import { partnerConfirmation, sendOrderConfirmationEmail } from './partner-confirmation.ts';
import { PARTNER_ERROR_CODES, type PartnerErrorCause } from './partner-error-codes.ts';
import { partnerSettingsInputExample } from './partner-examples.ts';
import { findPartnerOrder, partnerOrderSchema } from './partner-orders.ts';
import {
  deletePartnerSettings,
  originSchema,
  partnerSettingsInput,
  partnerSettingsSchema,
  partnerSettingsView,
  putPartnerSettings,
} from './partner-settings.ts';
import { MAX_PARTNER_XML_BYTES, PARTNER_XML_FAILURE_CAUSES, readPartnerOrder } from './partner-xml.ts';
import { errorsXml } from './partner-xml-answers.ts';

const XSD = readFileSync(new URL('./xsd/createflexpayorder.xsd', import.meta.url), 'utf8');

/** Our error codes as the partner protocol's causes, for failures raised before the handler runs. */
const CAUSE_OF: Partial<Record<ErrorCode, PartnerErrorCause>> = {
  unauthenticated: 'unauthenticated',
  insufficient_scope: 'forbidden_scope',
  payload_too_large: 'body_too_large',
  unsupported_media_type: 'bad_xml',
  malformed_request: 'bad_xml',
  validation_failed: 'schema_violation',
  idempotency_key_in_use: 'idempotency_conflict',
  idempotency_key_reused: 'idempotency_conflict',
  rate_limited: 'rate_limited',
};

function sendXmlError(reply: FastifyReply, cause: PartnerErrorCause, debuginfo: string, message?: string) {
  const entry = PARTNER_ERROR_CODES[cause];
  return reply
    .code(entry.status)
    .type('application/xml; charset=utf-8')
    .serializer((payload: unknown) => String(payload))
    .send(errorsXml([{ message: message ?? entry.message, code: entry.code, debuginfo }]));
}

function partnerFailure(_request: FastifyRequest, reply: FastifyReply, failure: Failure) {
  return sendXmlError(reply, CAUSE_OF[failure.code] ?? 'internal_error', failure.detail);
}

export function registerPartnerRoutes(app: App, services: Services) {
  // Partner XML arrives as text. The parser lives in this scope only: every other route still answers
  // 415 to a body that is not JSON.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      ['application/xml', 'text/xml'],
      // The bytes as sent: readPartnerOrder decides their encoding before anything reads them.
      { parseAs: 'buffer' },
      (_request, body, done) => done(null, body),
    );

    scope.get(
      '/xsd/webservice/createflexpayorder.xsd',
      {
        config: { access: 'public' },
        schema: {
          operationId: 'getPartnerOrderXsd',
          tags: ['Partners'],
          summary: 'Get the partner order XSD',
          description:
            'The XML Schema (createflexpayorder.xsd) that a partner order sent to ' +
            'POST /webservice/partnerorders/createflexpayorder must match. Public.',
          response: {
            200: {
              description: 'createflexpayorder.xsd',
              content: { 'application/xml': { schema: z.string().meta({ description: 'An XML Schema' }) } },
            },
            429: problemSchema,
          },
        },
      },
      async (_request, reply) => reply.type('application/xml; charset=utf-8').send(XSD),
    );

    // The route speaks XML whatever it is sent: another method gets <errors> too, never a problem+json.
    scope.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url: '/webservice/partnerorders/createflexpayorder',
      config: { access: 'public', sendFailure: partnerFailure },
      schema: { hide: true },
      handler: async (request, reply) =>
        sendXmlError(
          reply.header('allow', 'POST'),
          'method_not_allowed',
          `${request.method}: send the order with POST`,
        ),
    });

    scope.post('/webservice/partnerorders/createflexpayorder', {
      config: { access: 'partner', sendFailure: partnerFailure },
      bodyLimit: MAX_PARTNER_XML_BYTES,
      // The XML body and the <errors> answers are described in partner-openapi.ts: a body schema here
      // would have Fastify validate the raw bytes.
      schema: {
        operationId: 'createPartnerOrderXml',
        tags: ['Partners'],
        summary: 'Create a partner order (XML)',
        description:
          "A partner's order (seed 001) as XML, with a token of scope partner: the person and the employer " +
          'found or created, subscriptions and punch cards, and an invoice issued at once. Answers the ' +
          "confirmation XML (201), or <errors> XML with the protocol's codes for every failure, auth included. " +
          'See the partner orders guide.',
        response: {
          201: {
            description: 'The order confirmation (createflexpayorder-confirmation.xsd)',
            content: {
              'application/xml': { schema: z.string().meta({ description: 'An <order> confirmation' }) },
            },
          },
        },
      },
      // A JSON body is read by the JSON parser like anywhere else; this route still takes XML only.
      preValidation: async (request, reply) => {
        const type = String(request.headers['content-type'] ?? '')
          .split(';')[0]
          ?.trim()
          .toLowerCase();
        if (type !== 'application/xml' && type !== 'text/xml')
          return sendXmlError(
            reply,
            'bad_xml',
            `Unsupported Media Type: ${type || '(none)'}; send Content-Type: application/xml or text/xml`,
          );
      },
      handler: async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const read = await readPartnerOrder(body);
        if (!read.ok)
          return sendXmlError(
            reply,
            PARTNER_XML_FAILURE_CAUSES[read.failure.kind],
            read.failure.debuginfo,
            read.failure.message,
          );
        const ctx = contextOf(services, request);
        let created: Awaited<ReturnType<typeof createPartnerOrder>> | undefined;
        try {
          const result = await transact(ctx.db, async (tx) => {
            created = await createPartnerOrder(tx, ctx, read.order, read.text);
            return ok(created);
          });
          if (!result.ok) throw new Error(result.failure.detail);
        } catch (error) {
          if (error instanceof PartnerRefusal)
            return sendXmlError(reply, error.failure.cause, error.failure.debuginfo, error.failure.message);
          throw error;
        }
        const confirmation = await partnerConfirmation(
          services.db,
          ctx.actor.organizationId,
          created!.partnerOrderId,
        );
        if (created!.confirmationEmail)
          await sendOrderConfirmationEmail(services, ctx.actor.organizationId, created!.partnerOrderId).catch(
            (error: unknown) => request.log.error({ err: error }, 'order confirmation e-mail failed'),
          );
        return reply
          .code(201)
          .type('application/xml; charset=utf-8')
          .serializer((p: unknown) => String(p))
          .send(confirmation);
      },
    });
  });

  const tags = ['Partners'];
  app.get('/api/v1/partner-settings/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listPartnerSettings',
      summary: 'List partner settings',
      description: 'What each partner (by its origin) may sell, and where',
      response: { 200: resultsSchema(partnerSettingsSchema), ...problemResponses },
    },
    handler: async (request, reply) => {
      const organizationId = contextOf(services, request).actor.organizationId;
      const rows = await services.db
        .selectFrom('partner_settings')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .orderBy('origin')
        .execute();
      return reply.send({ results: rows.map(partnerSettingsView) });
    },
  });

  app.put('/api/v1/partner-settings/:origin/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'replacePartnerSettings',
      summary: 'Set what a partner may sell',
      description:
        'Set what a partner may sell (its products and business units), replacing the settings whole',
      params: z.object({ origin: originSchema }),
      body: withRequestExamples(partnerSettingsInput, [partnerSettingsInputExample]),
      response: { 200: partnerSettingsSchema, ...problemResponses },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await putPartnerSettings(contextOf(services, request), request.params.origin, request.body),
      ),
  });

  app.delete('/api/v1/partner-settings/:origin/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'deletePartnerSettings',
      summary: 'Remove a partner’s settings',
      description: 'Remove a partner’s settings: its orders are refused from now on',
      params: z.object({ origin: originSchema }),
      response: { 204: z.null(), ...problemResponses },
    },
    handler: async (request, reply) => {
      const result = await deletePartnerSettings(contextOf(services, request), request.params.origin);
      if (!result.ok) return sendResult(request, reply, result);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/partner-orders/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listPartnerOrders',
      summary: 'List partner orders',
      description:
        'Orders partners made, newest first, with their invoice status (paid once the partner paid); paged by cursor like every list, filtered by partner (`origin`) and creation date',
      querystring: z.strictObject({
        limit: listQueryShape.limit,
        cursor: listQueryShape.cursor,
        created_date__gte: listQueryShape.created_date__gte,
        created_date__lte: listQueryShape.created_date__lte,
        origin: originSchema.optional(),
      }),
      response: { 200: pageSchema(partnerOrderSchema), ...problemResponses },
    },
    handler: async (request, reply) => {
      const ctx = contextOf(services, request);
      const q = request.query;
      const result = await listPartnerOrders(ctx, {
        ...q,
        created: dateRanges(q, ctx.actor.organization.timezone).created,
      });
      return sendPage(request, reply, result);
    },
  });

  app.get('/api/v1/partner-orders/:number/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getPartnerOrder',
      summary: 'Get a partner order',
      description: 'A partner order by its number, with its invoice and status.',
      params: z.object({ number: z.string().max(64) }),
      response: { 200: partnerOrderSchema, ...problemResponses },
    },
    handler: async (request, reply) => {
      const organizationId = contextOf(services, request).actor.organizationId;
      const view = await findPartnerOrder(services.db, organizationId, request.params.number);
      return sendResult(
        request,
        reply,
        view ? ok(view) : fail('not_found', `no partner order ${request.params.number}`),
      );
    },
  });
}
