import { z } from 'zod';
import { accountView } from '../../accounts/account-view.ts';
import { accountsByIds, findAccount } from '../../accounts/find-account.ts';
import { todayIn } from '../../clock.ts';
import type { Services } from '../../context.ts';
import { ok, type Result } from '../../errors.ts';
import { exampleOf, idOrCodeParam, uuidParam, withRequestExamples } from '../../http/common-schemas.ts';
import { arraySchema } from '../../http/list-query.ts';
import { problemResponses } from '../../http/problem.ts';
import { sendResult } from '../../http/reply.ts';
import type { App } from '../../http/types.ts';
import { subscriptionSelfServiceToken } from '../../selfservice/subscription-token.ts';
import { endSubscription, previewCancellation } from '../../subscriptions/end-subscription.ts';
import { refuseExternallyManaged } from '../../subscriptions/externally-managed.ts';
import { listSubscriptions } from '../../subscriptions/list-subscriptions.ts';
import { subscriptionOverview } from '../../subscriptions/subscription-overview.ts';
import { findSubscription, subscriptionView } from '../../subscriptions/subscription-view.ts';
import {
  billwerkContext,
  callQuery,
  listQuery,
  mapResult,
  mapResultAsync,
  notFound,
  renameFields,
  skipTake,
  tags,
} from './adapter.ts';
import { billwerkEndContractExample } from './billwerk-examples.ts';
import {
  billwerkCancellationPreviewSchema,
  billwerkContractSubscriptionSchema,
  billwerkSelfServiceTokenSchema,
  cancellationPreviewDto,
  contractSubscriptionsDto,
  selfServiceTokenDto,
} from './contract-items.ts';
import { billwerkContractSchema, contractDto, contractDtos } from './contracts.ts';
import { billwerkCustomerSchema, customerDto } from './customers.ts';
import { billwerkDay } from './days.ts';
import { acceptEmptyJson } from './empty-body.ts';
import { billwerkUrl } from './paths.ts';

const errors = problemResponses;

const contractEnd = z
  .strictObject({
    EndDate: billwerkDay.describe('Exclusive: the first day without service'),
    NoticeDate: billwerkDay.optional().describe('When notice was given; default today'),
  })
  .meta({ examples: [{ EndDate: '2025-04-01' }] });

export function registerBillwerkContractRoutes(app: App, services: Services) {
  app.get(billwerkUrl('GET', '/Contracts'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listBillwerkContracts',
      summary: 'List contracts (Billwerk)',
      description:
        "Billwerk's `GET /Contracts`: the organization's subscriptions as ContractDTOs, oldest first, a bare array paged by `skip` and `take` (the same use case as `GET /api/v1/subscriptions/`).",
      querystring: listQuery,
      response: { 200: arraySchema(billwerkContractSchema), ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const rows = await skipTake((page) => listSubscriptions(ctx, page), request.query);
      return sendResult(request, reply, await mapResultAsync(rows, (views) => contractDtos(ctx, views)));
    },
  });

  app.get(billwerkUrl('GET', '/Contracts/:id'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getBillwerkContract',
      summary: 'Get a contract (Billwerk)',
      description: "Billwerk's `GET /Contracts/{id}`: one subscription as a ContractDTO, with its phases.",
      params: uuidParam,
      querystring: callQuery,
      response: { 200: billwerkContractSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const row = await findSubscription(services.db, ctx.actor.organizationId, request.params.id);
      return sendResult(
        request,
        reply,
        row
          ? ok(await contractDto(ctx, await subscriptionView(ctx, row)))
          : notFound('contract', request.params.id),
      );
    },
  });

  app.get(billwerkUrl('GET', '/Customers/:id/Contracts'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listBillwerkCustomerContracts',
      summary: "List a customer's contracts (Billwerk)",
      description:
        "Billwerk's `GET /Customers/{id}/Contracts`: the subscriptions of one account (by uuid or ExternalCustomerId) as ContractDTOs, paged by `skip` and `take`.",
      params: idOrCodeParam,
      querystring: listQuery,
      response: { 200: arraySchema(billwerkContractSchema), ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const account = await findAccount(services.db, ctx.actor.organizationId, request.params.id);
      if (!account) return sendResult(request, reply, notFound('customer', request.params.id));
      const rows = await skipTake(
        (page) => listSubscriptions(ctx, { ...page, account: account.id }),
        request.query,
      );
      return sendResult(request, reply, await mapResultAsync(rows, (views) => contractDtos(ctx, views)));
    },
  });

  app.get(billwerkUrl('GET', '/Contracts/:id/Subscriptions'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listBillwerkContractSubscriptions',
      summary: 'List what runs on a contract (Billwerk)',
      description:
        "Billwerk's `GET /Contracts/{id}/Subscriptions`: what runs on the contract today, from the same use case as `GET /api/v1/subscriptions/{id}/overview/`: its plan variant, its component subscriptions and its discount (a kassa contract tier), each with a `Type`.",
      params: uuidParam,
      querystring: callQuery,
      response: { 200: arraySchema(billwerkContractSubscriptionSchema), ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        mapResult(
          await subscriptionOverview(billwerkContext(services, request), request.params.id),
          contractSubscriptionsDto,
        ),
      ),
  });

  app.get(billwerkUrl('GET', '/Contracts/:id/SelfServiceToken'), {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'getBillwerkContractSelfServiceToken',
      summary: 'Get a self-service token (Billwerk)',
      description:
        "Billwerk's `GET /Contracts/{id}/SelfServiceToken`: a short-lived token for the contract's customer and the portal address that signs in with it, as `GET /api/v1/subscriptions/{id}/self-service-token/` (a write: it grants access to the customer's data).",
      params: uuidParam,
      querystring: callQuery,
      response: { 200: billwerkSelfServiceTokenSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      return sendResult(
        request,
        reply,
        mapResult(
          await subscriptionSelfServiceToken(services, ctx.actor.organizationId, request.params.id),
          selfServiceTokenDto,
        ),
      );
    },
  });

  app.get(billwerkUrl('GET', '/Contracts/:id/cancellationPreview'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getBillwerkContractCancellationPreview',
      summary: 'Preview a cancellation (Billwerk)',
      description:
        "Billwerk's `GET /Contracts/{id}/cancellationPreview`: the earliest end a notice given today allows under the plan variant's minimum term and notice period, as `GET /api/v1/subscriptions/{id}/cancellation-preview/`.",
      params: uuidParam,
      querystring: callQuery,
      response: { 200: billwerkCancellationPreviewSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const row = await findSubscription(services.db, ctx.actor.organizationId, request.params.id);
      if (!row) return sendResult(request, reply, notFound('contract', request.params.id));
      const today = todayIn(ctx.clock, ctx.actor.organization.timezone);
      const preview = await previewCancellation(services.db, ctx.actor.organizationId, row, today);
      return sendResult(request, reply, ok(cancellationPreviewDto(preview)));
    },
  });

  app.register(async (instance) => {
    const scope = instance.withTypeProvider() as unknown as App;
    acceptEmptyJson(scope);
    scope.post(billwerkUrl('POST', '/Contract/:id/end', ['Contracts']), {
      config: { access: 'write' },
      schema: {
        tags,
        operationId: 'endBillwerkContract',
        summary: 'End a contract (Billwerk)',
        description:
          "Billwerk's `POST /Contract/{id}/end` (also `/Contracts/{id}/end`): ends the subscription on `EndDate`, as `POST /api/v1/subscriptions/{id}/end/`; an end earlier than the plan variant's minimum term and notice period allow is refused (400, naming the earliest). Answers the ContractDTO.",
        params: uuidParam,
        querystring: callQuery,
        body: withRequestExamples(contractEnd, [billwerkEndContractExample]),
        response: { 200: billwerkContractSchema, ...errors },
      },
      handler: async (request, reply) => {
        const ctx = billwerkContext(services, request);
        const refused = await refuseExternallyManaged(
          services.db,
          ctx.actor.organizationId,
          request.params.id,
        );
        const ended: Result<Awaited<ReturnType<typeof contractDto>>> =
          refused ??
          (await mapResultAsync(
            await endSubscription(ctx, request.params.id, {
              end_date: request.body.EndDate,
              ...(request.body.NoticeDate ? { notice_date: request.body.NoticeDate } : {}),
            }),
            (view) => contractDto(ctx, view),
          ));
        return sendResult(
          request,
          reply,
          renameFields(ended, { end_date: 'EndDate', notice_date: 'NoticeDate' }),
        );
      },
    });
  });

  app.get(billwerkUrl('GET', '/Subscriptions'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listBillwerkSubscriptions',
      summary: 'List customers with their contracts (Billwerk)',
      description:
        "Billwerk's `GET /Subscriptions`: customer and contract data combined, one `{Customer, Contract}` per subscription, oldest first, paged by `skip` and `take`.",
      querystring: listQuery,
      response: {
        200: z.array(z.object({ Customer: billwerkCustomerSchema, Contract: billwerkContractSchema })).meta({
          examples: [
            [{ Customer: exampleOf(billwerkCustomerSchema), Contract: exampleOf(billwerkContractSchema) }],
          ],
        }),
        ...errors,
      },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const rows = await skipTake((page) => listSubscriptions(ctx, page), request.query);
      const combined = await mapResultAsync(rows, async (views) => {
        const contracts = await contractDtos(ctx, views);
        const accounts = await accountsByIds(
          services.db,
          ctx.actor.organizationId,
          views.map((v) => v.account_uuid),
        );
        return contracts.map((contract) => ({
          Customer: customerDto(accountView(accounts.get(contract.CustomerId)!)),
          Contract: contract,
        }));
      });
      return sendResult(request, reply, combined);
    },
  });
}
