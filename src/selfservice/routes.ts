import { z } from 'zod';
import { accountPatchSchema } from '../accounts/account-fields.ts';
import { accountSchema, accountView } from '../accounts/account-view.ts';
import { findAccount } from '../accounts/find-account.ts';
import { updateAccount } from '../accounts/update-account.ts';
import type { Services } from '../context.ts';
import { fail, ok } from '../errors.ts';
import { emptyBody, instant, uuidParam, withRequestExamples } from '../http/common-schemas.ts';
import { listQueryShape, pageSchema, resultsSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { createDownloadLink } from '../invoices/download-link.ts';
import { findInvoice, invoiceSchema } from '../invoices/invoice-view.ts';
import { listInvoices } from '../invoices/list-invoices.ts';
import {
  addPaymentCard,
  deletePaymentCard,
  listPaymentCards,
  paymentCardSchema,
} from '../payments/payment-cards.ts';
import { customerContext } from './customer-context.ts';
import { refuseClaimedEmails } from './email-claims.ts';
import { refuseDisabled } from './portal-routes.ts';
import { SELF_SERVICE_MINUTES } from './self-service-tokens.ts';
import {
  selfServiceAccountPatchExample,
  selfServiceCardRequestExample,
  selfServiceDownloadLinkExample,
  selfServiceLinkExample,
  selfServiceLinkRequestExample,
} from './selfservice-examples.ts';
import { subscriptionSelfServiceToken, tokenFor, tokenSchema } from './subscription-token.ts';

const errors = problemResponses;
const tags = ['Self-service'];
export function registerSelfServiceRoutes(app: App, services: Services) {
  app.post('/api/self-service/initiate-organization/', {
    config: { access: 'write', answersSecret: true },
    schema: {
      tags,
      operationId: 'createSelfServiceLink',
      summary: 'Create a self-service link',
      description: `A self-service link for the account with this e-mail (seed 000); it works for ${SELF_SERVICE_MINUTES} minutes`,
      body: z.strictObject({ email: z.email().max(254) }).meta({ examples: [selfServiceLinkRequestExample] }),
      response: {
        200: z
          .object({ url: z.string() })
          .meta({ id: 'SelfServiceLink', examples: [selfServiceLinkExample] }),
        ...errors,
      },
    },
    handler: async (request, reply) => {
      const organizationId = contextOf(services, request).actor.organizationId;
      const email = request.body.email.toLowerCase();
      const accounts = await services.db
        .selectFrom('accounts')
        .select(['id', 'code'])
        .where('organization_id', '=', organizationId)
        .where('archived_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['email']), '=', email),
            eb(eb.fn('lower', ['invoice_email']), '=', email),
          ]),
        )
        .limit(2)
        .execute();
      if (accounts.length === 0)
        return sendResult(
          request,
          reply,
          fail('not_found', `no live account has the e-mail ${request.body.email}`),
        );
      if (accounts.length > 1)
        return sendResult(
          request,
          reply,
          fail(
            'validation_failed',
            `several accounts have the e-mail ${request.body.email}; use GET /api/v1/subscriptions/{id}/self-service-token/`,
            [{ field: 'email', code: 'ambiguous', message: 'several accounts have this e-mail' }],
          ),
        );
      const token = await tokenFor(services, organizationId, accounts[0]!.id);
      return reply.send({ url: token.url });
    },
  });

  app.get('/api/v1/subscriptions/:id/self-service-token/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'getSelfServiceToken',
      summary: 'Get a self-service token',
      description: `A self-service token for the subscription's account, valid ${SELF_SERVICE_MINUTES} minutes`,
      params: uuidParam,
      response: { 200: tokenSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await subscriptionSelfServiceToken(
          services,
          contextOf(services, request).actor.organizationId,
          request.params.id,
        ),
      ),
  });

  const access = { access: 'self_service' as const };
  app.get('/api/self-service/account/', {
    config: access,
    schema: {
      tags,
      operationId: 'getSelfServiceAccount',
      summary: 'The customer’s own account',
      description: 'The account the self-service token belongs to.',
      response: { 200: accountSchema, ...errors },
    },
    handler: async (request, reply) => {
      const { ctx, accountId } = customerContext(services, request);
      const account = await findAccount(ctx.db, ctx.actor.organizationId, accountId);
      return reply.send(accountView(account!));
    },
  });

  app.patch('/api/self-service/account/', {
    config: access,
    schema: {
      tags,
      operationId: 'updateSelfServiceAccount',
      summary: 'Update billing details',
      description:
        'The customer changes their own billing details: name, e-mail, address, VAT number, e-invoice (Peppol) address and purchase-order reference. An e-mail or invoice e-mail that another live account of the organization uses is refused (`in_use`): sign-in links are sent by e-mail.',
      body: withRequestExamples(
        accountPatchSchema.pick({
          name: true,
          email: true,
          invoice_email: true,
          phone: true,
          legal_address: true,
          legal_zipcode: true,
          legal_city: true,
          vat_number: true,
          language: true,
          electronic_address: true,
          purchase_order_reference: true,
        }),
        [selfServiceAccountPatchExample],
      ),
      response: { 200: accountSchema, ...errors },
    },
    handler: async (request, reply) => {
      if (await refuseDisabled(services, request, reply, 'details')) return reply;
      const { ctx, accountId } = customerContext(services, request);
      const claimed = await refuseClaimedEmails(ctx.db, ctx.actor.organizationId, accountId, request.body);
      if (!claimed.ok) return sendResult(request, reply, claimed);
      return sendResult(
        request,
        reply,
        await updateAccount(ctx, accountId, { mode: 'merge', patch: request.body }),
      );
    },
  });

  app.get('/api/self-service/paymentcards/', {
    config: access,
    schema: {
      tags,
      operationId: 'listSelfServicePaymentCards',
      summary: 'The customer’s cards',
      description: 'The payment cards of the customer’s account.',
      response: { 200: resultsSchema(paymentCardSchema), ...errors },
    },
    handler: async (request, reply) => {
      const { ctx, accountId } = customerContext(services, request);
      return reply.send({ results: await listPaymentCards(ctx.db, ctx.actor.organizationId, accountId) });
    },
  });

  app.post('/api/self-service/paymentcards/', {
    config: access,
    schema: {
      tags,
      operationId: 'createSelfServicePaymentCard',
      summary: 'Add a card token from Stripe or QuickPay',
      description: 'The customer registers a card token made by Stripe or QuickPay in their browser.',
      body: z
        .strictObject({
          token: z.string().trim().min(1).max(255),
          gateway: z.enum(['stripe', 'quickpay']),
        })
        .meta({ examples: [selfServiceCardRequestExample] }),
      response: { 201: paymentCardSchema, ...errors },
    },
    handler: async (request, reply) => {
      if (await refuseDisabled(services, request, reply, 'cards')) return reply;
      const { ctx, accountId } = customerContext(services, request);
      return sendResult(
        request,
        reply,
        await addPaymentCard(ctx, { ...request.body, account: accountId }, accountId),
        201,
      );
    },
  });

  app.delete('/api/self-service/paymentcards/:id/', {
    config: access,
    schema: {
      tags,
      operationId: 'deleteSelfServicePaymentCard',
      summary: 'Remove a card',
      description: 'The customer removes one of their cards; it is never charged again.',
      params: uuidParam,
      response: { 204: z.null(), ...errors },
    },
    handler: async (request, reply) => {
      if (await refuseDisabled(services, request, reply, 'cards')) return reply;
      const { ctx, accountId } = customerContext(services, request);
      const result = await deletePaymentCard(ctx, request.params.id, accountId);
      if (!result.ok) return sendResult(request, reply, result);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/self-service/invoices/', {
    config: access,
    schema: {
      tags,
      operationId: 'listSelfServiceInvoices',
      summary: 'The customer’s invoices',
      description: 'The invoices of the customer’s account.',
      querystring: z.strictObject({ limit: listQueryShape.limit, cursor: listQueryShape.cursor }),
      response: { 200: pageSchema(invoiceSchema), ...errors },
    },
    handler: async (request, reply) => {
      const { ctx, accountId } = customerContext(services, request);
      return sendPage(request, reply, await listInvoices(ctx, { ...request.query, account: accountId }));
    },
  });

  app.post('/api/self-service/invoices/:id/download-link/', {
    config: access,
    schema: {
      tags,
      operationId: 'createSelfServiceDownloadLink',
      summary: 'Create an invoice download link',
      description: 'A link to download one of the customer’s invoices (15 minutes)',
      params: uuidParam,
      body: emptyBody(),
      response: {
        201: z
          .object({ url: z.string(), expires_at: instant })
          .meta({ examples: [selfServiceDownloadLinkExample] }),
        ...errors,
      },
    },
    handler: async (request, reply) => {
      const { ctx, accountId } = customerContext(services, request);
      const invoice = await findInvoice(ctx.db, ctx.actor.organizationId, request.params.id, 'invoice');
      if (!invoice || invoice.account_id !== accountId)
        return sendResult(request, reply, fail('not_found', `no invoice ${request.params.id}`));
      return sendResult(
        request,
        reply,
        ok(await createDownloadLink(services, ctx.actor.organizationId, invoice.id)),
        201,
      );
    },
  });
}
