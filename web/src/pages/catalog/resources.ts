import type { Schemas } from '../../api/client.ts';
import type { Column } from '../../components/DataTable.tsx';
import type { FieldSpec, FormValues, Option } from '../../components/ResourceForm.tsx';
import { formatMoney, type Language } from '../../format.ts';
import type { MessageId } from '../../i18n/i18n.tsx';

/** The catalog's list paths: one generic API serves all six resources alike. */
export type CatalogPath =
  | '/api/v1/plan-groups'
  | '/api/v1/plans'
  | '/api/v1/plan-terms'
  | '/api/v1/components'
  | '/api/v1/tax-categories'
  | '/api/v1/business-units';

export interface CatalogItem extends FormValues {
  uuid: string;
  archived: boolean;
}

/** What the forms and columns choose from: the other resources, by uuid. */
export interface CatalogChoices {
  language: Language;
  planGroups: Option[];
  plans: Option[];
  taxCategories: Option[];
  businessUnits: Option[];
  currencies: Option[];
  durations: Option[];
  t: (id: MessageId) => string;
}

export interface CatalogResource {
  id: string;
  title: MessageId;
  newLabel: MessageId;
  path: CatalogPath;
  /** What the search box matches, when the list has a filter for it. */
  searchBy?: 'code';
  columns: (choices: CatalogChoices) => Column<CatalogItem>[];
  fields: (choices: CatalogChoices) => FieldSpec[];
  defaults?: (choices: CatalogChoices) => FormValues;
  /** The form's values of an item, where they differ from its fields. */
  fromItem?: (item: CatalogItem) => FormValues;
  /** The body sent, where it differs from the form's fields. */
  toBody?: (body: FormValues) => FormValues;
}

const nameOf = (options: Option[], value: unknown) =>
  options.find((option) => option.value === value)?.label ?? (value ? String(value) : '');

const codeAndName = (t: CatalogChoices['t']): Column<CatalogItem>[] => [
  { key: 'code', header: t('catalog.code'), cell: (row) => String(row.code ?? ''), sort: 'code' },
  { key: 'name', header: t('catalog.name'), cell: (row) => String(row.name ?? ''), sort: 'name' },
];

export const RESOURCES: CatalogResource[] = [
  {
    id: 'plans',
    title: 'catalog.plans',
    newLabel: 'catalog.newPlan',
    path: '/api/v1/plans',
    searchBy: 'code',
    columns: (c) => [
      ...codeAndName(c.t),
      {
        key: 'group',
        header: c.t('catalog.planGroup'),
        cell: (row) => nameOf(c.planGroups, row.plan_group),
        wide: true,
      },
    ],
    fields: (c) => [
      { name: 'code', label: 'catalog.code', kind: 'text', required: true },
      { name: 'name', label: 'catalog.name', kind: 'text', required: true },
      { name: 'plan_group', label: 'catalog.planGroup', kind: 'select', options: c.planGroups },
      { name: 'description', label: 'catalog.description', kind: 'textarea' },
    ],
  },
  {
    id: 'plan-terms',
    title: 'catalog.planTerms',
    newLabel: 'catalog.newPlanTerms',
    path: '/api/v1/plan-terms',
    searchBy: 'code',
    columns: (c) => [
      { key: 'plan', header: c.t('catalog.plan'), cell: (row) => nameOf(c.plans, row.plan) },
      { key: 'code', header: c.t('catalog.code'), cell: (row) => String(row.code ?? '') },
      {
        key: 'price',
        header: c.t('catalog.price'),
        cell: (row) => priceText(row as unknown as Schemas['PlanTerms'], c),
        numeric: true,
        sort: 'price',
      },
      {
        key: 'terms',
        header: c.t('catalog.minimumTerm'),
        cell: (row) => nameOf(c.durations, row.minimum_term),
        wide: true,
      },
    ],
    fields: (c) => [
      {
        name: 'plan',
        label: 'catalog.plan',
        kind: 'select',
        options: c.plans,
        required: true,
        immutable: true,
      },
      { name: 'code', label: 'catalog.code', kind: 'text' },
      { name: 'name', label: 'catalog.name', kind: 'text' },
      {
        name: 'price',
        label: 'catalog.price',
        kind: 'decimal',
        required: true,
        help: 'catalog.priceHelp',
        immutable: true,
      },
      {
        name: 'currency',
        label: 'catalog.currency',
        kind: 'select',
        options: c.currencies,
        omitEmpty: true,
        immutable: true,
      },
      {
        name: 'interval',
        label: 'catalog.interval',
        kind: 'select',
        immutable: true,
        options: (['month', 'year', 'week', 'day'] as const).map((value) => ({
          value,
          label: c.t(`catalog.interval.${value}`),
        })),
      },
      { name: 'interval_count', label: 'catalog.intervalCount', kind: 'integer', immutable: true },
      { name: 'minimum_term', label: 'catalog.minimumTerm', kind: 'select', options: c.durations },
      { name: 'notice_period', label: 'catalog.noticePeriod', kind: 'select', options: c.durations },
      {
        name: 'notice_rule',
        label: 'catalog.noticeRule',
        kind: 'select',
        omitEmpty: true,
        options: [
          { value: 'end_of_term', label: c.t('catalog.noticeRule.end_of_term') },
          { value: 'end_of_month', label: c.t('catalog.noticeRule.end_of_month') },
          { value: 'months_to_month_end', label: c.t('catalog.noticeRule.months_to_month_end') },
        ],
      },
      { name: 'trial_days', label: 'catalog.trialDays', kind: 'integer', omitEmpty: true },
      {
        name: 'punch_card_entries',
        label: 'catalog.punchCard',
        kind: 'integer',
        help: 'catalog.punchCardHelp',
        immutable: true,
      },
      { name: 'tax_category', label: 'catalog.taxCategory', kind: 'select', options: c.taxCategories },
      {
        name: 'business_units',
        label: 'catalog.businessUnits',
        kind: 'multiselect',
        options: c.businessUnits,
        help: 'catalog.businessUnitsHelp',
      },
    ],
    defaults: () => ({ interval: 'month', interval_count: 1, notice_rule: 'end_of_term', trial_days: 0 }),
  },
  {
    id: 'plan-groups',
    title: 'catalog.planGroups',
    newLabel: 'catalog.newPlanGroup',
    path: '/api/v1/plan-groups',
    searchBy: 'code',
    columns: (c) => codeAndName(c.t),
    fields: () => [
      { name: 'code', label: 'catalog.code', kind: 'text', required: true },
      { name: 'name', label: 'catalog.name', kind: 'text', required: true },
      { name: 'description', label: 'catalog.description', kind: 'textarea' },
    ],
  },
  {
    id: 'components',
    title: 'catalog.components',
    newLabel: 'catalog.newComponent',
    path: '/api/v1/components',
    searchBy: 'code',
    columns: (c) => [
      ...codeAndName(c.t),
      {
        key: 'kind',
        header: c.t('catalog.kind'),
        cell: (row) => c.t(`catalog.kind.${row.kind as 'recurring' | 'metered'}`),
      },
      { key: 'plan', header: c.t('catalog.plan'), cell: (row) => nameOf(c.plans, row.plan), wide: true },
    ],
    fields: (c) => [
      { name: 'code', label: 'catalog.code', kind: 'text', required: true },
      { name: 'name', label: 'catalog.name', kind: 'text', required: true },
      {
        name: 'kind',
        label: 'catalog.kind',
        kind: 'select',
        required: true,
        immutable: true,
        options: [
          { value: 'recurring', label: c.t('catalog.kind.recurring') },
          { value: 'metered', label: c.t('catalog.kind.metered') },
        ],
      },
      { name: 'plan', label: 'catalog.plan', kind: 'select', options: c.plans },
      { name: 'currency', label: 'catalog.currency', kind: 'select', options: c.currencies, omitEmpty: true },
      { name: 'price', label: 'catalog.price', kind: 'decimal', when: (v) => v.kind !== 'metered' },
      { name: 'unit_price', label: 'catalog.unitPrice', kind: 'decimal', when: (v) => v.kind === 'metered' },
      {
        name: 'aggregation',
        label: 'catalog.aggregation',
        kind: 'select',
        when: (v) => v.kind === 'metered',
        options: (['sum', 'max', 'count', 'unique_count', 'last'] as const).map((value) => ({
          value,
          label: c.t(`catalog.aggregation.${value}`),
        })),
      },
      { name: 'unit_name', label: 'catalog.unitName', kind: 'text', when: (v) => v.kind === 'metered' },
      { name: 'tax_category', label: 'catalog.taxCategory', kind: 'select', options: c.taxCategories },
    ],
    defaults: () => ({ kind: 'recurring' }),
    // A metered component is priced per unit here; the API's other price models are set through the API.
    fromItem: (item) => {
      const model = item.price_model as Schemas['PriceModel'] | null;
      return { ...item, unit_price: model?.model === 'per_unit' ? model.unit_price : '' };
    },
    toBody: (body) => {
      // unit_price is in the body only when the form showed it: for a metered component.
      if (!('unit_price' in body)) return body;
      const { unit_price, ...rest } = body;
      return { ...rest, price_model: unit_price ? { model: 'per_unit', unit_price } : null };
    },
  },
  {
    id: 'tax-categories',
    title: 'catalog.taxCategories',
    newLabel: 'catalog.newTaxCategory',
    path: '/api/v1/tax-categories',
    searchBy: 'code',
    columns: (c) => [
      ...codeAndName(c.t),
      {
        key: 'rates',
        header: c.t('catalog.rates'),
        cell: (row) =>
          Object.entries((row.rates as Record<string, string>) ?? {})
            .map(([country, rate]) => `${country} ${rate} %`)
            .join(', '),
      },
    ],
    fields: () => [
      { name: 'code', label: 'catalog.code', kind: 'text', required: true },
      { name: 'name', label: 'catalog.name', kind: 'text', required: true },
      { name: 'rates', label: 'catalog.rates', kind: 'rates', required: true, help: 'catalog.ratesHelp' },
    ],
  },
  {
    id: 'business-units',
    title: 'catalog.businessUnits',
    newLabel: 'catalog.newBusinessUnit',
    path: '/api/v1/business-units',
    searchBy: 'code',
    columns: (c) => codeAndName(c.t),
    fields: () => [
      { name: 'code', label: 'catalog.code', kind: 'text', required: true },
      { name: 'name', label: 'catalog.name', kind: 'text', required: true },
    ],
  },
];

function priceText(terms: Schemas['PlanTerms'], c: CatalogChoices): string {
  const price = formatMoney(terms.price, terms.currency, c.language);
  if (terms.punch_card_entries) return `${price} / ${terms.punch_card_entries} ×`;
  if (!terms.interval) return price;
  const every = (terms.interval_count ?? 1) > 1 ? `${terms.interval_count} ` : '';
  return `${price} / ${every}${c.t(`catalog.interval.${terms.interval}`)}`;
}
