import { z } from 'zod';
import { dateString, instant } from '../../http/common-schemas.ts';
import type { ratedItemSchema } from '../../rated-items/rated-items.ts';
import type { SelfServiceTokenView } from '../../selfservice/subscription-token.ts';
import type { CancellationPreview } from '../../subscriptions/end-subscription.ts';
import type { subscriptionComponentView } from '../../subscriptions/subscription-components.ts';
import type { subscriptionOverviewSchema } from '../../subscriptions/subscription-overview.ts';
import type { UsageView } from '../../usage/usage-view.ts';
import { amountNumber } from './days.ts';

/**
 * What hangs off a Billwerk contract, as Billwerk's DTOs: component subscriptions, metered usage,
 * rated items, the contract's subscriptions, its self-service token and its cancellation preview.
 * See docs/compat/billwerk.md for the mapping.
 */
const id = '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9f';
const other = '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0ca2';

export const billwerkComponentSubscriptionSchema = z
  .object({
    Id: z.uuid(),
    ContractId: z.uuid(),
    ComponentId: z.uuid(),
    Quantity: z.number().int().nullable().describe('null for a metered component: usage decides'),
    StartDate: dateString,
    EndDate: dateString.nullable().describe('Exclusive'),
    CreatedAt: instant,
  })
  .meta({
    id: 'BillwerkComponentSubscription',
    examples: [
      {
        Id: other,
        ContractId: id,
        ComponentId: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0ca3',
        Quantity: 2,
        StartDate: '2025-02-01',
        EndDate: null,
        CreatedAt: '2025-01-15T10:00:00.000Z',
      },
    ],
  });

export function componentSubscriptionDto(
  c: ReturnType<typeof subscriptionComponentView>,
): z.output<typeof billwerkComponentSubscriptionSchema> {
  return {
    Id: c.uuid,
    ContractId: c.subscription,
    ComponentId: c.component,
    Quantity: c.quantity,
    StartDate: c.start_date,
    EndDate: c.end_date,
    CreatedAt: c.created_date,
  };
}

export const billwerkUsageSchema = z
  .object({
    Id: z.uuid(),
    ContractId: z.uuid(),
    ComponentId: z.uuid(),
    Quantity: z.number(),
    DueDate: instant.describe('When it was used'),
    Description: z.string().nullable(),
    Billed: z.boolean().describe('A billing run has passed it'),
    CreatedAt: instant,
  })
  .meta({
    id: 'BillwerkMeteredUsage',
    examples: [
      {
        Id: other,
        ContractId: id,
        ComponentId: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0ca3',
        Quantity: 120,
        DueDate: '2025-02-10T12:00:00.000Z',
        Description: 'API calls, 10 February',
        Billed: false,
        CreatedAt: '2025-02-10T12:00:01.000Z',
      },
    ],
  });

/** Where a usage record keeps the Description Billwerk sends: its `properties`. */
export const DESCRIPTION_PROPERTY = 'description';

export function usageDto(usage: UsageView): z.output<typeof billwerkUsageSchema> {
  const description = usage.properties?.[DESCRIPTION_PROPERTY];
  return {
    Id: usage.uuid,
    ContractId: usage.subscription,
    ComponentId: usage.metric,
    Quantity: amountNumber(usage.quantity),
    DueDate: usage.timestamp,
    Description: typeof description === 'string' ? description : null,
    Billed: usage.billed,
    CreatedAt: usage.created_date,
  };
}

export const billwerkRatedItemSchema = z
  .object({
    Id: z.uuid(),
    ContractId: z.uuid(),
    CustomerId: z.uuid(),
    Description: z.string(),
    Quantity: z.number(),
    PricePerUnit: z.number(),
    Currency: z.string(),
    TaxPolicyId: z.uuid().nullable().describe('The kassa tax category'),
    Billed: z.boolean(),
    CreatedAt: instant,
  })
  .meta({
    id: 'BillwerkRatedItem',
    examples: [
      {
        Id: other,
        ContractId: id,
        CustomerId: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
        Description: 'Setup',
        Quantity: 1,
        PricePerUnit: 250,
        Currency: 'DKK',
        TaxPolicyId: null,
        Billed: false,
        CreatedAt: '2025-01-15T10:00:00.000Z',
      },
    ],
  });

export function ratedItemDto(
  item: z.output<typeof ratedItemSchema>,
): z.output<typeof billwerkRatedItemSchema> {
  return {
    Id: item.uuid,
    ContractId: item.subscription,
    CustomerId: item.account,
    Description: item.description,
    Quantity: amountNumber(item.quantity),
    PricePerUnit: amountNumber(item.unit_price),
    Currency: item.currency,
    TaxPolicyId: item.tax_category,
    Billed: item.billed,
    CreatedAt: item.created_date,
  };
}

export const billwerkContractSubscriptionSchema = z
  .object({
    Type: z.enum(['PlanVariant', 'Component', 'Discount']),
    Id: z.uuid().describe('The plan variant, the component subscription or the kassa contract (discount)'),
    PlanVariantId: z.uuid().nullable(),
    ComponentId: z.uuid().nullable(),
    Name: z.string().nullable(),
    Quantity: z.number().int().nullable(),
    PricePerUnit: z.number().nullable(),
    StartDate: dateString.nullable(),
    EndDate: dateString.nullable(),
    Discount: z.number().nullable().describe('Discount: per cent or an amount per unit'),
    DiscountType: z.enum(['Percentage', 'Amount']).nullable(),
  })
  .meta({
    id: 'BillwerkContractSubscription',
    examples: [
      {
        Type: 'PlanVariant',
        Id: other,
        PlanVariantId: other,
        ComponentId: null,
        Name: null,
        Quantity: 3,
        PricePerUnit: 100,
        StartDate: '2025-02-01',
        EndDate: null,
        Discount: null,
        DiscountType: null,
      },
    ],
  });
type ContractSubscription = z.output<typeof billwerkContractSubscriptionSchema>;

const none = {
  PlanVariantId: null,
  ComponentId: null,
  Name: null,
  Quantity: null,
  PricePerUnit: null,
  StartDate: null,
  EndDate: null,
  Discount: null,
  DiscountType: null,
};

/** What runs on a contract today: its plan variant, its components and its contract discount. */
export function contractSubscriptionsDto(
  overview: z.output<typeof subscriptionOverviewSchema>,
): ContractSubscription[] {
  const s = overview.subscription;
  const rows: ContractSubscription[] = [
    {
      ...none,
      Type: 'PlanVariant',
      Id: overview.plan_terms.uuid,
      PlanVariantId: overview.plan_terms.uuid,
      Quantity: s.quantity,
      PricePerUnit: amountNumber(overview.plan_terms.price),
      StartDate: s.start_date,
      EndDate: s.end_date,
    },
    ...overview.components.map((c) => ({
      ...none,
      Type: 'Component' as const,
      Id: c.uuid,
      ComponentId: c.component,
      Name: c.name,
      Quantity: c.quantity,
      PricePerUnit: c.price === null ? null : amountNumber(c.price),
      StartDate: c.start_date,
      EndDate: c.end_date,
    })),
  ];
  if (overview.discount)
    rows.push({
      ...none,
      Type: 'Discount',
      Id: overview.discount.contract,
      Discount: amountNumber(overview.discount.discount),
      DiscountType: overview.discount.discount_type === 'percentage' ? 'Percentage' : 'Amount',
    });
  return rows;
}

export const billwerkSelfServiceTokenSchema = z
  .object({
    Token: z.string(),
    Expiry: instant,
    Url: z.string().describe('The self-service portal, signed in with the token'),
    CustomerId: z.uuid(),
  })
  .meta({
    id: 'BillwerkSelfServiceToken',
    examples: [
      {
        Token: 'kss_3q2…',
        Expiry: '2025-01-15T10:30:00.000Z',
        Url: 'https://billing.example.com/self-service/login?token=kss_3q2…',
        CustomerId: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
      },
    ],
  });

export function selfServiceTokenDto(token: SelfServiceTokenView) {
  return { Token: token.token, Expiry: token.expires_at, Url: token.url, CustomerId: token.account };
}

export const billwerkCancellationPreviewSchema = z
  .object({
    ContractId: z.uuid(),
    NoticeDate: dateString,
    EndDate: dateString.describe('The earliest end a notice given today allows (exclusive)'),
    NextPossibleEndDate: dateString,
    MinimumTerm: z.string().nullable().describe('ISO 8601 duration, e.g. P12M'),
    MinimumTermEnd: dateString.nullable(),
    NoticePeriod: z.string().nullable().describe('ISO 8601 duration, e.g. P1M'),
  })
  .meta({
    id: 'BillwerkCancellationPreview',
    examples: [
      {
        ContractId: id,
        NoticeDate: '2025-01-15',
        EndDate: '2025-03-01',
        NextPossibleEndDate: '2025-04-01',
        MinimumTerm: null,
        MinimumTermEnd: null,
        NoticePeriod: 'P1M',
      },
    ],
  });

export function cancellationPreviewDto(preview: CancellationPreview) {
  return {
    ContractId: preview.subscription,
    NoticeDate: preview.notice_date,
    EndDate: preview.earliest_end_date,
    NextPossibleEndDate: preview.next_possible_end_date,
    MinimumTerm: preview.minimum_term,
    MinimumTermEnd: preview.minimum_term_end,
    NoticePeriod: preview.notice_period,
  };
}
