import { Temporal } from '@js-temporal/polyfill';
import { z } from 'zod';
import type { Services } from '../../context.ts';
import { ok, type Result } from '../../errors.ts';
import { decimalString, reference, uuidParam, withRequestExamples } from '../../http/common-schemas.ts';
import { arraySchema } from '../../http/list-query.ts';
import { problemResponses } from '../../http/problem.ts';
import { sendResult } from '../../http/reply.ts';
import type { App } from '../../http/types.ts';
import { createRatedItem } from '../../rated-items/rated-items.ts';
import { refuseExternallyManaged } from '../../subscriptions/externally-managed.ts';
import {
  addSubscriptionComponent,
  componentsOfSubscription,
  subscriptionComponentView,
} from '../../subscriptions/subscription-components.ts';
import { findSubscription } from '../../subscriptions/subscription-view.ts';
import { listUsage } from '../../usage/list-usage.ts';
import { recordUsage } from '../../usage/record-usage.ts';
import { findUsage, usageQuantity, usageView } from '../../usage/usage-view.ts';
import { usageWatermark } from '../../usage/usage-watermark.ts';
import {
  billwerkContext,
  callQuery,
  listQuery,
  mapResult,
  notFound,
  renameFields,
  skipTakeAs,
  tags,
} from './adapter.ts';
import {
  billwerkComponentSubscriptionRequestExample,
  billwerkRatedItemRequestExample,
  billwerkUsageRequestExample,
} from './billwerk-examples.ts';
import {
  billwerkComponentSubscriptionSchema,
  billwerkRatedItemSchema,
  billwerkUsageSchema,
  componentSubscriptionDto,
  DESCRIPTION_PROPERTY,
  ratedItemDto,
  usageDto,
} from './contract-items.ts';
import { billwerkDay } from './days.ts';
import { billwerkUrl } from './paths.ts';

const errors = problemResponses;

const number = (decimals: number) =>
  z
    .union([z.number(), z.string()])
    .transform((value) => String(value))
    .pipe(decimalString(decimals));

const meteredUsage = z
  .strictObject({
    ComponentId: reference.describe('The metered component: uuid or code'),
    Quantity: usageQuantity,
    DueDate: z
      .string()
      .regex(
        /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/,
        'a date-time (2025-02-10T12:00:00Z; without an offset, UTC) or a date (its first moment)',
      )
      .optional()
      .describe('When it was used; default now'),
    Description: z.string().trim().max(500).nullable().optional(),
  })
  .meta({
    examples: [
      { ComponentId: 'API-CALLS', Quantity: 120, DueDate: '2025-02-10T12:00:00Z', Description: 'API calls' },
    ],
  });

const componentSubscription = z
  .strictObject({
    ComponentId: reference.describe('The component: uuid or code'),
    Quantity: z.number().int().min(1).max(1_000_000).nullable().optional().describe('Recurring; default 1'),
    StartDate: billwerkDay.optional().describe("Default today, or the contract's start if later"),
    Memo: z.string().max(500).nullable().optional().describe('Accepted and not kept'),
  })
  .meta({ examples: [{ ComponentId: 'EXTRA-SEAT', Quantity: 2 }] });

const ratedItem = z
  .strictObject({
    Description: z.string().trim().min(1).max(500),
    Quantity: number(4),
    PricePerUnit: number(6),
    TaxPolicyId: reference.nullable().optional().describe('A kassa tax category: uuid or code'),
    PeriodStart: z.string().max(40).optional().describe('Accepted and not kept: billed on the next invoice'),
    PeriodEnd: z.string().max(40).optional().describe('Accepted and not kept'),
  })
  .meta({ examples: [{ Description: 'Setup', Quantity: 1, PricePerUnit: 250 }] });

/** A DueDate as an instant: a date-time without an offset is UTC, a date its first moment in the organization's zone. */
function dueInstant(due: string | undefined, now: Date, timeZone: string): string {
  if (due === undefined) return now.toISOString();
  if (due.length === 10)
    return Temporal.PlainDate.from(due).toZonedDateTime({ timeZone }).toInstant().toString();
  return /(Z|[+-]\d{2}:\d{2})$/.test(due) ? due : `${due}Z`;
}

const usageParams = uuidParam.extend({ usageId: z.string().max(64).describe('The usage record') });

export function registerBillwerkContractUsageRoutes(app: App, services: Services) {
  app.get(billwerkUrl('GET', '/Contracts/:id/Usage'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listBillwerkContractUsage',
      summary: "List a contract's metered usage (Billwerk)",
      description:
        "Billwerk's `GET /Contracts/{id}/Usage`: the subscription's usage records, billed and not, as MeteredUsage DTOs paged by `skip` and `take` (the same use case as `GET /api/v1/subscriptions/{id}/usage/`).",
      params: uuidParam,
      querystring: listQuery,
      response: { 200: arraySchema(billwerkUsageSchema), ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      return sendResult(
        request,
        reply,
        await skipTakeAs((page) => listUsage(ctx, request.params.id, page), request.query, usageDto),
      );
    },
  });

  app.post(billwerkUrl('POST', '/Contracts/:id/Usage'), {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createBillwerkContractUsage',
      summary: 'Record metered usage (Billwerk)',
      description:
        "Billwerk's `POST /Contracts/{id}/Usage`: records usage of a metered component of the contract, as `POST /api/v1/subscriptions/{id}/usage/`; the next billing run bills it. `Description` is kept in the record's `properties.description`.",
      params: uuidParam,
      querystring: callQuery,
      body: withRequestExamples(meteredUsage, [billwerkUsageRequestExample]),
      response: { 201: billwerkUsageSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const body = request.body;
      const recorded = await recordUsage(ctx, request.params.id, {
        metric: body.ComponentId,
        quantity: body.Quantity,
        timestamp: dueInstant(body.DueDate, ctx.clock.now(), ctx.actor.organization.timezone),
        ...(body.Description ? { properties: { [DESCRIPTION_PROPERTY]: body.Description } } : {}),
      });
      const result = mapResult(recorded, (value) => usageDto(value.record));
      return sendResult(
        request,
        reply,
        renameFields(result, { metric: 'ComponentId', quantity: 'Quantity', timestamp: 'DueDate' }),
        201,
      );
    },
  });

  app.get(billwerkUrl('GET', '/Contracts/:id/Usage/:usageId'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getBillwerkContractUsage',
      summary: 'Get a metered usage record (Billwerk)',
      description:
        "The client's `deleteContractUsage` sends `GET /Contracts/{id}/Usage/{usageId}`. A GET never deletes: it answers the record as a read. Remove unbilled usage with `DELETE /api/v1/subscriptions/{id}/usage/{usage}/`.",
      params: usageParams,
      querystring: callQuery,
      response: { 200: billwerkUsageSchema, ...errors },
    },
    handler: async (request, reply) => {
      const organizationId = billwerkContext(services, request).actor.organizationId;
      const { id, usageId } = request.params;
      const row = await findUsage(services.db, organizationId, id, usageId);
      if (!row) return sendResult(request, reply, notFound('usage', `${usageId} on contract ${id}`));
      const watermark = await usageWatermark(services.db, organizationId, row.subscription_id);
      return sendResult(request, reply, ok(usageDto(usageView(row, watermark))));
    },
  });

  app.get(billwerkUrl('GET', '/Contracts/:id/ComponentSubscriptions'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listBillwerkContractComponentSubscriptions',
      summary: "List a contract's component subscriptions (Billwerk)",
      description:
        "Billwerk's `GET /Contracts/{id}/ComponentSubscriptions`: the subscription's components, past and present, as in `GET /api/v1/subscriptions/{id}/components/`.",
      params: uuidParam,
      querystring: callQuery,
      response: { 200: arraySchema(billwerkComponentSubscriptionSchema), ...errors },
    },
    handler: async (request, reply) => {
      const organizationId = billwerkContext(services, request).actor.organizationId;
      const row = await findSubscription(services.db, organizationId, request.params.id);
      if (!row) return sendResult(request, reply, notFound('contract', request.params.id));
      const rows = await componentsOfSubscription(services.db, organizationId, row.id);
      return sendResult(
        request,
        reply,
        ok(rows.map((c) => componentSubscriptionDto(subscriptionComponentView(c)))),
      );
    },
  });

  app.post(billwerkUrl('POST', '/Contracts/:id/ComponentSubscriptions'), {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createBillwerkContractComponentSubscription',
      summary: 'Add a component to a contract (Billwerk)',
      description:
        "Billwerk's `POST /Contracts/{id}/ComponentSubscriptions`: adds a component (an add-on or a metered component) from a day, as `POST /api/v1/subscriptions/{id}/components/`.",
      params: uuidParam,
      querystring: callQuery,
      body: withRequestExamples(componentSubscription, [billwerkComponentSubscriptionRequestExample]),
      response: { 201: billwerkComponentSubscriptionSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const body = request.body;
      const added =
        (await refuseExternallyManaged(services.db, ctx.actor.organizationId, request.params.id)) ??
        mapResult(
          await addSubscriptionComponent(ctx, request.params.id, {
            component: body.ComponentId,
            ...(body.Quantity !== undefined ? { quantity: body.Quantity } : {}),
            ...(body.StartDate ? { start_date: body.StartDate } : {}),
          }),
          componentSubscriptionDto,
        );
      return sendResult(
        request,
        reply,
        renameFields(added, { component: 'ComponentId', quantity: 'Quantity', start_date: 'StartDate' }),
        201,
      );
    },
  });

  app.post(billwerkUrl('POST', '/Contract/:id/ratedItems', ['Contracts']), {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createBillwerkContractRatedItem',
      summary: 'Add a rated item to a contract (Billwerk)',
      description:
        "Billwerk's `POST /Contract/{id}/ratedItems` (also `/Contracts/{id}/ratedItems`): a one-off charge billed on the contract's next invoice, as `POST /api/v1/subscriptions/{id}/rated-items/`.",
      params: uuidParam,
      querystring: callQuery,
      body: withRequestExamples(ratedItem, [billwerkRatedItemRequestExample]),
      response: { 201: billwerkRatedItemSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const body = request.body;
      const created: Result<z.output<typeof billwerkRatedItemSchema>> = mapResult(
        await createRatedItem(ctx, request.params.id, {
          description: body.Description,
          quantity: body.Quantity,
          unit_price: body.PricePerUnit,
          ...(body.TaxPolicyId !== undefined ? { tax_category: body.TaxPolicyId } : {}),
        }),
        ratedItemDto,
      );
      return sendResult(
        request,
        reply,
        renameFields(created, {
          description: 'Description',
          quantity: 'Quantity',
          unit_price: 'PricePerUnit',
          tax_category: 'TaxPolicyId',
        }),
        201,
      );
    },
  });
}
