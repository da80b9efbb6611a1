import { z } from 'zod';
import { findAccount } from '../accounts/find-account.ts';
import type { Services, UseCaseContext } from '../context.ts';
import { fail, fieldFailure, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { integrationsOf } from '../integrations.ts';
import { cardGateway, type GatewayName, STRIPE_JS_URL } from '../payments/gateways/card-gateway.ts';

export const cardSetupSchema = z
  .object({
    uuid: z.uuid(),
    gateway: z.enum(['stripe', 'quickpay']),
    client_secret: z
      .string()
      .nullable()
      .describe('Stripe: the SetupIntent’s client secret, for the Payment Element; null for QuickPay'),
    publishable_key: z.string().nullable().describe('Stripe: the publishable key Stripe.js runs with'),
    script_url: z.string().nullable().describe('Stripe: where to load Stripe.js from'),
    window_url: z
      .string()
      .nullable()
      .describe('QuickPay: its payment window, where the customer enters the card; null for Stripe'),
  })
  .meta({
    id: 'SelfServiceCardSetup',
    examples: [
      {
        uuid: '01a21357-aed0-7000-9c49-e1ab28678686',
        gateway: 'stripe',
        client_secret: 'seti_1Pq2Rs3Tu4Vw5Xy6_secret_Z7a8B9c0',
        publishable_key: 'pk_test_51Pq2Rs3Tu4Vw5Xy6',
        script_url: 'https://js.stripe.com/v3/',
        window_url: null,
      },
    ],
  });
export type CardSetupView = z.output<typeof cardSetupSchema>;

/** The gateways a customer can add a card with: Stripe needs its publishable key too, for Stripe.js. */
export function cardSetupGateways(services: Services): GatewayName[] {
  const { gateways } = integrationsOf(services);
  const names: GatewayName[] = [];
  if (gateways.stripe?.apiKey && gateways.stripe.publishableKey) names.push('stripe');
  if (gateways.quickpay?.apiKey) names.push('quickpay');
  return names;
}

/**
 * Starts adding a card in the portal: Stripe gets a SetupIntent on the account's Stripe customer (the
 * first setup makes the customer; later ones reuse it), QuickPay a saved card and its payment window
 * (which sends the customer back to the portal). Nothing is recorded as a card until the gateway
 * confirms it (completeCardSetup).
 */
export async function startCardSetup(
  ctx: UseCaseContext,
  accountId: string,
  gatewayName: GatewayName,
): Promise<Result<CardSetupView>> {
  const organizationId = ctx.actor.organizationId;
  const integrations = integrationsOf(ctx);
  const gateway = cardSetupGateways(ctx).includes(gatewayName)
    ? cardGateway(gatewayName, integrations.gateways)
    : null;
  if (!gateway)
    return fieldFailure(
      'gateway',
      'not_configured',
      `gateway: ${gatewayName} is not set up for adding cards`,
    );
  const account = await findAccount(ctx.db, organizationId, accountId);
  if (!account) return fail('not_found', `no account ${accountId}`);
  if (account.archived_at !== null) return fail('archived', `account ${account.code} is archived`);
  const earlier = await ctx.db
    .selectFrom('card_setups')
    .select('gateway_customer')
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .where('gateway', '=', gatewayName)
    .where('gateway_customer', 'is not', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const id = newId();
  const back = `${integrations.publicUrl}/self-service/cards/added?setup=${id}`;
  const started = await gateway.startCardSetup({
    customer: earlier?.gateway_customer ?? null,
    accountCode: account.code,
    name: account.name,
    email: account.email,
    setupId: id,
    continueUrl: back,
    cancelUrl: `${integrations.publicUrl}/self-service/`,
    language: account.language ?? 'en',
  });
  if (!started.ok)
    return fail('gateway_failed', `${gatewayName} could not start adding a card (${started.reason})`);
  await ctx.db
    .insertInto('card_setups')
    .values({
      organization_id: organizationId,
      id,
      account_id: accountId,
      gateway: gatewayName,
      gateway_reference: started.reference,
      gateway_customer: started.customer,
      created_at: ctx.clock.now(),
      completed_at: null,
      payment_card_id: null,
    })
    .execute();
  const stripe = integrations.gateways.stripe;
  return ok({
    uuid: id,
    gateway: gatewayName,
    client_secret: started.clientSecret,
    publishable_key: gatewayName === 'stripe' ? (stripe?.publishableKey ?? null) : null,
    script_url: gatewayName === 'stripe' ? (stripe?.scriptUrl ?? STRIPE_JS_URL) : null,
    window_url: started.windowUrl,
  });
}
