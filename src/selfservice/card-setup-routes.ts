import { z } from 'zod';
import type { Services } from '../context.ts';
import { emptyBody, uuidParam } from '../http/common-schemas.ts';
import { problemResponses, problemSchema } from '../http/problem.ts';
import { sendResult } from '../http/reply.ts';
import type { App } from '../http/types.ts';
import { paymentCardSchema } from '../payments/payment-cards.ts';
import { completeCardSetup } from './complete-card-setup.ts';
import { customerContext } from './customer-context.ts';
import { refuseDisabled } from './portal-routes.ts';
import { cardSetupSchema, startCardSetup } from './start-card-setup.ts';

const tags = ['Self-service'];
const access = { access: 'self_service' as const };

/** Adding a card in the portal: started at the gateway, recorded when the gateway confirms it. */
export function registerCardSetupRoutes(app: App, services: Services) {
  app.post('/api/self-service/card-setups/', {
    config: access,
    schema: {
      tags,
      operationId: 'createSelfServiceCardSetup',
      summary: 'Start adding a card',
      description:
        'Stripe: a SetupIntent whose client secret the page confirms with Stripe.js’s Payment Element. QuickPay: a saved card and the address of its payment window, which sends the customer back to /self-service/cards/added. The card is recorded only when the setup is completed. 400 when the gateway is not set up, 502 when it refuses or does not answer.',
      body: z
        .strictObject({ gateway: z.enum(['stripe', 'quickpay']).describe('Which gateway takes the card') })
        .meta({ examples: [{ gateway: 'stripe' }] }),
      response: { 201: cardSetupSchema, ...problemResponses, 502: problemSchema },
    },
    handler: async (request, reply) => {
      if (await refuseDisabled(services, request, reply, 'cards')) return reply;
      const { ctx, accountId } = customerContext(services, request);
      return sendResult(request, reply, await startCardSetup(ctx, accountId, request.body.gateway), 201);
    },
  });

  app.post('/api/self-service/card-setups/:id/complete/', {
    config: access,
    schema: {
      tags,
      operationId: 'completeSelfServiceCardSetup',
      summary: 'Record the card of a setup',
      description:
        'Asks the gateway whether the setup has its card (Stripe: the SetupIntent succeeded; QuickPay: the saved card is accepted) and records it as the account’s default card. Asked again, it answers the same card. 409 card_setup_incomplete while the gateway has no card.',
      params: uuidParam,
      body: emptyBody(),
      response: { 200: paymentCardSchema, ...problemResponses, 502: problemSchema },
    },
    handler: async (request, reply) => {
      if (await refuseDisabled(services, request, reply, 'cards')) return reply;
      const { ctx, accountId } = customerContext(services, request);
      return sendResult(request, reply, await completeCardSetup(ctx, accountId, request.params.id));
    },
  });
}
