import { z } from 'zod';
import { ok } from '../errors.ts';
import { codeSchema, reference } from '../http/common-schemas.ts';
import type { CatalogResource, CatalogRow } from './catalog-resource.ts';
import { filterBy, filterReferenceId, referenceId } from './catalog-store.ts';
import { catalogViewFields, catalogViewOf } from './catalog-view.ts';

const input = z.strictObject({
  code: codeSchema,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  plan_group: reference.nullable().optional().describe('uuid or code of a plan group'),
});
type Input = z.output<typeof input>;
const inputExample = { code: 'GYM', name: 'Gym membership', plan_group: 'MEMBERSHIPS' };
const patchExample = { description: 'Access to every gym, all hours' };

const view = z
  .object({
    ...catalogViewFields,
    code: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    plan_group: z.uuid().nullable(),
  })
  .meta({
    id: 'Plan',
    examples: [
      {
        uuid: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
        archived: false,
        created_date: '2025-01-10T08:00:00.000Z',
        updated_date: '2025-01-10T08:00:00.000Z',
        code: 'GYM',
        name: 'Gym membership',
        description: null,
        plan_group: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9e',
      },
    ],
  });

/** Plans: the products. Their prices live in plan terms. */
export const plans: CatalogResource<Input> = {
  table: 'plans',
  entityType: 'plan',
  label: 'plan',
  path: '/api/v1/plans/',
  tag: 'Plans',
  inputSchema: input.meta({ examples: [inputExample] }),
  patchSchema: input.partial().meta({ examples: [patchExample] }),
  viewSchema: view,
  view: (row: CatalogRow) => ({
    ...catalogViewOf(row),
    code: row.code as string,
    name: row.name as string,
    description: (row.description as string | null) ?? null,
    plan_group: (row.plan_group_id as string | null) ?? null,
  }),
  inputOf: (row) => ({
    code: row.code as string,
    name: row.name as string,
    description: row.description as string | null,
    plan_group: row.plan_group_id as string | null,
  }),
  async columns(tx, ctx, value, existing) {
    const current = (existing?.plan_group_id as string | null | undefined) ?? null;
    const group = await referenceId(
      tx,
      'plan_groups',
      ctx.actor.organizationId,
      value.plan_group,
      current,
      'plan_group',
      'plan group',
    );
    if (!group.ok) return group;
    return ok({
      code: value.code,
      name: value.name,
      description: value.description ?? null,
      plan_group_id: group.value,
    });
  },
  listFilters: { plan_group: reference.optional().describe('uuid or code of a plan group') },
  async applyListFilters(query, filters, db, organizationId) {
    if (typeof filters.plan_group !== 'string') return query;
    const group = await filterReferenceId(
      db,
      'plan_groups',
      organizationId,
      filters.plan_group,
      'query.plan_group',
      'plan group',
    );
    if (!group.ok) return group.failure;
    return filterBy(query, 'plan_group_id', group.value);
  },
};
