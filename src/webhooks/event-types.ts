/**
 * Every event type a webhook endpoint can receive, with what it means. The types are the outbox's
 * (the audit actions, `<entity>.<what happened>`); an outbox event whose type is not listed here (usage
 * records one by one) is not sent. `webhook.test` is the one type without a change behind it.
 */
export interface WebhookEventType {
  type: string;
  description: string;
}

const CATALOG_RESOURCES: [string, string][] = [
  ['tax_category', 'A tax category'],
  ['plan_group', 'A plan group'],
  ['plan', 'A plan'],
  ['plan_terms', 'Plan terms'],
  ['component', 'A component'],
  ['business_unit', 'A business unit'],
];

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  { type: 'webhook.test', description: 'Sent by POST /api/v1/webhooks/{id}/test/ to check a receiver' },
  { type: 'organization.updated', description: "The organization's settings were changed" },
  { type: 'api_token.created', description: 'An API token was made (id, scope, name, first 8 characters)' },
  { type: 'api_token.revoked', description: 'An API token was revoked' },
  { type: 'account.created', description: 'An account was created' },
  { type: 'account.updated', description: 'An account was changed' },
  { type: 'account.archived', description: 'An account was archived (DELETE)' },
  ...CATALOG_RESOURCES.flatMap(([entity, name]) => [
    { type: `${entity}.created`, description: `${name} was created` },
    { type: `${entity}.updated`, description: `${name} was changed` },
    { type: `${entity}.archived`, description: `${name} was archived` },
  ]),
  { type: 'partner_settings.created', description: 'Partner settings for an origin were made' },
  { type: 'partner_settings.updated', description: 'Partner settings for an origin were changed' },
  { type: 'partner_settings.deleted', description: 'Partner settings for an origin were removed' },
  { type: 'exchange_rate.created', description: 'An exchange rate was set for a currency from a day' },
  { type: 'exchange_rate.updated', description: 'An exchange rate was changed' },
  { type: 'exchange_rate.deleted', description: 'An exchange rate was removed' },
  { type: 'contract.created', description: 'A contract was made for an account' },
  { type: 'contract.updated', description: "A contract's dates or discount tiers changed" },
  { type: 'contract.deleted', description: 'A contract was deleted' },
  {
    type: 'subscription.created',
    description: 'A subscription was created (directly, by an order or an import)',
  },
  {
    type: 'subscription.updated',
    description: 'A subscription was changed by an order (terms, quantity, components) or an import',
  },
  { type: 'subscription.end_scheduled', description: 'A subscription was given an end date (it is ending)' },
  {
    type: 'subscription.ended',
    description: 'A subscription passed its end date (noticed by the daily job, once per end)',
  },
  { type: 'subscription_component.created', description: 'A component was added to a subscription' },
  { type: 'order.created', description: 'An order was priced (a preview)' },
  { type: 'order.committed', description: 'An order was committed and applied' },
  { type: 'order.pending_approval', description: 'An order was committed and waits for approval' },
  { type: 'order.approved', description: 'An order was approved and applied' },
  { type: 'order.declined', description: 'An order was declined' },
  { type: 'rated_item.created', description: 'A one-off rated item was added to a subscription' },
  { type: 'rated_item.deleted', description: 'A rated item was removed before it was billed' },
  {
    type: 'usage.batch_received',
    description: 'A batch of usage records was received (a summary, not each record)',
  },
  {
    type: 'billing_run.started',
    description: 'A billing run was started (through the API, or queued by the daily job)',
  },
  {
    type: 'billing_run.completed',
    description: 'A billing run finished: its summary (subscriptions billed, lines made, usage included)',
  },
  { type: 'billing_run.failed', description: 'A billing run stopped with an error' },
  { type: 'invoice_draft.created', description: 'An invoice draft was made (by a billing run or an order)' },
  { type: 'invoice_draft.updated', description: 'A line was added to or removed from an invoice draft' },
  { type: 'invoice.issued', description: 'An invoice draft was sent: the invoice has its number' },
  { type: 'invoice.sent', description: 'An invoice was e-mailed to the customer' },
  { type: 'invoice.paid', description: 'A payment (or account credit) settled an invoice in full' },
  { type: 'invoice.partially_paid', description: 'A payment settled part of an invoice' },
  {
    type: 'invoice.overdue',
    description: 'An invoice passed its due date unpaid (noticed by the daily job, or by a late payment)',
  },
  { type: 'invoice.credited', description: 'A credit note was booked against an invoice' },
  { type: 'credit_note.issued', description: 'A credit note was issued for an invoice' },
  { type: 'credit_note.sent', description: 'A credit note was e-mailed to the customer' },
  { type: 'payment.registered', description: 'A payment was registered through the API' },
  {
    type: 'payment.booked',
    description: 'A payment (API, bank file or card) was booked and matched to an invoice',
  },
  {
    type: 'payment.unmatched',
    description: 'A payment was booked but matched no invoice (unknown reference or currency)',
  },
  { type: 'payments.imported', description: 'A bank file was imported (the counts)' },
  { type: 'payment_card.added', description: 'A payment card was added to an account' },
  { type: 'payment_card.deleted', description: 'A payment card was removed' },
  { type: 'payment_card.made_default', description: "A payment card became the account's default" },
  { type: 'card_charge.succeeded', description: 'A card charge for an invoice succeeded' },
  { type: 'card_charge.declined', description: 'A card charge for an invoice failed: the card was declined' },
  { type: 'card_charge.requires_action', description: 'A card charge needs the card holder (3-D Secure)' },
  {
    type: 'card_charge.retryable',
    description: 'A card charge failed for a reason that is retried (timeout, gateway away)',
  },
  {
    type: 'dunning_step.scheduled',
    description: 'A dunning step was planned (an invoice overdue, or a card charge failed): one per step',
  },
  {
    type: 'dunning_step.done',
    description: 'A dunning step was carried out (reminder, new charge, final action)',
  },
  { type: 'dunning_step.cancelled', description: 'A dunning step was cancelled (the invoice was settled)' },
  { type: 'partner_order.created', description: 'A partner order was received and its invoice issued' },
  {
    type: 'import.created',
    description: 'An imported order created its subscription (the import log entry)',
  },
  {
    type: 'import.updated',
    description: 'An imported order changed its subscription (the import log entry)',
  },
  { type: 'user.added', description: 'A person was added to the organization (invited)' },
  { type: 'user.updated', description: "A person's name, language or role was changed" },
  { type: 'user.removed', description: 'A person was removed from the organization' },
  { type: 'webhook_endpoint.created', description: 'A webhook endpoint was registered' },
  { type: 'webhook_endpoint.updated', description: 'A webhook endpoint was changed or its secret rotated' },
  { type: 'webhook_endpoint.deleted', description: 'A webhook endpoint was deleted' },
];

const KNOWN = new Set(WEBHOOK_EVENT_TYPES.map((t) => t.type));

export function isWebhookEventType(type: string): boolean {
  return KNOWN.has(type);
}
