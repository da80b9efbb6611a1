import { z } from 'zod';
import { findAccount } from '../accounts/find-account.ts';
import type { Services } from '../context.ts';
import { findOwnRow } from '../db/find-own-row.ts';
import { listPage, mapPage } from '../db/list-page.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { fail, fieldFailure, ok } from '../errors.ts';
import { instant, reference, uuidParam } from '../http/common-schemas.ts';
import { dateRanges, listQueryShape, orderingParam, pageSchema, resultsSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { accountCreditBalance } from '../invoices/account-credit.ts';
import { importBankFile, importReportSchema } from './import-bank-file.ts';
import {
  addPaymentCard,
  deletePaymentCard,
  listPaymentCards,
  paymentCardRequestSchema,
  paymentCardSchema,
} from './payment-cards.ts';
import {
  accountCreditExample,
  bankFileRequestExample,
  paymentCardRequestExample,
  paymentRequestExample,
} from './payment-examples.ts';
import { PAYMENT_SORTS, type PaymentRow, paymentSchema, paymentViews } from './payment-view.ts';
import { paymentRequestSchema, registerPayment } from './register-payment.ts';

const errors = problemResponses;

export function registerPaymentRoutes(app: App, services: Services) {
  const tags = ['Payments'];
  app.post('/api/v1/payments/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createPayment',
      summary: 'Register a payment',
      description:
        'Register a payment of an invoice (by invoice or payment reference); partial and overpayments allowed',
      body: paymentRequestSchema.meta({ examples: [paymentRequestExample] }),
      response: { 201: paymentSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await registerPayment(contextOf(services, request), request.body), 201),
  });

  app.get('/api/v1/payments/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listPayments',
      summary: 'List payments',
      description:
        'Payments, oldest first, a page at a time. Unmatched payments (no invoice found by their reference) need a look.',
      querystring: z.strictObject({
        ...listQueryShape,
        status: z.enum(['matched', 'unmatched']).optional(),
        source: z.enum(['api', 'bgmax', 'camt054', 'card']).optional(),
        account: reference.optional(),
        ordering: orderingParam(PAYMENT_SORTS),
      }),
      response: { 200: pageSchema(paymentSchema), ...errors },
    },
    handler: async (request, reply) => {
      const ctx = contextOf(services, request);
      const organizationId = ctx.actor.organizationId;
      let query = services.db.selectFrom('payments').where('organization_id', '=', organizationId);
      if (request.query.status) query = query.where('status', '=', request.query.status);
      if (request.query.source) query = query.where('source', '=', request.query.source);
      if (request.query.account) {
        const account = await findAccount(services.db, organizationId, request.query.account);
        if (!account)
          return sendResult(
            request,
            reply,
            fieldFailure('query.account', 'not_found', `account: no account ${request.query.account}`),
          );
        query = query.where('account_id', '=', account.id);
      }
      // A payment row is written once (its allocations are rows of their own): created is updated.
      const page = await listPage<PaymentRow>(
        query,
        { ...request.query, ...dateRanges(request.query, ctx.actor.organization.timezone) },
        { created: 'created_at', updated: 'created_at', sorts: PAYMENT_SORTS },
      );
      return sendPage(request, reply, await mapPage(page, (rows) => paymentViews(services.db, rows)));
    },
  });

  app.get('/api/v1/payments/:id/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getPayment',
      summary: 'Get a payment',
      description: 'A payment and what it paid',
      params: uuidParam,
      response: { 200: paymentSchema, ...errors },
    },
    handler: async (request, reply) => {
      const organizationId = contextOf(services, request).actor.organizationId;
      const row = await findOwnRow(services.db, 'payments', organizationId, request.params.id);
      if (!row) return sendResult(request, reply, fail('not_found', `no payment ${request.params.id}`));
      return reply.send((await paymentViews(services.db, [row]))[0]!);
    },
  });

  app.post('/api/v1/payments/import/', {
    config: { access: 'write' },
    bodyLimit: 25 * 1024 * 1024,
    schema: {
      tags,
      operationId: 'importBankFile',
      summary: 'Import a bank file',
      description:
        'Import a bank file (BgMax or camt.054): payments matched by reference, each line reported',
      body: z
        .strictObject({
          content: z
            .string()
            .min(1)
            .describe('The file as text (BgMax is Latin-1: decode it before sending)'),
        })
        .meta({ examples: [bankFileRequestExample] }),
      response: { 200: importReportSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await importBankFile(contextOf(services, request), request.body.content)),
  });

  app.get('/api/v1/accounts/:account/credit/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getAccountCredit',
      summary: "Get an account's credit",
      description:
        "An account's credit (overpayments and refunds not used yet) per currency, and its last movements",
      params: z.object({ account: reference }),
      response: {
        200: z
          .object({
            account: z.uuid(),
            balances: z.array(z.object({ currency: z.string(), amount: z.string() })),
            entries: z.array(
              z.object({
                amount: z.string().describe('In (+) from a payment or a credit note, out (−) to an invoice'),
                currency: z.string(),
                payment: z.uuid().nullable(),
                invoice: z.uuid().nullable(),
                created_date: instant,
              }),
            ),
          })
          .meta({ id: 'AccountCredit', examples: [accountCreditExample] }),
        ...errors,
      },
    },
    handler: async (request, reply) => {
      const organizationId = contextOf(services, request).actor.organizationId;
      const account = await findAccount(services.db, organizationId, request.params.account);
      if (!account)
        return sendResult(request, reply, fail('not_found', `no account ${request.params.account}`));
      const entries = await services.db
        .selectFrom('account_credits')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('account_id', '=', account.id)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(100)
        .execute();
      const currencies = [
        ...new Set(
          (
            await services.db
              .selectFrom('account_credits')
              .select('currency')
              .distinct()
              .where('organization_id', '=', organizationId)
              .where('account_id', '=', account.id)
              .execute()
          ).map((r) => r.currency),
        ),
      ].sort();
      const balances = [];
      for (const currency of currencies)
        balances.push({
          currency,
          amount: formatMinorUnits(
            await accountCreditBalance(services.db, organizationId, account.id, currency),
            currency,
          ),
        });
      return reply.send({
        account: account.id,
        balances,
        entries: entries.map((e) => ({
          amount: formatMinorUnits(Number(e.amount), e.currency),
          currency: e.currency,
          payment: e.payment_id,
          invoice: e.invoice_id,
          created_date: new Date(e.created_at).toISOString(),
        })),
      });
    },
  });

  const cardTags = ['Payment cards'];
  app.post('/api/v1/paymentcards/', {
    config: { access: 'write' },
    schema: {
      tags: cardTags,
      operationId: 'createPaymentCard',
      summary: 'Register a payment card',
      description: 'Register a card token from Stripe or QuickPay for an account (seed 000, step 3)',
      body: paymentCardRequestSchema.meta({ examples: [paymentCardRequestExample] }),
      response: { 201: paymentCardSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await addPaymentCard(contextOf(services, request), request.body), 201),
  });

  app.get('/api/v1/paymentcards/', {
    config: { access: 'read' },
    schema: {
      tags: cardTags,
      operationId: 'listPaymentCards',
      summary: 'List payment cards',
      description: "The organization's payment cards, or one account's (?account=)",
      querystring: z.strictObject({ account: reference.optional() }),
      response: { 200: resultsSchema(paymentCardSchema), ...errors },
    },
    handler: async (request, reply) => {
      const organizationId = contextOf(services, request).actor.organizationId;
      let accountId: string | null = null;
      if (request.query.account) {
        const account = await findAccount(services.db, organizationId, request.query.account);
        if (!account)
          return sendResult(
            request,
            reply,
            fieldFailure('query.account', 'not_found', `account: no account ${request.query.account}`),
          );
        accountId = account.id;
      }
      return sendResult(
        request,
        reply,
        ok({ results: await listPaymentCards(services.db, organizationId, accountId) }),
      );
    },
  });

  app.delete('/api/v1/paymentcards/:id/', {
    config: { access: 'write' },
    schema: {
      tags: cardTags,
      operationId: 'deletePaymentCard',
      summary: 'Remove a payment card',
      description: 'Remove a payment card; it is never charged again',
      params: uuidParam,
      response: { 204: z.null(), ...errors },
    },
    handler: async (request, reply) => {
      const result = await deletePaymentCard(contextOf(services, request), request.params.id);
      if (!result.ok) return sendResult(request, reply, result);
      return reply.code(204).send(null);
    },
  });
}
