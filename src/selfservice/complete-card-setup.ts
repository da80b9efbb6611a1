import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { integrationsOf } from '../integrations.ts';
import { cardGateway } from '../payments/gateways/card-gateway.ts';
import { insertPaymentCard, listPaymentCards, type PaymentCardView } from '../payments/payment-cards.ts';

/**
 * Records the card of a portal card setup once the gateway confirms it (Stripe: the SetupIntent
 * succeeded, with its PaymentMethod; QuickPay: the saved card is accepted). Asked again, it answers the
 * same card: a setup becomes at most one card, whether the page or a retry asks first.
 */
export async function completeCardSetup(
  ctx: UseCaseContext,
  accountId: string,
  setupId: string,
): Promise<Result<PaymentCardView>> {
  const organizationId = ctx.actor.organizationId;
  const setup = await ctx.db
    .selectFrom('card_setups')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', setupId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!setup) return fail('not_found', `no card setup ${setupId}`);
  if (setup.payment_card_id !== null) return cardOf(ctx, accountId, setup.payment_card_id);
  const gateway = cardGateway(setup.gateway, integrationsOf(ctx).gateways);
  if (!gateway) return fail('gateway_failed', `${setup.gateway} is no longer set up`);
  const state = await gateway.cardSetupState(setup.gateway_reference);
  if (state.state === 'failed') return fail('gateway_failed', `${setup.gateway}: ${state.reason}`);
  if (state.state === 'incomplete')
    return fail('card_setup_incomplete', `${setup.gateway} has no card for this setup yet (${state.reason})`);
  const recorded = await transact(ctx.db, async (tx) => {
    const locked = await tx
      .selectFrom('card_setups')
      .select('payment_card_id')
      .where('organization_id', '=', organizationId)
      .where('id', '=', setup.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.payment_card_id !== null) return ok(locked.payment_card_id);
    const card = await insertPaymentCard(
      tx,
      ctx,
      {
        account: accountId,
        gateway: setup.gateway,
        token: state.token,
        gatewayCustomer: setup.gateway_customer,
      },
      accountId,
    );
    if (!card.ok) return card;
    await tx
      .updateTable('card_setups')
      .set({ completed_at: ctx.clock.now(), payment_card_id: card.value.uuid })
      .where('organization_id', '=', organizationId)
      .where('id', '=', setup.id)
      .execute();
    return ok(card.value.uuid);
  });
  if (!recorded.ok) return recorded;
  return cardOf(ctx, accountId, recorded.value);
}

async function cardOf(
  ctx: UseCaseContext,
  accountId: string,
  cardId: string,
): Promise<Result<PaymentCardView>> {
  const cards = await listPaymentCards(ctx.db, ctx.actor.organizationId, accountId);
  const card = cards.find((candidate) => candidate.uuid === cardId);
  return card ? ok(card) : fail('not_found', `the card of this setup was removed since`);
}
