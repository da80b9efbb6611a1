import { z } from 'zod';
import { planTermsByIds } from '../../catalog/plan-terms-lookup.ts';
import type { UseCaseContext } from '../../context.ts';
import { dateString, instant } from '../../http/common-schemas.ts';
import { type PhaseRow, phasesOf } from '../../subscriptions/subscription-phases.ts';
import type { SubscriptionView } from '../../subscriptions/subscription-view.ts';

/**
 * Billwerk's ContractDTO and kassa's subscription: a Billwerk contract is a kassa subscription (a
 * kassa "contract" is negotiated pricing, with no Billwerk counterpart). Its phases are kassa's
 * subscription phases, with the free trial and the end as phases of their own, as Billwerk shows them.
 */
const phaseSchema = z.object({
  Type: z.enum(['Trial', 'Normal', 'Inactive']),
  StartDate: dateString,
  PlanVariantId: z.uuid().nullable(),
  PlanId: z.uuid().nullable(),
  Quantity: z.number().int().nullable(),
});
type Phase = z.output<typeof phaseSchema>;

export const billwerkContractSchema = z
  .object({
    Id: z.uuid(),
    CustomerId: z.uuid(),
    ExternalCustomerId: z.string().describe("The customer's ExternalCustomerId (kassa account code)"),
    PlanId: z.uuid(),
    PlanVariantId: z.uuid().describe('The plan variant (kassa plan terms) in force today'),
    Quantity: z.number().int(),
    Currency: z.string(),
    LifecycleStatus: z.enum(['InTrial', 'Active', 'Ended']),
    Phases: z.array(phaseSchema),
    StartDate: dateString,
    EndDate: dateString.nullable().describe('Exclusive: the first day without service'),
    NoticeDate: dateString.nullable(),
    TrialEndDate: dateString.nullable().describe('Exclusive: the first paid day'),
    CurrentPeriodStart: dateString,
    CurrentPeriodEnd: dateString.describe('Exclusive'),
    PaymentMethod: z.enum(['InvoicePayment', 'CreditCard']),
    ExternalId: z.string().nullable(),
    CreatedAt: instant,
  })
  .meta({
    id: 'BillwerkContract',
    examples: [
      {
        Id: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9f',
        CustomerId: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
        ExternalCustomerId: 'CUST-4711',
        PlanId: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0ca0',
        PlanVariantId: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0ca1',
        Quantity: 3,
        Currency: 'DKK',
        LifecycleStatus: 'Active',
        Phases: [
          {
            Type: 'Normal',
            StartDate: '2025-02-01',
            PlanVariantId: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0ca1',
            PlanId: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0ca0',
            Quantity: 3,
          },
        ],
        StartDate: '2025-02-01',
        EndDate: null,
        NoticeDate: null,
        TrialEndDate: null,
        CurrentPeriodStart: '2025-02-01',
        CurrentPeriodEnd: '2025-03-01',
        PaymentMethod: 'InvoicePayment',
        ExternalId: null,
        CreatedAt: '2025-01-15T10:00:00.000Z',
      },
    ],
  });
export type BillwerkContract = z.output<typeof billwerkContractSchema>;

const LIFECYCLE = { trialing: 'InTrial', active: 'Active', ending: 'Active', ended: 'Ended' } as const;

function phasesDto(
  view: SubscriptionView,
  rows: readonly PhaseRow[],
  planOf: (termsId: string) => string | null,
): Phase[] {
  const phases: Phase[] = [];
  const trialEnd = view.trial_end;
  for (const row of rows) {
    if (view.end_date !== null && row.start_date >= view.end_date) continue;
    const normal: Phase = {
      Type: 'Normal',
      StartDate: row.start_date,
      PlanVariantId: row.plan_terms_id,
      PlanId: planOf(row.plan_terms_id),
      Quantity: row.quantity,
    };
    if (trialEnd !== null && row.start_date < trialEnd) {
      phases.push({ ...normal, Type: 'Trial' });
      phases.push({ ...normal, StartDate: trialEnd });
    } else phases.push(normal);
  }
  if (view.end_date !== null)
    phases.push({
      Type: 'Inactive',
      StartDate: view.end_date,
      PlanVariantId: null,
      PlanId: null,
      Quantity: null,
    });
  return phases;
}

/** Contracts from subscription views: their phases and plan terms in two queries for all of them. */
export async function contractDtos(
  ctx: Pick<UseCaseContext, 'db' | 'actor'>,
  views: readonly SubscriptionView[],
): Promise<BillwerkContract[]> {
  const organizationId = ctx.actor.organizationId;
  const phases = await phasesOf(
    ctx.db,
    organizationId,
    views.map((v) => v.uuid),
  );
  const terms = await planTermsByIds(ctx.db, organizationId, [
    ...views.map((v) => v.terms),
    ...[...phases.values()].flat().map((p) => p.plan_terms_id),
  ]);
  const planOf = (termsId: string) => terms.get(termsId)?.plan_id ?? null;
  return views.map((view) => {
    const current = terms.get(view.terms)!;
    return {
      Id: view.uuid,
      CustomerId: view.account_uuid,
      ExternalCustomerId: view.account,
      PlanId: current.plan_id,
      PlanVariantId: view.terms,
      Quantity: view.quantity,
      Currency: current.currency,
      LifecycleStatus: LIFECYCLE[view.status],
      Phases: phasesDto(view, phases.get(view.uuid) ?? [], planOf),
      StartDate: view.start_date,
      EndDate: view.end_date,
      NoticeDate: view.notice_date,
      TrialEndDate: view.trial_end,
      CurrentPeriodStart: view.current_period_start,
      CurrentPeriodEnd: view.current_period_end,
      PaymentMethod: view.collection_method === 'card' ? 'CreditCard' : 'InvoicePayment',
      ExternalId: view.external_id,
      CreatedAt: view.created_date,
    };
  });
}

export async function contractDto(
  ctx: Pick<UseCaseContext, 'db' | 'actor'>,
  view: SubscriptionView,
): Promise<BillwerkContract> {
  const [dto] = await contractDtos(ctx, [view]);
  return dto!;
}
