import { z } from 'zod';
import type { Services } from '../context.ts';
import { fail, ok } from '../errors.ts';
import { idOrCodeParam } from '../http/common-schemas.ts';
import { archivedFilter, dateRanges, listQueryShape, orderingParam, pageSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { actorOf, contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { archiveCatalogItem } from './archive-catalog-item.ts';
import type { CatalogResource } from './catalog-resource.ts';
import { findCatalogRow } from './catalog-store.ts';
import { createCatalogItem } from './create-catalog-item.ts';
import { CODE_AND_NAME_SORTS, listCatalogItems } from './list-catalog-items.ts';
import { updateCatalogItem } from './update-catalog-item.ts';

const errors = problemResponses;

function pascal(words: string): string {
  return words
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => `${word[0]?.toUpperCase()}${word.slice(1)}`)
    .join('');
}

/** The five routes of a catalog resource: list, create, get, PATCH, DELETE (archive). */
export function registerCatalogResource<I extends object>(
  app: App,
  services: Services,
  resource: CatalogResource<I>,
) {
  const tags = [resource.tag];
  // Operation ids from the resource's names: listTaxCategories, createTaxCategory, getPlanTerms, …
  const one = pascal(resource.label);
  const many = pascal(resource.path.split('/').filter(Boolean).at(-1) ?? resource.label);
  const item = `${resource.path}:id/`;
  const ctx = (request: Parameters<typeof actorOf>[0]) => contextOf(services, request);
  const listQuery = z.strictObject({
    ...listQueryShape,
    code: z.string().max(64).optional(),
    search: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('Part of the code or name, in any case (as a search box sends it)'),
    archived: archivedFilter,
    ordering: orderingParam(resource.sorts ?? CODE_AND_NAME_SORTS),
    ...(resource.listFilters ?? {}),
  });

  app.get(resource.path, {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: `list${many}`,
      summary: `List ${resource.label}`,
      description: `Live ${resource.label} items, oldest first, a page at a time; \`archived=true\` lists archived ones instead. Filter by code and by the created and updated dates.`,
      querystring: listQuery,
      response: { 200: pageSchema(resource.viewSchema), ...errors },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const {
        limit,
        cursor,
        code,
        search,
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
        { limit, cursor, code, search, archived, ...ranges, extra },
      );
      return sendPage(request, reply, result);
    },
  });

  app.post(resource.path, {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: `create${one}`,
      summary: `Create ${resource.label}`,
      description: `Creates ${resource.label}. Its \`code\` is your own reference: it can be addressed by it instead of its uuid.`,
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
      operationId: `get${one}`,
      summary: `Get ${resource.label}`,
      description: `One ${resource.label}, by its uuid or by its code.`,
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
      operationId: `update${one}`,
      summary: `Change ${resource.label}`,
      description: `Changes only the fields sent. Fields that bills already depend on cannot change; an archived ${resource.label} cannot change at all.`,
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
      operationId: `archive${one}`,
      summary: `Archive ${resource.label}`,
      description: `Archives ${resource.label}: it is never deleted, since what was sold keeps pointing at it, but nothing new can use it.`,
      params: idOrCodeParam,
      response: { 200: resource.viewSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await archiveCatalogItem(resource, ctx(request), request.params.id)),
  });
}
