import { z } from 'zod';
import { NOTICE_RULES, type NoticeRule } from '../domain/cancellation.ts';
import { INTERVAL_UNITS, parseIsoInterval } from '../domain/interval.ts';
import { type FieldError, fail, ok } from '../errors.ts';
import { codeSchema, currencyCode, decimalString, reference } from '../http/common-schemas.ts';
import { planTermsExample, planTermsInputExample, planTermsPatchExample } from './catalog-examples.ts';
import type { CatalogResource, CatalogRow } from './catalog-resource.ts';
import { filterBy, filterReferenceId, referenceId, taxCategoryId } from './catalog-store.ts';
import { catalogViewFields, catalogViewOf, priceText } from './catalog-view.ts';

const isoInterval = z
  .string()
  .refine(
    (value) => parseIsoInterval(value) !== null,
    'an ISO 8601 duration of one unit: P14D, P2W, P3M or P1Y',
  );

const input = z.strictObject({
  plan: reference.describe('uuid or code of the plan'),
  code: codeSchema.nullable().optional(),
  name: z.string().trim().min(1).max(200).nullable().optional(),
  price: decimalString(4).describe(
    'Price per billing interval (or of the punch card), VAT excluded, e.g. "499.00"',
  ),
  currency: currencyCode.optional().describe("Defaults to the organization's currency"),
  interval: z
    .enum(INTERVAL_UNITS as [string, ...string[]])
    .nullable()
    .optional()
    .describe('Billing interval; leave out for a punch card'),
  interval_count: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .nullable()
    .optional()
    .describe('Intervals per period; default 1'),
  punch_card_entries: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .nullable()
    .optional()
    .describe('A one-off punch card of this many entries instead of an interval'),
  minimum_term: isoInterval
    .nullable()
    .optional()
    .describe('e.g. P12M: the subscription cannot end before this'),
  notice_period: isoInterval
    .nullable()
    .optional()
    .describe('e.g. P3M: how long before its end a subscription must be cancelled'),
  notice_rule: z
    .enum(NOTICE_RULES)
    .optional()
    .describe(
      'Where a cancellation lands: the end of a term (default); the end of a calendar month (end_of_month: notice period counted from the notice day); or months_to_month_end: the end of a calendar month as German contracts (BGB §§ 187, 188) count "N months to the end of a month", the notice day not counted',
    ),
  trial_days: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .optional()
    .describe('Free days before the first period; default 0'),
  externally_managed: z
    .boolean()
    .optional()
    .describe('Owned by a leading system: only its import may order or change these terms'),
  tax_category: reference
    .nullable()
    .optional()
    .describe("uuid or code; default: the standard VAT rate of the buyer's country"),
  business_units: z
    .array(reference)
    .max(200)
    .nullable()
    .optional()
    .describe('Business units (uuid or code) where the terms may be bought; default null: every unit'),
});
type Input = z.output<typeof input>;

const view = z
  .object({
    ...catalogViewFields,
    plan: z.uuid(),
    code: z.string().nullable(),
    name: z.string().nullable(),
    price: z.string(),
    currency: z.string(),
    interval: z.enum(INTERVAL_UNITS as [string, ...string[]]).nullable(),
    interval_count: z.number().int().nullable(),
    punch_card_entries: z.number().int().nullable(),
    minimum_term: z.string().nullable(),
    notice_period: z.string().nullable(),
    notice_rule: z.enum(NOTICE_RULES),
    trial_days: z.number().int(),
    externally_managed: z.boolean(),
    tax_category: z.uuid().nullable(),
    business_units: z.array(z.uuid()).nullable(),
  })
  .meta({ id: 'PlanTerms', examples: [planTermsExample] });

function viewOf(row: CatalogRow) {
  return {
    ...catalogViewOf(row),
    plan: row.plan_id as string,
    code: row.code,
    name: (row.name as string | null) ?? null,
    price: priceText(row.price as string, row.currency as string),
    currency: row.currency as string,
    interval: (row.interval_unit as string | null) ?? null,
    interval_count: (row.interval_count as number | null) ?? null,
    punch_card_entries: (row.punch_card_entries as number | null) ?? null,
    minimum_term: (row.minimum_term as string | null) ?? null,
    notice_period: (row.notice_period as string | null) ?? null,
    notice_rule: row.notice_rule as NoticeRule,
    trial_days: row.trial_days as number,
    externally_managed: row.externally_managed as boolean,
    tax_category: (row.tax_category_id as string | null) ?? null,
    business_units: (row.business_unit_ids as string[] | null) ?? null,
  };
}

/**
 * Plan terms: a sellable price point of a plan. What decides an amount already billed (plan, price,
 * currency, interval, punch card) never changes: new terms are made instead, so every invoice can be
 * traced to the terms it was made from. Externally managed terms are changed only by their import.
 */
export const planTerms: CatalogResource<Input> = {
  // Code and name are optional on plan terms: they sort by price.
  sorts: { price: { column: 'price', type: 'decimal' } },
  table: 'plan_terms',
  entityType: 'plan_terms',
  label: 'plan terms',
  path: '/api/v1/plan-terms/',
  tag: 'Plan terms',
  inputSchema: input.meta({ examples: [planTermsInputExample] }),
  patchSchema: input.partial().meta({ examples: [planTermsPatchExample] }),
  viewSchema: view,
  view: viewOf,
  inputOf: (row) => {
    const v = viewOf(row);
    return {
      ...v,
      plan: v.plan,
      code: v.code ?? null,
      price: v.price,
      interval: v.interval,
      tax_category: v.tax_category,
    };
  },
  immutable: ['plan', 'price', 'currency', 'interval', 'interval_count', 'punch_card_entries'],
  locked: (row) =>
    row.externally_managed
      ? {
          code: 'externally_managed',
          detail: `plan terms ${row.code ?? row.id} are externally managed: only their import may change them`,
        }
      : null,
  async columns(tx, ctx, value, existing) {
    const organizationId = ctx.actor.organizationId;
    const errors: FieldError[] = [];
    const punchCard = value.punch_card_entries ?? null;
    const interval = value.interval ?? null;
    if (punchCard === null && interval === null)
      errors.push({
        field: 'interval',
        code: 'required',
        message: 'interval: day, week, month or year (or punch_card_entries for a punch card)',
      });
    if (punchCard !== null && interval !== null)
      errors.push({
        field: 'punch_card_entries',
        code: 'conflict',
        message: 'punch_card_entries: a punch card has no interval',
      });
    if (punchCard !== null) {
      for (const field of ['interval_count', 'minimum_term', 'notice_period'] as const)
        if (value[field] !== null && value[field] !== undefined)
          errors.push({
            field,
            code: 'conflict',
            message: `${field}: a punch card is bought once and has none`,
          });
      if ((value.trial_days ?? 0) > 0)
        errors.push({
          field: 'trial_days',
          code: 'conflict',
          message: 'trial_days: a punch card has no trial',
        });
    }
    if (errors.length > 0) return fail('validation_failed', errors.map((e) => e.message).join('; '), errors);
    const plan = await referenceId(
      tx,
      'plans',
      organizationId,
      value.plan,
      (existing?.plan_id as string | undefined) ?? null,
      'plan',
      'plan',
    );
    if (!plan.ok) return plan;
    const taxCategory = await taxCategoryId(tx, organizationId, value.tax_category, existing);
    if (!taxCategory.ok) return taxCategory;
    let unitIds: string[] | null = null;
    if (value.business_units) {
      unitIds = [];
      for (const [index, unit] of value.business_units.entries()) {
        const current = (existing?.business_unit_ids as string[] | null) ?? [];
        const id = await referenceId(
          tx,
          'business_units',
          organizationId,
          unit,
          current.includes(unit.toLowerCase()) ? unit.toLowerCase() : null,
          `business_units.${index}`,
          'business unit',
        );
        if (!id.ok) return id;
        if (!unitIds.includes(id.value!)) unitIds.push(id.value!);
      }
    }
    return ok({
      plan_id: plan.value,
      code: value.code ?? null,
      name: value.name ?? null,
      price: value.price,
      currency: value.currency ?? ctx.actor.organization.currency,
      interval_unit: interval,
      interval_count: interval === null ? null : (value.interval_count ?? 1),
      punch_card_entries: punchCard,
      minimum_term: value.minimum_term ?? null,
      notice_period: value.notice_period ?? null,
      notice_rule: value.notice_rule ?? 'end_of_term',
      trial_days: value.trial_days ?? 0,
      externally_managed: value.externally_managed ?? false,
      tax_category_id: taxCategory.value,
      business_unit_ids: unitIds,
    });
  },
  listFilters: {
    plan: reference.optional().describe('uuid or code of a plan'),
    currency: currencyCode.optional(),
    externally_managed: z.enum(['true', 'false']).optional(),
  },
  async applyListFilters(query, filters, db, organizationId) {
    let q = query;
    if (typeof filters.plan === 'string') {
      const plan = await filterReferenceId(db, 'plans', organizationId, filters.plan, 'query.plan', 'plan');
      if (!plan.ok) return plan.failure;
      q = filterBy(q, 'plan_id', plan.value);
    }
    if (typeof filters.currency === 'string') q = filterBy(q, 'currency', filters.currency);
    if (typeof filters.externally_managed === 'string')
      q = filterBy(q, 'externally_managed', filters.externally_managed === 'true');
    return q;
  },
};
