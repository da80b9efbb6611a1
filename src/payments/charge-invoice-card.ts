import { recordChange } from '../audit/record-change.ts';
import { todayIn } from '../clock.ts';
import { commandLineActor, type Services } from '../context.ts';
import { invoiceCollection } from '../dunning/collection-view.ts';
import { newId } from '../ids.ts';
import { integrationsOf } from '../integrations.ts';
import { type InvoiceRow, invoiceBalance } from '../invoices/invoice-view.ts';
import { bookPayment } from './book-payment.ts';
import { cardGateway } from './gateways/card-gateway.ts';
import { defaultPaymentCard } from './payment-cards.ts';

export type CardChargeOutcome =
  | 'succeeded'
  | 'declined'
  | 'requires_action'
  | 'retryable'
  | 'no_card'
  | 'nothing_to_charge';

async function organizationOf(services: Services, organizationId: string) {
  return services.db
    .selectFrom('organizations')
    .select(['id', 'country', 'currency', 'timezone'])
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
}

/**
 * Charges the balance of a card-collected invoice to the account's card. The try is written before the
 * gateway is called and keeps its idempotency key until it has an answer: a retry after a timeout or a
 * crash asks the gateway with the same key, so the card is never charged twice. `newAttempt` (dunning,
 * after a decline) starts a further try with a key of its own.
 */
export async function chargeInvoiceCard(
  services: Services,
  invoice: InvoiceRow,
  options: { newAttempt?: boolean } = {},
): Promise<CardChargeOutcome> {
  const organizationId = invoice.organization_id;
  const current = await services.db
    .selectFrom('invoices')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', invoice.id)
    .executeTakeFirstOrThrow();
  const amount = invoiceBalance(current);
  if (current.collection_method !== 'card' || amount <= 0) return 'nothing_to_charge';
  const last = await services.db
    .selectFrom('card_charges')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoice.id)
    .orderBy('attempt', 'desc')
    .executeTakeFirst();
  if (last?.status === 'succeeded') return 'succeeded';
  const unfinished = last && (last.status === 'pending' || last.status === 'retryable');
  if (last && !unfinished && !options.newAttempt) return last.status as CardChargeOutcome;
  // An unfinished try is asked for again exactly as it was made: on its own card, even if the customer
  // has added another (or removed that one) since. Another token under the same idempotency key would
  // be refused by Stripe, and the money the first request may have taken would go unnoticed.
  const card = unfinished
    ? await services.db
        .selectFrom('payment_cards')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('id', '=', last.card_id)
        .executeTakeFirst()
    : await defaultPaymentCard(services.db, organizationId, current.account_id);
  if (!card) return 'no_card';
  const now = services.clock.now();
  let charge = unfinished ? last : undefined;
  if (!charge) {
    const attempt = (last?.attempt ?? 0) + 1;
    charge = await services.db
      .insertInto('card_charges')
      .values({
        organization_id: organizationId,
        id: newId(),
        invoice_id: invoice.id,
        card_id: card.id,
        attempt,
        idempotency_key: `kassa-${invoice.id}-${attempt}`,
        amount,
        status: 'pending',
        gateway_reference: null,
        error: null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const gateway = cardGateway(card.gateway, integrationsOf(services).gateways);
  const result = gateway
    ? await gateway.charge({
        token: card.token,
        customer: card.gateway_customer,
        amountMinor: Number(charge.amount),
        currency: current.currency,
        orderId: charge.attempt === 1 ? current.number : `${current.number}-${charge.attempt}`,
        description: `Invoice ${current.number}`,
        idempotencyKey: charge.idempotency_key,
      })
    : ({ outcome: 'retryable', reason: `no ${card.gateway} gateway is configured` } as const);
  const organization = await organizationOf(services, organizationId);
  const timezone = organization.timezone;
  await services.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('card_charges')
      .set({
        status: result.outcome,
        gateway_reference: 'gatewayReference' in result ? result.gatewayReference : null,
        error: 'reason' in result ? result.reason.slice(0, 500) : null,
        updated_at: services.clock.now(),
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', charge.id)
      .execute();
    if (result.outcome === 'succeeded')
      await bookPayment(
        tx,
        organizationId,
        {
          source: 'card',
          externalId: result.gatewayReference,
          amount: Number(charge.amount),
          currency: current.currency,
          date: todayIn(services.clock, timezone),
          reference: null,
          payerName: null,
          invoiceId: invoice.id,
        },
        todayIn(services.clock, timezone),
        services.clock.now(),
      );
    await recordChange(
      tx,
      {
        actor: { ...commandLineActor(organization), clientSystem: 'kassa-card-charge', user: null },
        clock: services.clock,
      },
      {
        action: `card_charge.${result.outcome}`,
        entityType: 'card_charge',
        entityId: charge.id,
        before: null,
        after: {
          invoice: invoice.id,
          attempt: charge.attempt,
          amount: Number(charge.amount),
          gateway: card.gateway,
          ...('gatewayReference' in result ? { gateway_reference: result.gatewayReference } : {}),
          ...('reason' in result ? { reason: result.reason } : {}),
        },
        data: await invoiceCollection(
          tx,
          await tx
            .selectFrom('invoices')
            .selectAll()
            .where('organization_id', '=', organizationId)
            .where('id', '=', invoice.id)
            .executeTakeFirstOrThrow(),
        ),
      },
    );
  });
  return result.outcome;
}
