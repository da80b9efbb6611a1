import { z } from 'zod';
import type { EndpointView } from '../../webhooks/endpoint-view.ts';
import { isWebhookEventType } from '../../webhooks/event-types.ts';
import { billwerkWebhookExample, billwerkWebhookWithSecretExample } from './billwerk-examples.ts';

/**
 * Billwerk's webhook DTO over kassa's webhook endpoints. Billwerk names its events in PascalCase
 * (`CustomerCreated`); kassa's types are `<entity>.<what happened>`. A Billwerk name stands for the
 * kassa types below; a kassa type may be sent as it is, and a type without a Billwerk name is answered
 * as it is. See docs/compat/billwerk.md.
 */
export const BILLWERK_EVENTS: Record<string, readonly string[]> = {
  CustomerCreated: ['account.created'],
  CustomerChanged: ['account.updated'],
  CustomerDeleted: ['account.archived'],
  ContractCreated: ['subscription.created'],
  ContractChanged: ['subscription.updated'],
  ContractCancelled: ['subscription.end_scheduled'],
  OrderSucceeded: ['order.committed', 'order.approved'],
  InvoiceCreated: ['invoice.issued'],
  InvoiceCorrected: ['credit_note.issued'],
  PaymentRegistered: ['payment.registered', 'payment.booked'],
  PaymentSucceeded: ['card_charge.succeeded'],
  PaymentFailed: ['card_charge.declined'],
  DunningCreated: ['dunning_step.done'],
};

const eventName = z
  .string()
  .max(100)
  .refine(
    (name) => Object.hasOwn(BILLWERK_EVENTS, name) || isWebhookEventType(name),
    `a Billwerk event (${Object.keys(BILLWERK_EVENTS).join(', ')}) or a kassa event type (GET /api/v1/webhook-event-types/)`,
  );

export const billwerkWebhookInput = z
  .strictObject({
    Url: z.string().max(2000).describe('Where events are POSTed: an https URL'),
    Events: z
      .array(eventName)
      .min(1)
      .max(100)
      .nullable()
      .optional()
      .describe('Billwerk event names or kassa event types; null or left out: every event'),
    Description: z.string().max(500).optional(),
  })
  .meta({ examples: [{ Url: 'https://example.com/billwerk/hooks', Events: ['InvoiceCreated'] }] });
export type BillwerkWebhookInput = z.output<typeof billwerkWebhookInput>;

export const billwerkWebhookSchema = z
  .object({
    Id: z.uuid(),
    Url: z.string(),
    Events: z.array(z.string()).nullable().describe('null: every event'),
    Description: z.string(),
    Enabled: z.boolean().describe('false: kassa turned it off (the receiver failed or answered 410)'),
    CreatedAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'BillwerkWebhook', examples: [billwerkWebhookExample] });

export const billwerkWebhookWithSecretSchema = billwerkWebhookSchema
  .extend({
    Secret: z
      .string()
      .describe('kassa signs every delivery (Standard Webhooks) with this secret: shown in this answer only'),
  })
  .meta({ id: 'BillwerkWebhookWithSecret', examples: [billwerkWebhookWithSecretExample] });

export type BillwerkWebhook = z.output<typeof billwerkWebhookSchema>;

/** Billwerk names and kassa types to kassa types, without repeats. */
export function kassaEventTypes(events: readonly string[] | null | undefined): string[] | null {
  if (!events) return null;
  return [...new Set(events.flatMap((name) => BILLWERK_EVENTS[name] ?? [name]))];
}

/** kassa types to Billwerk names where every type of a name is there; the rest as they are. */
export function billwerkEvents(types: readonly string[] | null): string[] | null {
  if (types === null) return null;
  const left = new Set(types);
  const names: string[] = [];
  for (const [name, kassa] of Object.entries(BILLWERK_EVENTS))
    if (kassa.every((type) => left.has(type))) {
      names.push(name);
      for (const type of kassa) left.delete(type);
    }
  return [...names, ...types.filter((type) => left.has(type))];
}

export function webhookDto(view: EndpointView): BillwerkWebhook {
  return {
    Id: view.uuid,
    Url: view.url,
    Events: billwerkEvents(view.event_types),
    Description: view.description,
    Enabled: view.enabled,
    CreatedAt: view.created_date,
  };
}
