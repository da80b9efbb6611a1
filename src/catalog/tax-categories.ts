import { z } from 'zod';
import { ok } from '../errors.ts';
import { codeSchema, countryCode } from '../http/common-schemas.ts';
import type { CatalogResource, CatalogRow } from './catalog-resource.ts';
import { catalogViewFields, catalogViewOf } from './catalog-view.ts';

const rate = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, 'a percentage as a decimal string, e.g. "25" or "7.5"')
  .refine((value) => Number.parseFloat(value) <= 100, 'at most 100');

const input = z.strictObject({
  code: codeSchema,
  name: z.string().trim().min(1).max(200),
  rates: z
    .record(countryCode, rate)
    .describe(
      'VAT percent per country, e.g. {"DE": "7", "SE": "6"}; a country not named gets its standard rate',
    ),
});
type Input = z.output<typeof input>;
const inputExample = { code: 'BOOK', name: 'Books', rates: { SE: '6', DE: '7' } };
const patchExample = { rates: { SE: '6', DE: '7', DK: '25' } };

const view = z
  .object({
    ...catalogViewFields,
    code: z.string(),
    name: z.string(),
    rates: z.record(z.string(), z.string()),
  })
  .meta({
    id: 'TaxCategory',
    examples: [
      {
        uuid: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
        archived: false,
        created_date: '2025-01-10T08:00:00.000Z',
        updated_date: '2025-01-10T08:00:00.000Z',
        code: 'BOOK',
        name: 'Books',
        rates: { SE: '6', DE: '7' },
      },
    ],
  });

/** Tax categories: VAT rates per country for what is not at the standard rate (books, food, …). */
export const taxCategories: CatalogResource<Input> = {
  table: 'tax_categories',
  entityType: 'tax_category',
  label: 'tax category',
  path: '/api/v1/tax-categories/',
  tag: 'Tax categories',
  inputSchema: input.meta({ examples: [inputExample] }),
  patchSchema: input.partial().meta({ examples: [patchExample] }),
  viewSchema: view,
  view: (row: CatalogRow) => ({
    ...catalogViewOf(row),
    code: row.code as string,
    name: row.name as string,
    rates: row.rates as Record<string, string>,
  }),
  inputOf: (row) => ({
    code: row.code as string,
    name: row.name as string,
    rates: row.rates as Record<string, string>,
  }),
  async columns(_tx, _ctx, value) {
    return ok({ code: value.code, name: value.name, rates: JSON.stringify(value.rates) });
  },
};
