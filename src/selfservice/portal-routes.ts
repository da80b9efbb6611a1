import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAccount } from '../accounts/find-account.ts';
import { todayIn } from '../clock.ts';
import type { Services, UseCaseContext } from '../context.ts';
import { fail, ok } from '../errors.ts';
import { emptyBody, plainDate, uuidParam } from '../http/common-schemas.ts';
import { readCookie, sessionCookie } from '../http/cookies.ts';
import { listQueryShape, pageSchema, resultsSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import type { App } from '../http/types.ts';
import {
  creditNoteSchema,
  findInvoice,
  invoiceSchema,
  invoiceView,
  linesOfInvoices,
} from '../invoices/invoice-view.ts';
import { listCreditNotes } from '../invoices/list-invoices.ts';
import { chargeInvoiceCard } from '../payments/charge-invoice-card.ts';
import { makePaymentCardDefault, paymentCardSchema } from '../payments/payment-cards.ts';
import {
  cancellationPreviewSchema,
  endSubscription,
  previewCancellation,
} from '../subscriptions/end-subscription.ts';
import { listSubscriptions } from '../subscriptions/list-subscriptions.ts';
import { subscriptionOverview, subscriptionOverviewSchema } from '../subscriptions/subscription-overview.ts';
import { findSubscription } from '../subscriptions/subscription-view.ts';
import { type PortalAction, portalSettingsOf } from '../tenancy/portal-settings.ts';
import { customerContext } from './customer-context.ts';
import {
  authenticatePortalSession,
  endPortalSession,
  exchangeLinkToken,
  linkOrganizationSlug,
  PORTAL_COOKIE,
  PORTAL_IDLE_MINUTES,
} from './portal-sessions.ts';
import {
  selfServiceCancelExample,
  selfServicePaymentExample,
  selfServiceSessionExample,
  selfServiceSubscriptionExample,
} from './selfservice-examples.ts';
import { cardSetupGateways } from './start-card-setup.ts';

const errors = problemResponses;
const tags = ['Self-service'];
const access = { access: 'self_service' as const };

/** Where the browser goes after the link: the portal, or the page saying the link no longer works. */
export const PORTAL_PATH = '/self-service/';
export const PORTAL_LINK_INVALID_PATH = '/self-service/link-invalid';

const portalSessionSchema = z
  .object({
    csrf_token: z
      .string()
      .nullable()
      .describe('Send it as X-CSRF-Token on writes made with the portal cookie (null for a token)'),
    idle_minutes: z.number().int().describe('The session ends after this long without a request'),
    account: z.object({
      uuid: z.uuid(),
      code: z.string(),
      name: z.string(),
      language: z.string().nullable(),
    }),
    organization: z.object({
      name: z.string(),
      logo_url: z.string().nullable(),
      colour: z.string().nullable(),
      currency: z.string(),
    }),
    actions: z
      .object({ cards: z.boolean(), details: z.boolean(), plan_change: z.boolean(), cancel: z.boolean() })
      .describe('What the organization lets customers do in the portal'),
    card_gateways: z
      .array(z.enum(['stripe', 'quickpay']))
      .describe('The gateways a customer can add a card with (POST /api/self-service/card-setups/)'),
  })
  .meta({ id: 'SelfServiceSession', examples: [selfServiceSessionExample] });

const portalSubscriptionSchema = subscriptionOverviewSchema
  .extend({
    next_billing_date: z
      .string()
      .nullable()
      .describe('The day the next period is billed (advance billing); null when none follows'),
  })
  .meta({ id: 'SelfServiceSubscription', examples: [selfServiceSubscriptionExample] });

async function organizationRow(services: Services, organizationId: string) {
  return services.db
    .selectFrom('organizations')
    .selectAll()
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
}

/** Refuses a customer action the organization has switched off (before anything is read or written). */
export async function refuseDisabled(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  action: PortalAction,
): Promise<boolean> {
  const row = await organizationRow(services, request.customer!.organization.id);
  if (portalSettingsOf(row)[`portal_${action}`]) return false;
  await sendResult(
    request,
    reply,
    fail('action_disabled', `the organization does not offer "${action}" in self-service`),
  );
  return true;
}

/** The subscription, when it is the customer's own. */
export async function ownSubscription(ctx: UseCaseContext, accountId: string, id: string) {
  const row = await findSubscription(ctx.db, ctx.actor.organizationId, id);
  return row && row.account_id === accountId ? row : undefined;
}

export function registerPortalRoutes(app: App, services: Services) {
  app.get('/self-service/login', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'openSelfServiceLink',
      summary: 'Open a self-service link: its token is exchanged, once, for the portal’s session cookie',
      description: `The browser is sent on to ${PORTAL_PATH} with an HttpOnly cookie for the link's account, and the token leaves the address bar. A used, expired or unknown link goes to ${PORTAL_LINK_INVALID_PATH} (with ?organization=<slug> when the link was real, for the request of a new one by e-mail); the token is never shown back.`,
      querystring: z.object({ token: z.string().max(200).optional() }),
      response: { 303: z.null().describe('To the portal, or to the page saying the link no longer works') },
    },
    handler: async (request, reply) => {
      const exchanged = request.query.token
        ? await exchangeLinkToken(services.db, services.clock, request.query.token)
        : null;
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      if (!exchanged) {
        const slug = request.query.token
          ? await linkOrganizationSlug(services.db, request.query.token)
          : null;
        const query = slug ? `?organization=${encodeURIComponent(slug)}` : '';
        return reply.redirect(`${PORTAL_LINK_INVALID_PATH}${query}`, 303);
      }
      reply.header('set-cookie', sessionCookie(request, PORTAL_COOKIE, exchanged.secret));
      return reply.redirect(PORTAL_PATH, 303);
    },
  });

  app.get('/api/self-service/session/', {
    config: access,
    schema: {
      tags,
      operationId: 'getSelfServiceSession',
      summary: 'Get the portal session',
      description:
        'The customer’s session: their account, the organization’s look, and what the portal offers',
      response: { 200: portalSessionSchema, ...errors },
    },
    handler: async (request, reply) => {
      const { ctx, accountId } = customerContext(services, request);
      const account = (await findAccount(ctx.db, ctx.actor.organizationId, accountId))!;
      const organization = await organizationRow(services, ctx.actor.organizationId);
      const portal = portalSettingsOf(organization);
      const cookie = request.headers.authorization ? null : readCookie(request, PORTAL_COOKIE);
      const session = cookie ? await authenticatePortalSession(services.db, services.clock, cookie) : null;
      return reply.send({
        csrf_token: session?.csrfToken ?? null,
        idle_minutes: PORTAL_IDLE_MINUTES,
        account: { uuid: account.id, code: account.code, name: account.name, language: account.language },
        organization: {
          name: organization.name,
          logo_url: portal.portal_logo_url,
          colour: portal.portal_colour,
          currency: organization.currency,
        },
        actions: {
          cards: portal.portal_cards,
          details: portal.portal_details,
          plan_change: portal.portal_plan_change,
          cancel: portal.portal_cancel,
        },
        card_gateways: cardSetupGateways(services),
      });
    },
  });

  app.delete('/api/self-service/session/', {
    config: access,
    schema: {
      tags,
      operationId: 'deleteSelfServiceSession',
      summary: 'Sign out of the portal',
      description: 'Ends the portal session: its cookie no longer works.',
      response: { 204: z.null(), ...errors },
    },
    handler: async (request, reply) => {
      await endPortalSession(services.db, services.clock, request.customer!);
      reply.header('set-cookie', sessionCookie(request, PORTAL_COOKIE, null));
      return reply.code(204).send(null);
    },
  });

  app.post('/api/self-service/paymentcards/:id/default/', {
    config: access,
    schema: {
      tags,
      operationId: 'setDefaultSelfServicePaymentCard',
      summary: 'Make a card the default',
      description: 'Make a card the default: the one charged from now on',
      params: uuidParam,
      response: { 200: paymentCardSchema, ...errors },
    },
    handler: async (request, reply) => {
      if (await refuseDisabled(services, request, reply, 'cards')) return reply;
      const { ctx, accountId } = customerContext(services, request);
      return sendResult(request, reply, await makePaymentCardDefault(ctx, request.params.id, accountId));
    },
  });

  app.get('/api/self-service/credit-notes/', {
    config: access,
    schema: {
      tags,
      operationId: 'listSelfServiceCreditNotes',
      summary: 'The customer’s credit notes',
      description: 'The credit notes of the customer’s account.',
      querystring: z.strictObject({ limit: listQueryShape.limit, cursor: listQueryShape.cursor }),
      response: { 200: pageSchema(creditNoteSchema), ...errors },
    },
    handler: async (request, reply) => {
      const { ctx, accountId } = customerContext(services, request);
      return sendPage(request, reply, await listCreditNotes(ctx, { ...request.query, account: accountId }));
    },
  });

  app.post('/api/self-service/invoices/:id/pay/', {
    config: access,
    schema: {
      tags,
      operationId: 'paySelfServiceInvoice',
      summary: 'Pay an invoice',
      description: 'Pay what is left of an open invoice with the default card',
      params: uuidParam,
      body: emptyBody(),
      response: {
        200: z
          .object({
            outcome: z.enum([
              'succeeded',
              'declined',
              'requires_action',
              'retryable',
              'no_card',
              'nothing_to_charge',
            ]),
            invoice: invoiceSchema,
          })
          .meta({ id: 'SelfServicePayment', examples: [selfServicePaymentExample] }),
        ...errors,
      },
    },
    handler: async (request, reply) => {
      const { ctx, accountId } = customerContext(services, request);
      const invoice = await findInvoice(ctx.db, ctx.actor.organizationId, request.params.id, 'invoice');
      if (!invoice || invoice.account_id !== accountId)
        return sendResult(request, reply, fail('not_found', `no invoice ${request.params.id}`));
      const outcome = await chargeInvoiceCard(services, invoice, { newAttempt: true });
      const after = (await findInvoice(ctx.db, ctx.actor.organizationId, invoice.id, 'invoice'))!;
      const lines = await linesOfInvoices(ctx.db, ctx.actor.organizationId, [after.id]);
      return sendResult(request, reply, ok({ outcome, invoice: invoiceView(after, lines) }));
    },
  });

  app.get('/api/self-service/invoices/:id/', {
    config: access,
    schema: {
      tags,
      operationId: 'getSelfServiceInvoice',
      summary: 'One of the customer’s invoices',
      description: 'An invoice of the customer’s own account; another account’s answers 404.',
      params: uuidParam,
      response: { 200: invoiceSchema, ...errors },
    },
    handler: async (request, reply) => {
      const { ctx, accountId } = customerContext(services, request);
      const invoice = await findInvoice(ctx.db, ctx.actor.organizationId, request.params.id, 'invoice');
      if (!invoice || invoice.account_id !== accountId)
        return sendResult(request, reply, fail('not_found', `no invoice ${request.params.id}`));
      const lines = await linesOfInvoices(ctx.db, ctx.actor.organizationId, [invoice.id]);
      return reply.send(invoiceView(invoice, lines));
    },
  });

  app.get('/api/self-service/subscriptions/', {
    config: access,
    schema: {
      tags,
      operationId: 'listSelfServiceSubscriptions',
      summary: 'List the customer’s subscriptions',
      description:
        'The customer’s subscriptions, with their terms, discount, components and next billing date',
      response: { 200: resultsSchema(portalSubscriptionSchema), ...errors },
    },
    handler: async (request, reply) => {
      const { ctx, accountId } = customerContext(services, request);
      const page = await listSubscriptions(ctx, { account: accountId, limit: 100 });
      if (!page.ok) return sendResult(request, reply, page);
      const results = [];
      for (const subscription of page.value.results) {
        const overview = await subscriptionOverview(ctx, subscription.uuid);
        if (!overview.ok) return sendResult(request, reply, overview);
        const next = subscription.current_period_end;
        const ends = subscription.end_date !== null && subscription.end_date <= next;
        results.push({ ...overview.value, next_billing_date: ends ? null : next });
      }
      return reply.send({ results });
    },
  });

  app.get('/api/self-service/subscriptions/:id/cancellation-preview/', {
    config: access,
    schema: {
      tags,
      operationId: 'getSelfServiceCancellationPreview',
      summary: 'Preview a cancellation',
      description: 'The earliest end the minimum term and notice period allow, for notice given today',
      params: uuidParam,
      response: { 200: cancellationPreviewSchema, ...errors },
    },
    handler: async (request, reply) => {
      const { ctx, accountId } = customerContext(services, request);
      const row = await ownSubscription(ctx, accountId, request.params.id);
      if (!row) return sendResult(request, reply, fail('not_found', `no subscription ${request.params.id}`));
      const today = todayIn(ctx.clock, ctx.actor.organization.timezone);
      return reply.send(await previewCancellation(ctx.db, ctx.actor.organizationId, row, today));
    },
  });

  app.post('/api/self-service/subscriptions/:id/cancel/', {
    config: access,
    schema: {
      tags,
      operationId: 'cancelSelfServiceSubscription',
      summary: 'Cancel a subscription',
      description: 'Cancel on the earliest end the terms allow (or a later day), with notice given today',
      params: uuidParam,
      body: z
        .strictObject({
          end_date: plainDate
            .optional()
            .describe('Exclusive: the first day without service; default and minimum: the earliest allowed'),
        })
        .nullish()
        .meta({ examples: [selfServiceCancelExample] }),
      response: { 200: subscriptionOverviewSchema.shape.subscription, ...errors },
    },
    handler: async (request, reply) => {
      if (await refuseDisabled(services, request, reply, 'cancel')) return reply;
      const { ctx, accountId } = customerContext(services, request);
      const row = await ownSubscription(ctx, accountId, request.params.id);
      if (!row) return sendResult(request, reply, fail('not_found', `no subscription ${request.params.id}`));
      const today = todayIn(ctx.clock, ctx.actor.organization.timezone);
      const preview = await previewCancellation(ctx.db, ctx.actor.organizationId, row, today);
      const endDate = request.body?.end_date ?? preview.earliest_end_date;
      return sendResult(request, reply, await endSubscription(ctx, row.id, { end_date: endDate }));
    },
  });
}
