import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { type FieldError, fail, ok } from '../errors.ts';
import { codeSchema, currencyCode, decimalString, reference } from '../http/common-schemas.ts';
import { componentExample, componentInputExample, componentPatchExample } from './catalog-examples.ts';
import type { CatalogResource, CatalogRow } from './catalog-resource.ts';
import { filterBy, filterReferenceId, referenceId, taxCategoryId } from './catalog-store.ts';
import { catalogViewFields, catalogViewOf, priceText } from './catalog-view.ts';

const unitPrice = decimalString(6);
const tier = z.strictObject({
  up_to: z.number().int().min(1).nullable().describe('Last unit of this tier; null for the last tier'),
  unit_price: unitPrice,
  flat_fee: decimalString(4).optional().describe('Charged once when usage reaches this tier'),
});

/** How metered usage is priced; amounts are decimal strings in the component's currency. */
export const priceModelSchema = z
  .discriminatedUnion('model', [
    z.strictObject({ model: z.literal('per_unit'), unit_price: unitPrice }),
    z.strictObject({
      model: z.literal('graduated'),
      tiers: z.array(tier).min(1).max(50).describe('Each unit at the price of the tier it falls in'),
    }),
    z.strictObject({
      model: z.literal('volume'),
      tiers: z.array(tier).min(1).max(50).describe('All units at the price of the tier the total falls in'),
    }),
    z.strictObject({
      model: z.literal('package'),
      package_size: z.number().int().min(1),
      package_price: decimalString(4).describe('Per started package'),
    }),
  ])
  .meta({ id: 'PriceModel' });
export type PriceModel = z.output<typeof priceModelSchema>;

const AGGREGATIONS = ['sum', 'max', 'count', 'unique_count', 'last'] as const;

const input = z.strictObject({
  code: codeSchema,
  name: z.string().trim().min(1).max(200),
  kind: z
    .enum(['recurring', 'metered'])
    .describe('recurring: an add-on with a quantity; metered: priced by reported usage'),
  plan: reference
    .nullable()
    .optional()
    .describe('uuid or code of the only plan it can be added to; null: any plan'),
  currency: currencyCode.optional(),
  price: decimalString(4).nullable().optional().describe('recurring: price per unit and period'),
  price_model: priceModelSchema.nullable().optional().describe('metered: how usage is priced'),
  aggregation: z
    .enum(AGGREGATIONS)
    .nullable()
    .optional()
    .describe('metered: how a period’s usage records add up; default sum'),
  unit_name: z.string().trim().max(50).nullable().optional().describe('e.g. "GB", "seat", "API call"'),
  tax_category: reference.nullable().optional(),
});
type Input = z.output<typeof input>;

const view = z
  .object({
    ...catalogViewFields,
    code: z.string(),
    name: z.string(),
    kind: z.enum(['recurring', 'metered']),
    plan: z.uuid().nullable(),
    currency: z.string(),
    price: z.string().nullable(),
    price_model: priceModelSchema.nullable(),
    aggregation: z.enum(AGGREGATIONS).nullable(),
    unit_name: z.string().nullable(),
    tax_category: z.uuid().nullable(),
  })
  .meta({ id: 'Component', examples: [componentExample] });

function viewOf(row: CatalogRow) {
  return {
    ...catalogViewOf(row),
    code: row.code as string,
    name: row.name as string,
    kind: row.kind as 'recurring' | 'metered',
    plan: (row.plan_id as string | null) ?? null,
    currency: row.currency as string,
    price: row.price === null ? null : priceText(row.price as string, row.currency as string),
    price_model: (row.price_model as PriceModel | null) ?? null,
    aggregation: (row.aggregation as (typeof AGGREGATIONS)[number] | null) ?? null,
    unit_name: (row.unit_name as string | null) ?? null,
    tax_category: (row.tax_category_id as string | null) ?? null,
  };
}

/** Tiers must climb: each `up_to` above the last, and only the last open-ended. */
function tierErrors(model: PriceModel): FieldError[] {
  if (model.model !== 'graduated' && model.model !== 'volume') return [];
  const errors: FieldError[] = [];
  let previous = 0;
  model.tiers.forEach((t, i) => {
    const last = i === model.tiers.length - 1;
    if (last && t.up_to !== null)
      errors.push({
        field: `price_model.tiers.${i}.up_to`,
        code: 'open_end',
        message: 'the last tier must have up_to null',
      });
    if (!last && (t.up_to === null || t.up_to <= previous))
      errors.push({
        field: `price_model.tiers.${i}.up_to`,
        code: 'order',
        message: 'up_to must rise from tier to tier',
      });
    previous = t.up_to ?? previous;
  });
  return errors;
}

/** Components: recurring add-ons (priced per unit and period) and metered usage (priced by a model). */
export const components: CatalogResource<Input> = {
  table: 'components',
  entityType: 'component',
  label: 'component',
  path: '/api/v1/components/',
  tag: 'Components',
  inputSchema: input.meta({ examples: [componentInputExample] }),
  patchSchema: input.partial().meta({ examples: [componentPatchExample] }),
  viewSchema: view,
  view: viewOf,
  inputOf: (row) => viewOf(row),
  immutable: ['kind', 'currency', 'price', 'price_model', 'aggregation'],
  async columns(tx, ctx, value, existing) {
    const errors: FieldError[] = [];
    const metered = value.kind === 'metered';
    if (!metered && (value.price === null || value.price === undefined))
      errors.push({
        field: 'price',
        code: 'required',
        message: 'price: a recurring component needs a price per unit and period',
      });
    if (!metered && value.price_model)
      errors.push({
        field: 'price_model',
        code: 'conflict',
        message: 'price_model: only for metered components',
      });
    if (!metered && value.aggregation)
      errors.push({
        field: 'aggregation',
        code: 'conflict',
        message: 'aggregation: only for metered components',
      });
    if (metered && !value.price_model)
      errors.push({
        field: 'price_model',
        code: 'required',
        message: 'price_model: a metered component needs one',
      });
    if (metered && value.price !== null && value.price !== undefined)
      errors.push({
        field: 'price',
        code: 'conflict',
        message: 'price: a metered component is priced by its price_model',
      });
    if (value.price_model) errors.push(...tierErrors(value.price_model));
    if (errors.length > 0) return fail('validation_failed', errors.map((e) => e.message).join('; '), errors);
    const organizationId = ctx.actor.organizationId;
    const plan = await referenceId(
      tx,
      'plans',
      organizationId,
      value.plan,
      (existing?.plan_id as string | null | undefined) ?? null,
      'plan',
      'plan',
    );
    if (!plan.ok) return plan;
    const taxCategory = await taxCategoryId(tx, organizationId, value.tax_category, existing);
    if (!taxCategory.ok) return taxCategory;
    return ok({
      code: value.code,
      name: value.name,
      kind: value.kind,
      plan_id: plan.value,
      currency: value.currency ?? ctx.actor.organization.currency,
      price: metered ? null : new Decimal(value.price as string).toFixed(4),
      price_model: metered ? JSON.stringify(value.price_model) : null,
      aggregation: metered ? (value.aggregation ?? 'sum') : null,
      unit_name: value.unit_name ?? null,
      tax_category_id: taxCategory.value,
    });
  },
  listFilters: {
    kind: z.enum(['recurring', 'metered']).optional(),
    plan: reference.optional().describe('uuid or code of a plan'),
  },
  async applyListFilters(query, filters, db, organizationId) {
    let q = query;
    if (typeof filters.kind === 'string') q = filterBy(q, 'kind', filters.kind);
    if (typeof filters.plan === 'string') {
      const plan = await filterReferenceId(db, 'plans', organizationId, filters.plan, 'query.plan', 'plan');
      if (!plan.ok) return plan.failure;
      q = filterBy(q, 'plan_id', plan.value);
    }
    return q;
  },
};
