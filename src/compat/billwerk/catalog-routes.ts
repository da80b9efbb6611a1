import type { z } from 'zod';
import type { CatalogResource } from '../../catalog/catalog-resource.ts';
import { findCatalogRow } from '../../catalog/catalog-store.ts';
import { listCatalogItems } from '../../catalog/list-catalog-items.ts';
import { planGroups } from '../../catalog/plan-groups.ts';
import { planTerms } from '../../catalog/plan-terms.ts';
import { plans } from '../../catalog/plans.ts';
import type { Services } from '../../context.ts';
import { idOrCodeParam } from '../../http/common-schemas.ts';
import { arraySchema } from '../../http/list-query.ts';
import { problemResponses } from '../../http/problem.ts';
import { sendResult } from '../../http/reply.ts';
import type { App } from '../../http/types.ts';
import { billwerkContext, callQuery, listQuery, notFound, skipTakeAs, tags } from './adapter.ts';
import {
  billwerkPlanGroupSchema,
  billwerkPlanSchema,
  billwerkPlanVariantSchema,
  type PlanGroupView,
  type PlanTermsView,
  type PlanView,
  planDto,
  planGroupDto,
  planVariantDto,
} from './catalog.ts';
import { billwerkUrl } from './paths.ts';

const errors = problemResponses;

interface CatalogRoute<V, I extends object> {
  /** Billwerk's path: `/PlanGroups`. */
  path: string;
  /** Operation ids: `BillwerkPlanGroup` gives getBillwerkPlanGroup, listBillwerkPlanGroups. */
  one: string;
  many: string;
  /** For texts: `plan group`. */
  label: string;
  native: string;
  resource: CatalogResource<I>;
  schema: z.ZodType;
  dto(view: V): unknown;
}

function registerCatalogRoute<V, I extends object>(app: App, services: Services, route: CatalogRoute<V, I>) {
  const toDto = (view: unknown) => route.dto(view as V);
  app.get(billwerkUrl('GET', route.path), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: `list${route.many}`,
      summary: `List ${route.label}s (Billwerk)`,
      description: `Billwerk's \`GET ${route.path}\`: the organization's live ${route.native} (the same use case as the native list), oldest first, as a bare array paged by \`skip\` and \`take\`.`,
      querystring: listQuery,
      response: { 200: arraySchema(route.schema), ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      return sendResult(
        request,
        reply,
        await skipTakeAs(
          (page) => listCatalogItems(route.resource, ctx, { ...page, archived: 'false', extra: {} }),
          request.query,
          toDto,
        ),
      );
    },
  });

  app.get(billwerkUrl('GET', `${route.path}/:id`), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: `get${route.one}`,
      summary: `Get a ${route.label} (Billwerk)`,
      description: `Billwerk's \`GET ${route.path}/{id}\`: one of kassa's ${route.native}, by its uuid or its code (\`ExternalId\`); an archived one answers \`Hidden: true\`.`,
      params: idOrCodeParam,
      querystring: callQuery,
      response: { 200: route.schema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const row = await findCatalogRow(
        services.db,
        route.resource.table,
        ctx.actor.organizationId,
        request.params.id,
      );
      return sendResult(
        request,
        reply,
        row ? { ok: true, value: toDto(route.resource.view(row)) } : notFound(route.label, request.params.id),
      );
    },
  });
}

/** `/PlanGroups`, `/Plans`, `/PlanVariants` and each by id: kassa's plan groups, plans and plan terms. */
export function registerBillwerkCatalogRoutes(app: App, services: Services) {
  registerCatalogRoute(app, services, {
    path: '/PlanGroups',
    one: 'BillwerkPlanGroup',
    many: 'BillwerkPlanGroups',
    label: 'plan group',
    native: 'plan groups',
    resource: planGroups,
    schema: billwerkPlanGroupSchema,
    dto: (view: PlanGroupView) => planGroupDto(view),
  });
  registerCatalogRoute(app, services, {
    path: '/Plans',
    one: 'BillwerkPlan',
    many: 'BillwerkPlans',
    label: 'plan',
    native: 'plans',
    resource: plans,
    schema: billwerkPlanSchema,
    dto: (view: PlanView) => planDto(view),
  });
  registerCatalogRoute(app, services, {
    path: '/PlanVariants',
    one: 'BillwerkPlanVariant',
    many: 'BillwerkPlanVariants',
    label: 'plan variant',
    native: 'plan terms',
    resource: planTerms,
    schema: billwerkPlanVariantSchema,
    dto: (view: PlanTermsView) => planVariantDto(view),
  });
}
