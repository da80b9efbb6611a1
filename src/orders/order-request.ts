import { z } from 'zod';
import { plainDate, reference, UUID_PATTERN } from '../http/common-schemas.ts';
import { orderRequestExample } from './order-examples.ts';

const subscriptionRef = z.string().regex(UUID_PATTERN, 'a subscription uuid');
const effective = {
  effective: z
    .enum(['immediately', 'period_end', 'date'])
    .optional()
    .describe(
      'When the change takes effect. Default: upgrades and added components at once; downgrades and removals at the period end',
    ),
  effective_date: plainDate
    .optional()
    .describe('With effective "date": the day it takes effect (today or later)'),
};

/** What an order asks for: one of six kinds of change, previewed before anything happens. */
export const orderRequestSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('new_subscription'),
      account: reference,
      terms: reference,
      quantity: z.number().int().min(1).max(1_000_000).optional(),
      collection_method: z.enum(['card', 'invoice']).optional(),
      start_date: plainDate.optional(),
    }),
    z.strictObject({
      type: z.literal('change_terms'),
      subscription: subscriptionRef,
      terms: reference.describe('The plan terms to move to: an upgrade or a downgrade'),
      quantity: z.number().int().min(1).max(1_000_000).optional().describe('Default: the current quantity'),
      ...effective,
    }),
    z.strictObject({
      type: z.literal('change_quantity'),
      subscription: subscriptionRef,
      quantity: z.number().int().min(1).max(1_000_000),
      ...effective,
    }),
    z.strictObject({
      type: z.literal('add_component'),
      subscription: subscriptionRef,
      component: reference,
      quantity: z.number().int().min(1).max(1_000_000).optional().describe('Recurring components; default 1'),
      ...effective,
    }),
    z.strictObject({
      type: z.literal('remove_component'),
      subscription: subscriptionRef,
      component: reference.describe('The component (uuid or code) to stop'),
      ...effective,
    }),
    z.strictObject({
      type: z.literal('one_off'),
      account: reference,
      terms: reference.describe('Punch-card plan terms'),
      quantity: z.number().int().min(1).max(1000).optional().describe('How many cards; default 1'),
    }),
  ])
  .meta({ id: 'OrderRequest', examples: [orderRequestExample] });

export type OrderRequest = z.output<typeof orderRequestSchema>;

/** The order resolved to ids and dates: what commit carries out, exactly as previewed. */
export type OrderPlan =
  | {
      type: 'new_subscription';
      accountId: string;
      termsId: string;
      quantity: number;
      collectionMethod: 'card' | 'invoice';
      /** The id a leading system knows the subscription by (imports). */
      externalId?: string | null;
      /** A price of the subscription's own (an import's override). */
      unitPrice?: string | null;
      startDate: string;
    }
  | {
      type: 'change_terms' | 'change_quantity';
      subscriptionId: string;
      termsId: string;
      quantity: number;
      /** The subscription's own price, kept when the terms stay; null: the terms' price. */
      unitPrice?: string | null;
      effectiveDate: string;
      anchorDate: string;
    }
  | {
      type: 'add_component';
      subscriptionId: string;
      componentId: string;
      quantity: number | null;
      effectiveDate: string;
    }
  | {
      type: 'remove_component';
      subscriptionId: string;
      subscriptionComponentId: string;
      effectiveDate: string;
    }
  | { type: 'one_off'; accountId: string; termsId: string; quantity: number };
