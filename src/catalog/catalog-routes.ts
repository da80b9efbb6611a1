import { z } from 'zod';
import type { Services } from '../context.ts';
import { fail, ok } from '../errors.ts';
import { idOrCodeParam } from '../http/common-schemas.ts';
import { dateRanges, listQueryShape, pageSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { actorOf, contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { archiveCatalogItem } from './archive-catalog-item.ts';
import type { CatalogResource } from './catalog-resource.ts';
import { findCatalogRow } from './catalog-store.ts';
import { createCatalogItem } from './create-catalog-item.ts';
import { listCatalogItems } from './list-catalog-items.ts';
import { updateCatalogItem } from './update-catalog-item.ts';

const errors = problemResponses;

/** The five routes of a catalog resource: list, create, get, PATCH, DELETE (archive). */
export function registerCatalogResource<I extends object>(
  app: App,
  services: Services,
  resource: CatalogResource<I>,
) {
  const tags = [resource.tag];
  const item = `${resource.path}:id/`;
  const ctx = (request: Parameters<typeof actorOf>[0]) => contextOf(services, request);
  const listQuery = z.strictObject({
    ...listQueryShape,
    code: z.string().max(64).optional(),
    archived: z
      .enum(['true', 'false'])
      .default('false')
      .describe('true lists archived items instead of live ones'),
    ...(resource.listFilters ?? {}),
  });

  app.get(resource.path, {
    config: { access: 'read' },
    schema: {
      tags,
      summary: `List ${resource.label}`,
      querystring: listQuery,
      response: { 200: pageSchema(resource.viewSchema), ...errors },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const {
        limit,
        cursor,
        code,
        archived,
        created_date__gte,
        created_date__lte,
        updated_date__gte,
        updated_date__lte,
        ...extra
      } = request.query as z.output<typeof listQuery>;
      const ranges = dateRanges(
        { created_date__gte, created_date__lte, updated_date__gte, updated_date__lte },
        actor.organization.timezone,
      );
      const result = await listCatalogItems(
        resource,
        { ...services, actor },
        { limit, cursor, code, archived: archived === 'true', ...ranges, extra },
      );
      return sendPage(request, reply, result);
    },
  });

  app.post(resource.path, {
    config: { access: 'write' },
    schema: {
      tags,
      summary: `Create ${resource.label}`,
      body: resource.inputSchema,
      response: { 201: resource.viewSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await createCatalogItem(resource, ctx(request), request.body as I), 201),
  });

  app.get(item, {
    config: { access: 'read' },
    schema: {
      tags,
      summary: `Get ${resource.label} by uuid or code`,
      params: idOrCodeParam,
      response: { 200: resource.viewSchema, ...errors },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const row = await findCatalogRow(services.db, resource.table, actor.organizationId, request.params.id);
      return sendResult(
        request,
        reply,
        row ? ok(resource.view(row)) : fail('not_found', `no ${resource.label} ${request.params.id}`),
      );
    },
  });

  app.patch(item, {
    config: { access: 'write' },
    schema: {
      tags,
      summary: `Change ${resource.label}`,
      params: idOrCodeParam,
      body: resource.patchSchema,
      response: { 200: resource.viewSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await updateCatalogItem(resource, ctx(request), request.params.id, request.body as Partial<I>),
      ),
  });

  app.delete(item, {
    config: { access: 'write' },
    schema: {
      tags,
      summary: `Archive ${resource.label} (never deleted)`,
      params: idOrCodeParam,
      response: { 200: resource.viewSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await archiveCatalogItem(resource, ctx(request), request.params.id)),
  });
}
