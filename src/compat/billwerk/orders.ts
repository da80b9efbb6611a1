import { z } from 'zod';
import { fieldFailure, type Result } from '../../errors.ts';
import { reference, UUID_PATTERN } from '../../http/common-schemas.ts';
import { type OrderRequest, orderRequestSchema } from '../../orders/order-request.ts';
import type { OrderView } from '../../orders/order-view.ts';
import { checked, renameFields } from './adapter.ts';
import { amountNumber, billwerkDay } from './days.ts';

/**
 * Billwerk's OrderDTO and kassa's order. A Billwerk order carries a cart; a kassa order is one change.
 * A cart with a plan variant and no contract is a new subscription; with a contract, an up- or
 * downgrade (or a quantity change on the same variant); a contract with one component subscription
 * and no plan variant adds that component. See docs/compat/billwerk.md.
 */
const quantity = z.number().int().min(1).max(1_000_000);

const cartComponent = z.strictObject({
  ComponentId: reference.describe('The component: its uuid or code'),
  Quantity: quantity.optional().describe('Recurring components; default 1'),
  Memo: z.string().max(500).nullable().optional().describe('Accepted and not kept'),
});

export const billwerkOrderInput = z
  .strictObject({
    CustomerId: reference
      .optional()
      .describe('The customer (uuid or ExternalCustomerId) of a new contract; not needed with ContractId'),
    ContractId: z
      .string()
      .regex(UUID_PATTERN, 'a uuid')
      .optional()
      .describe('The contract to change; leave out for a new contract'),
    StartDate: billwerkDay.optional().describe("A new contract's first day; default today"),
    ChangeDate: billwerkDay
      .optional()
      .describe('When a change takes effect; default: upgrades at once, downgrades at the period end'),
    Cart: z.strictObject({
      PlanVariantId: reference.optional().describe('The plan variant (kassa plan terms): uuid or code'),
      Quantity: quantity.optional().describe('Default 1 (a change: the current quantity)'),
      ComponentSubscriptions: z
        .array(cartComponent)
        .max(1)
        .optional()
        .describe('One component to add to a contract (kassa prices one change per order)'),
    }),
  })
  .meta({
    examples: [
      {
        CustomerId: 'CUST-4711',
        StartDate: '2025-02-01',
        Cart: { PlanVariantId: 'PRO-MONTHLY', Quantity: 3 },
      },
    ],
  });
export type BillwerkOrderInput = z.output<typeof billwerkOrderInput>;

/** kassa's order fields as the Billwerk fields they came from, for the order use cases' field errors. */
function fieldNames(input: BillwerkOrderInput): Record<string, string> {
  return {
    account: 'CustomerId',
    subscription: 'ContractId',
    terms: 'Cart.PlanVariantId',
    quantity: input.Cart.ComponentSubscriptions?.length
      ? 'Cart.ComponentSubscriptions.0.Quantity'
      : 'Cart.Quantity',
    component: 'Cart.ComponentSubscriptions.0.ComponentId',
    start_date: 'StartDate',
    effective_date: 'ChangeDate',
    type: 'Cart',
  };
}

export function renameOrderFields<T>(result: Result<T>, input: BillwerkOrderInput): Result<T> {
  return renameFields(result, fieldNames(input));
}

/** The one kassa order a Billwerk order is, or the Billwerk field that says why it is none. */
export function orderRequestOf(input: BillwerkOrderInput): Result<OrderRequest> {
  const cart = input.Cart;
  const component = cart.ComponentSubscriptions?.[0];
  const effective = input.ChangeDate ? { effective: 'date' as const, effective_date: input.ChangeDate } : {};
  let request: Record<string, unknown>;
  if (input.ContractId === undefined) {
    if (component)
      return fieldFailure(
        'Cart.ComponentSubscriptions',
        'one_change_per_order',
        'Cart.ComponentSubscriptions: kassa prices one change per order; order the plan variant, then each component for the contract',
      );
    if (!input.CustomerId)
      return fieldFailure('CustomerId', 'required', 'CustomerId: a new contract needs its customer');
    if (!cart.PlanVariantId)
      return fieldFailure('Cart.PlanVariantId', 'required', 'Cart.PlanVariantId: a new contract needs one');
    request = {
      type: 'new_subscription',
      account: input.CustomerId,
      terms: cart.PlanVariantId,
      ...(cart.Quantity !== undefined ? { quantity: cart.Quantity } : {}),
      ...(input.StartDate ? { start_date: input.StartDate } : {}),
    };
  } else if (cart.PlanVariantId) {
    if (component)
      return fieldFailure(
        'Cart.ComponentSubscriptions',
        'one_change_per_order',
        'Cart.ComponentSubscriptions: kassa prices one change per order; order the plan variant and the component apart',
      );
    request = {
      type: 'change_terms',
      subscription: input.ContractId,
      terms: cart.PlanVariantId,
      ...(cart.Quantity !== undefined ? { quantity: cart.Quantity } : {}),
      ...effective,
    };
  } else if (component) {
    request = {
      type: 'add_component',
      subscription: input.ContractId,
      component: component.ComponentId,
      ...(component.Quantity !== undefined ? { quantity: component.Quantity } : {}),
      ...effective,
    };
  } else {
    return fieldFailure(
      'Cart',
      'empty',
      'Cart: a PlanVariantId (up- or downgrade) or one ComponentSubscriptions entry is needed',
    );
  }
  return checked(orderRequestSchema, request);
}

const STATUS = {
  preview: 'InProgress',
  pending_approval: 'PendingApproval',
  committed: 'Completed',
  declined: 'Declined',
  expired: 'Expired',
} as const;

const ORDER_TYPE = {
  new_subscription: 'Signup',
  change_terms: 'Upgrade',
  change_quantity: 'Upgrade',
  add_component: 'ComponentOrder',
  remove_component: 'ComponentOrder',
  one_off: 'OneOff',
} as const;

const lineItem = z.object({
  Description: z.string(),
  PeriodStart: z.string().nullable(),
  PeriodEnd: z.string().nullable().describe('Exclusive: the first day after the period'),
  Quantity: z.number(),
  PricePerUnit: z.number(),
  Discount: z.number(),
  TotalNet: z.number().describe('Net of discount, VAT excluded; negative for a credit'),
  VatPercentage: z.number(),
});

export const billwerkOrderSchema = z
  .object({
    Id: z.uuid(),
    OrderType: z.enum(['Signup', 'Upgrade', 'ComponentOrder', 'OneOff']),
    Status: z.enum(['InProgress', 'PendingApproval', 'Completed', 'Declined', 'Expired']),
    CustomerId: z.uuid(),
    ContractId: z.uuid().nullable().describe('The contract changed, or made by the commit'),
    Currency: z.string(),
    ChangeDate: z.string().meta({ format: 'date' }).describe('When it takes effect'),
    Cart: z.object({
      PlanVariantId: z.string().nullable(),
      Quantity: z.number().int().nullable(),
      ComponentSubscriptions: z.array(
        z.object({ ComponentId: z.string(), Quantity: z.number().int().nullable() }),
      ),
    }),
    LineItems: z.array(lineItem),
    TotalNet: z.number(),
    TotalVat: z.number(),
    Total: z.number().describe('Gross'),
    ExpiresAt: z.string().meta({ format: 'date-time' }),
    CommittedAt: z.string().meta({ format: 'date-time' }).nullable(),
    DecidedAt: z.string().meta({ format: 'date-time' }).nullable().describe('Approved or declined'),
    CreatedAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({
    id: 'BillwerkOrder',
    examples: [
      {
        Id: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9e',
        OrderType: 'Signup',
        Status: 'InProgress',
        CustomerId: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
        ContractId: null,
        Currency: 'DKK',
        ChangeDate: '2025-02-01',
        Cart: { PlanVariantId: 'PRO-MONTHLY', Quantity: 3, ComponentSubscriptions: [] },
        LineItems: [
          {
            Description: 'Pro',
            PeriodStart: '2025-02-01',
            PeriodEnd: '2025-03-01',
            Quantity: 3,
            PricePerUnit: 100,
            Discount: 0,
            TotalNet: 300,
            VatPercentage: 25,
          },
        ],
        TotalNet: 300,
        TotalVat: 75,
        Total: 375,
        ExpiresAt: '2025-01-16T10:00:00.000Z',
        CommittedAt: null,
        DecidedAt: null,
        CreatedAt: '2025-01-15T10:00:00.000Z',
      },
    ],
  });
export type BillwerkOrder = z.output<typeof billwerkOrderSchema>;

function cartOf(asked: unknown): BillwerkOrder['Cart'] {
  const request = (asked ?? {}) as Partial<Record<'terms' | 'component', string>> & { quantity?: number };
  const quantityAsked = request.quantity ?? null;
  return request.component !== undefined
    ? {
        PlanVariantId: null,
        Quantity: null,
        ComponentSubscriptions: [{ ComponentId: request.component, Quantity: quantityAsked }],
      }
    : { PlanVariantId: request.terms ?? null, Quantity: quantityAsked, ComponentSubscriptions: [] };
}

export function orderDto(order: OrderView): BillwerkOrder {
  return {
    Id: order.uuid,
    OrderType: ORDER_TYPE[order.type],
    Status: STATUS[order.status],
    CustomerId: order.account,
    ContractId: order.subscription,
    Currency: order.currency,
    ChangeDate: order.effective_date,
    Cart: cartOf(order.request),
    LineItems: order.lines.map((line) => ({
      Description: line.description,
      PeriodStart: line.period_start,
      PeriodEnd: line.period_end,
      Quantity: amountNumber(line.quantity),
      PricePerUnit: amountNumber(line.unit_price),
      Discount: amountNumber(line.discount),
      TotalNet: amountNumber(line.amount),
      VatPercentage: amountNumber(line.vat_rate),
    })),
    TotalNet: amountNumber(order.total_ex_vat),
    TotalVat: amountNumber(order.total_vat),
    Total: amountNumber(order.total),
    ExpiresAt: order.expires_date,
    CommittedAt: order.committed_date,
    DecidedAt: order.decided_date,
    CreatedAt: order.created_date,
  };
}
