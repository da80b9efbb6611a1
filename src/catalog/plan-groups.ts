import { z } from 'zod';
import { ok } from '../errors.ts';
import { codeSchema } from '../http/common-schemas.ts';
import type { CatalogResource, CatalogRow } from './catalog-resource.ts';
import { catalogViewFields, catalogViewOf } from './catalog-view.ts';

const input = z.strictObject({
  code: codeSchema,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
});
type Input = z.output<typeof input>;
const inputExample = {
  code: 'MEMBERSHIPS',
  name: 'Memberships',
  description: 'Monthly and yearly gym memberships',
};
const patchExample = { name: 'Memberships and passes' };

const view = z
  .object({ ...catalogViewFields, code: z.string(), name: z.string(), description: z.string().nullable() })
  .meta({
    id: 'PlanGroup',
    examples: [
      {
        uuid: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
        archived: false,
        created_date: '2025-01-10T08:00:00.000Z',
        updated_date: '2025-01-10T08:00:00.000Z',
        code: 'MEMBERSHIPS',
        name: 'Memberships',
        description: 'Monthly and yearly gym memberships',
      },
    ],
  });

/** Plan groups: how plans are grouped for sale and reporting (e.g. "Memberships", "Add-ons"). */
export const planGroups: CatalogResource<Input> = {
  table: 'plan_groups',
  entityType: 'plan_group',
  label: 'plan group',
  path: '/api/v1/plan-groups/',
  tag: 'Plan groups',
  inputSchema: input.meta({ examples: [inputExample] }),
  patchSchema: input.partial().meta({ examples: [patchExample] }),
  viewSchema: view,
  view: (row: CatalogRow) => ({
    ...catalogViewOf(row),
    code: row.code as string,
    name: row.name as string,
    description: (row.description as string | null) ?? null,
  }),
  inputOf: (row) => ({
    code: row.code as string,
    name: row.name as string,
    description: row.description as string | null,
  }),
  async columns(_tx, _ctx, value) {
    return ok({ code: value.code, name: value.name, description: value.description ?? null });
  },
};
