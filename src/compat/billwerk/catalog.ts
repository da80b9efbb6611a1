import { z } from 'zod';
import { parseIsoInterval } from '../../domain/interval.ts';
import {
  billwerkPlanExample,
  billwerkPlanGroupExample,
  billwerkPlanVariantExample,
} from './billwerk-examples.ts';

/**
 * Billwerk's catalog DTOs over kassa's: a PlanGroupDTO is a plan group, a PlanDTO a plan, a
 * PlanVariantDTO kassa's plan terms (a sellable price point of a plan). Texts Billwerk keeps per
 * language (`Name`, `Description`) are `{ _c: … }` objects, `_c` being the default text: kassa keeps
 * one text, answered as `_c`. See docs/compat/billwerk.md for the whole mapping.
 */

/** The fields of kassa's catalog views the adapter reads (the native views carry more). */
interface CatalogItemView {
  uuid: string;
  archived: boolean;
  created_date: string;
  updated_date: string;
}
export interface PlanGroupView extends CatalogItemView {
  code: string;
  name: string;
  description: string | null;
}
export interface PlanView extends PlanGroupView {
  plan_group: string | null;
}
export interface PlanTermsView extends CatalogItemView {
  plan: string;
  code: string | null;
  name: string | null;
  price: string;
  currency: string;
  interval: string | null;
  interval_count: number | null;
  punch_card_entries: number | null;
  minimum_term: string | null;
  notice_period: string | null;
  trial_days: number;
}

const localized = z
  .object({ _c: z.string().describe('The default text (kassa keeps one text per item)') })
  .describe("Billwerk's text per language; `_c` is the default");

const period = z
  .object({
    Unit: z.enum(['Day', 'Week', 'Month', 'Year']),
    Quantity: z.number().int(),
  })
  .describe('A time span: Quantity times Unit');

const common = {
  Id: z.uuid(),
  ExternalId: z.string().nullable().describe("kassa's code (a catalog item can be addressed by it)"),
  InternalName: z.string().nullable(),
  Hidden: z.boolean().describe('Archived in kassa'),
  CreatedAt: z.string().meta({ format: 'date-time' }),
  UpdatedAt: z.string().meta({ format: 'date-time' }),
};

export const billwerkPlanGroupSchema = z
  .object({ ...common, Name: localized, Description: localized.nullable() })
  .meta({ id: 'BillwerkPlanGroup', examples: [billwerkPlanGroupExample] });

export const billwerkPlanSchema = z
  .object({
    ...common,
    Name: localized,
    Description: localized.nullable(),
    PlanGroupId: z.uuid().nullable(),
  })
  .meta({ id: 'BillwerkPlan', examples: [billwerkPlanExample] });

export const billwerkPlanVariantSchema = z
  .object({
    ...common,
    PlanId: z.uuid(),
    Description: localized.nullable().describe("The terms' name"),
    RecurringFee: z.number().describe('Price per fee period (or of the punch card), VAT excluded'),
    Currency: z.string().describe("ISO 4217; kassa's terms have one currency each"),
    FeePeriod: period.nullable().describe('null: a punch card, bought once'),
    BillingPeriod: period.nullable().describe('As FeePeriod: kassa bills each fee period'),
    ContractPeriod: period.nullable().describe('The minimum term'),
    CancellationPeriod: period.nullable().describe('The notice period'),
    TrialPeriod: period.nullable().describe('Free days before the first period'),
    PunchCardEntries: z.number().int().nullable().describe('kassa only: a punch card of this many entries'),
  })
  .meta({ id: 'BillwerkPlanVariant', examples: [billwerkPlanVariantExample] });

export type BillwerkPlanGroup = z.output<typeof billwerkPlanGroupSchema>;
export type BillwerkPlan = z.output<typeof billwerkPlanSchema>;
export type BillwerkPlanVariant = z.output<typeof billwerkPlanVariantSchema>;
type Period = z.output<typeof period>;

const UNIT_NAMES = { day: 'Day', week: 'Week', month: 'Month', year: 'Year' } as const;

function periodOf(unit: string | null, quantity: number | null): Period | null {
  if (unit === null || !(unit in UNIT_NAMES)) return null;
  return { Unit: UNIT_NAMES[unit as keyof typeof UNIT_NAMES], Quantity: quantity ?? 1 };
}

function isoPeriod(iso: string | null): Period | null {
  const interval = iso === null ? null : parseIsoInterval(iso);
  return interval ? periodOf(interval.unit, interval.count) : null;
}

const text = (value: string | null) => (value === null ? null : { _c: value });

function commonOf(view: CatalogItemView & { code: string | null; name: string | null }) {
  return {
    Id: view.uuid,
    ExternalId: view.code,
    InternalName: view.name,
    Hidden: view.archived,
    CreatedAt: view.created_date,
    UpdatedAt: view.updated_date,
  };
}

export function planGroupDto(view: PlanGroupView): BillwerkPlanGroup {
  return { ...commonOf(view), Name: { _c: view.name }, Description: text(view.description) };
}

export function planDto(view: PlanView): BillwerkPlan {
  return {
    ...commonOf(view),
    Name: { _c: view.name },
    Description: text(view.description),
    PlanGroupId: view.plan_group,
  };
}

export function planVariantDto(view: PlanTermsView): BillwerkPlanVariant {
  const fee = periodOf(view.interval, view.interval_count);
  return {
    ...commonOf(view),
    PlanId: view.plan,
    Description: text(view.name),
    RecurringFee: Number(view.price),
    Currency: view.currency,
    FeePeriod: fee,
    BillingPeriod: fee,
    ContractPeriod: isoPeriod(view.minimum_term),
    CancellationPeriod: isoPeriod(view.notice_period),
    TrialPeriod: view.trial_days > 0 ? { Unit: 'Day', Quantity: view.trial_days } : null,
    PunchCardEntries: view.punch_card_entries,
  };
}
