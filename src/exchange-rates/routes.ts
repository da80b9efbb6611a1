import { z } from 'zod';
import type { Services } from '../context.ts';
import { currencyCode, plainDate } from '../http/common-schemas.ts';
import { dateRanges, listQueryShape, orderingParam, pageSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { actorOf, contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { deleteExchangeRate } from './delete-exchange-rate.ts';
import { exchangeRateSchema } from './exchange-rate-view.ts';
import { EXCHANGE_RATE_SORTS, listExchangeRates } from './list-exchange-rates.ts';
import { setExchangeRate } from './set-exchange-rate.ts';

const tags = ['Metrics'];
const errors = problemResponses;

const rateParams = z.object({
  currency: currencyCode.describe("The currency priced (not the organization's own)"),
  valid_from: plainDate.meta({ format: 'date' }).describe('The first day the rate is in force'),
});

const rateBody = z
  .strictObject({
    rate: z
      .string()
      .max(30)
      .describe(
        'One unit of the currency in the organization\'s currency: a decimal above zero, up to 12 decimals ("7.4612" DKK for 1 EUR)',
      ),
  })
  .meta({ examples: [{ rate: '7.4612' }] });

const listQuery = z.strictObject({
  ...listQueryShape,
  currency: currencyCode.optional().describe('Only the rates of this currency'),
  ordering: orderingParam(EXCHANGE_RATE_SORTS),
});

export function registerExchangeRateRoutes(app: App, services: Services) {
  const ctx = (request: Parameters<typeof actorOf>[0]) => contextOf(services, request);

  app.get('/api/v1/exchange-rates/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listExchangeRates',
      summary: 'List exchange rates',
      description:
        "The organization's exchange rates, oldest first. A rate prices one unit of its currency in the organization's currency from `valid_from` through the day before the currency's next rate; the metrics convert with them (docs/metrics.md).",
      querystring: listQuery,
      response: { 200: pageSchema(exchangeRateSchema), ...errors },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const q = request.query;
      return sendPage(
        request,
        reply,
        await listExchangeRates(ctx(request), { ...q, ...dateRanges(q, actor.organization.timezone) }),
      );
    },
  });

  app.put('/api/v1/exchange-rates/:currency/:valid_from/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'replaceExchangeRate',
      summary: 'Set an exchange rate from a day',
      description:
        "Sets the rate of `currency` in force from `valid_from` (201 when new, 200 when it replaced or repeated one). The organization's own currency has no rate; a rate must be above zero. Audited.",
      params: rateParams,
      body: rateBody,
      response: { 200: exchangeRateSchema, 201: exchangeRateSchema, ...errors },
    },
    handler: async (request, reply) => {
      const result = await setExchangeRate(ctx(request), { ...request.params, rate: request.body.rate });
      if (!result.ok) return sendResult(request, reply, result);
      return reply.code(result.value.created ? 201 : 200).send(result.value.view);
    },
  });

  app.delete('/api/v1/exchange-rates/:currency/:valid_from/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'deleteExchangeRate',
      summary: 'Delete an exchange rate',
      description:
        "Removes the rate of `currency` from `valid_from`: the currency's previous rate, if any, is then in force until its next one. Audited.",
      params: rateParams,
      response: { 204: z.null().describe('Deleted'), ...errors },
    },
    handler: async (request, reply) => {
      const result = await deleteExchangeRate(ctx(request), request.params);
      if (!result.ok) return sendResult(request, reply, result);
      return reply.code(204).send(null);
    },
  });
}
