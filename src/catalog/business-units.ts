import { z } from 'zod';
import { ok } from '../errors.ts';
import { codeSchema } from '../http/common-schemas.ts';
import type { CatalogResource, CatalogRow } from './catalog-resource.ts';
import { catalogViewFields, catalogViewOf } from './catalog-view.ts';

const input = z.strictObject({
  code: codeSchema.describe('The unit’s id as partners know it: the <businessunit><id> of partner XML'),
  name: z.string().trim().min(1).max(200),
});
type Input = z.output<typeof input>;
const inputExample = { code: '1', name: 'Anläggning 2' };
const patchExample = { name: 'Anläggning 2, Södermalm' };

const view = z.object({ ...catalogViewFields, code: z.string(), name: z.string() }).meta({
  id: 'BusinessUnit',
  examples: [
    {
      uuid: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
      archived: false,
      created_date: '2025-01-10T08:00:00.000Z',
      updated_date: '2025-01-10T08:00:00.000Z',
      code: '1',
      name: 'Anläggning 2',
    },
  ],
});

/** Business units: the facilities (gyms, shops) where plan terms may be bought; plan terms name theirs. */
export const businessUnits: CatalogResource<Input> = {
  table: 'business_units',
  entityType: 'business_unit',
  label: 'business unit',
  path: '/api/v1/business-units/',
  tag: 'Business units',
  inputSchema: input.meta({ examples: [inputExample] }),
  patchSchema: input.partial().meta({ examples: [patchExample] }),
  viewSchema: view,
  view: (row: CatalogRow) => ({ ...catalogViewOf(row), code: row.code as string, name: row.name as string }),
  inputOf: (row) => ({ code: row.code as string, name: row.name as string }),
  async columns(_tx, _ctx, value) {
    return ok({ code: value.code, name: value.name });
  },
};
