import type { Services } from '../../context.ts';
import type { Result } from '../../errors.ts';
import { emptyBody, uuidParam, withRequestExamples } from '../../http/common-schemas.ts';
import { problemResponses } from '../../http/problem.ts';
import { sendResult } from '../../http/reply.ts';
import type { App } from '../../http/types.ts';
import { createOrder } from '../../orders/create-order.ts';
import { decideOrder, type OrderDecision } from '../../orders/decide-order.ts';
import { billwerkContext, callQuery, mapResult, tags } from './adapter.ts';
import { billwerkOrderRequestExample } from './billwerk-examples.ts';
import { acceptEmptyJson } from './empty-body.ts';
import {
  type BillwerkOrder,
  billwerkOrderInput,
  billwerkOrderSchema,
  orderDto,
  orderRequestOf,
  renameOrderFields,
} from './orders.ts';
import { billwerkUrl } from './paths.ts';

const errors = problemResponses;

const DECISIONS: Record<OrderDecision, { path: string; summary: string; description: string }> = {
  commit: {
    path: 'commit',
    summary: 'Commit an order (Billwerk)',
    description:
      "Billwerk's `POST /Orders/{id}/commit`: the same use case as `POST /api/v1/orders/{id}/commit/`. The order is applied at once (its contract then runs), or left `PendingApproval` when the organization requires approval. The OrderCommitDTO may be empty: kassa takes payment by the contract's collection method.",
  },
  approve: {
    path: 'approve',
    summary: 'Approve an order (Billwerk)',
    description:
      "Billwerk's `POST /Orders/{id}/approve`: a pending order is applied, as `POST /api/v1/orders/{id}/approve/`.",
  },
  decline: {
    path: 'decline',
    summary: 'Decline an order (Billwerk)',
    description:
      "Billwerk's `POST /Orders/{id}/decline`: a pending order ends unapplied, as `POST /api/v1/orders/{id}/decline/`.",
  },
};

export function registerBillwerkOrderRoutes(app: App, services: Services) {
  app.register(async (instance) => {
    const scope = instance.withTypeProvider() as unknown as App;
    // The client sends `Content-Type: application/json` with no body on approve and decline.
    acceptEmptyJson(scope);

    scope.post(billwerkUrl('POST', '/Orders'), {
      config: { access: 'write' },
      schema: {
        tags,
        operationId: 'createBillwerkOrder',
        summary: 'Create an order (Billwerk)',
        description:
          "Billwerk's `POST /Orders`: prices an order from an OrderDTO with the same use case as `POST /api/v1/orders/` and keeps it as a preview (`InProgress`) for 24 hours. A cart with `PlanVariantId` and no `ContractId` is a new contract; with `ContractId`, an up- or downgrade; a `ContractId` with one `ComponentSubscriptions` entry adds that component.",
        querystring: callQuery,
        body: withRequestExamples(billwerkOrderInput, [billwerkOrderRequestExample]),
        response: { 201: billwerkOrderSchema, ...errors },
      },
      handler: async (request, reply) => {
        const ctx = billwerkContext(services, request);
        const asked = orderRequestOf(request.body);
        const result: Result<BillwerkOrder> = asked.ok
          ? mapResult(await createOrder(ctx, asked.value), orderDto)
          : asked;
        return sendResult(request, reply, renameOrderFields(result, request.body), 201);
      },
    });

    for (const decision of ['commit', 'approve', 'decline'] as const) {
      const { path, summary, description } = DECISIONS[decision];
      scope.post(billwerkUrl('POST', `/Orders/:id/${path}`), {
        config: { access: 'write' },
        schema: {
          tags,
          operationId: `${decision}BillwerkOrder`,
          summary,
          description,
          params: uuidParam,
          querystring: callQuery,
          body: emptyBody('Nothing needed; empty or `{}`'),
          response: { 200: billwerkOrderSchema, ...errors },
        },
        handler: async (request, reply) =>
          sendResult(
            request,
            reply,
            mapResult(
              await decideOrder(billwerkContext(services, request), request.params.id, decision),
              orderDto,
            ),
          ),
      });
    }
  });
}
