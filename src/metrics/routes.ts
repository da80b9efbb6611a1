import { z } from 'zod';
import { findAccount } from '../accounts/find-account.ts';
import { todayIn } from '../clock.ts';
import type { Services } from '../context.ts';
import { addToIso } from '../domain/calendar.ts';
import { fieldFailure } from '../errors.ts';
import { currencyCode, plainDate, reference } from '../http/common-schemas.ts';
import { pageSchema } from '../http/list-query.ts';
import { problemSchema } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { actorOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { listMrrMovements } from './list-mrr-movements.ts';
import { metricsSummary } from './metrics-summary.ts';
import { movementSchema, mrrSeriesSchema, receivablesSchema, summarySchema } from './metrics-views.ts';
import { mrrSeriesReport } from './mrr-series-report.ts';
import { receivablesReport } from './receivables-report.ts';

const tags = ['Metrics'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 429: problemSchema };
const day = (what: string) => plainDate.meta({ format: 'date' }).optional().describe(what);

const summaryQuery = z.strictObject({
  date: day("The day whose close the figures describe (default: today in the organization's time zone)"),
  from: day(
    'First day of the period for movements, churn, trials, invoiced and paid (default: the day after `date` minus one month)',
  ),
  period: z
    .enum(['month', 'month_to_date'])
    .optional()
    .describe(
      'Instead of `from`: `month` (the default, the month ending on `date`) or `month_to_date` (from the first day of the month of `date`)',
    ),
});

const seriesQuery = z.strictObject({
  from: day('First day (default: the first day of the month eleven months before `to`)'),
  to: day('Last day (default: today)'),
  interval: z.enum(['day', 'month']).default('month').describe('One step per day or per calendar month'),
  currency: currencyCode.optional().describe("Default: the organization's currency"),
  convert: z
    .enum(['true', 'false'])
    .default('false')
    .describe(
      "`true`: every currency converted to the organization's currency at the rates in force on each step's last day, with each step's currency effect (docs/metrics.md)",
    ),
});

const movementsQuery = z.strictObject({
  from: day('First day (default: the first day of this month)'),
  to: day('Last day (default: today)'),
  currency: currencyCode.optional().describe('Only movements in this currency'),
  type: z.enum(['new', 'expansion', 'contraction', 'churn', 'reactivation']).optional(),
  account: reference.optional().describe('Only this account (uuid or code)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Page size, 1 to 1000 (default 100)'),
  cursor: z.string().max(512).optional().describe('The opaque cursor from `next`'),
});

const receivablesQuery = z.strictObject({
  date: day('The day whose close is asked (default: today)'),
  currency: currencyCode.optional(),
});

export function registerMetricsRoutes(app: App, services: Services) {
  const context = (request: Parameters<typeof actorOf>[0]) => ({ ...services, actor: actorOf(request) });
  const today = (request: Parameters<typeof actorOf>[0]) =>
    todayIn(services.clock, actorOf(request).organization.timezone);

  app.get('/api/v1/metrics/summary/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getMetricsSummary',
      summary: 'Metrics summary: MRR, ARR, accounts, churn, trials, invoiced, paid and receivables',
      description:
        'The figures of docs/metrics.md at the close of `date`, per currency, with the movements, churn rates, trial conversion, invoiced, paid, credited, receivables by age and DSO over the period from `from` through `date`. Computed from subscription phases and documents at once, for any past day.',
      querystring: summaryQuery,
      response: { 200: summarySchema, ...errors },
    },
    handler: async (request, reply) => {
      const q = request.query;
      if (q.from !== undefined && q.period !== undefined)
        return sendResult(
          request,
          reply,
          fieldFailure('query.period', 'invalid', 'period: give either from or period, not both'),
        );
      const date = q.date ?? today(request);
      const from = q.period === 'month_to_date' ? `${date.slice(0, 7)}-01` : q.from;
      const result = await metricsSummary(context(request), { date, from });
      return sendResult(request, reply, result);
    },
  });

  app.get('/api/v1/metrics/mrr/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getMrrSeries',
      summary: 'MRR series with the movements of each step',
      description:
        "MRR in one currency at the close of each day or calendar month from `from` through `to`, and the new, expansion, contraction, churn and reactivation MRR of each step: each step's movements add up to its MRR minus the one before.",
      querystring: seriesQuery,
      response: { 200: mrrSeriesSchema, ...errors },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const to = q.to ?? today(request);
      const from = q.from ?? `${addToIso(to, 'month', -11).slice(0, 7)}-01`;
      const own = actorOf(request).organization.currency;
      const convert = q.convert === 'true';
      if (convert && q.currency !== undefined && q.currency !== own)
        return sendResult(
          request,
          reply,
          fieldFailure(
            'query.currency',
            'invalid',
            `currency: a converted series is in ${own}, the organization's currency`,
          ),
        );
      const currency = q.currency ?? own;
      const result = await mrrSeriesReport(context(request), {
        from,
        to,
        interval: q.interval,
        currency,
        convert,
      });
      return sendResult(request, reply, result);
    },
  });

  app.get('/api/v1/metrics/mrr/movements/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listMrrMovements',
      summary: 'MRR movements: which account moved, by how much, and why',
      description:
        'One row per account, currency and day on which its MRR changed, with the type of movement and each subscription that changed with its reason. In date order; `count` is over all pages.',
      querystring: movementsQuery,
      response: { 200: pageSchema(movementSchema), ...errors },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const ctx = context(request);
      const to = q.to ?? today(request);
      let account: string | undefined;
      if (q.account !== undefined) {
        const found = await findAccount(ctx.db, ctx.actor.organizationId, q.account);
        if (!found)
          return sendResult(
            request,
            reply,
            fieldFailure('query.account', 'not_found', `account: no account ${q.account}`),
          );
        account = found.id;
      }
      const result = await listMrrMovements(ctx, {
        ...q,
        from: q.from ?? `${to.slice(0, 7)}-01`,
        to,
        account,
      });
      return sendPage(request, reply, result);
    },
  });

  app.get('/api/v1/metrics/receivables/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getReceivables',
      summary: 'Receivables by age, per currency and per account',
      description:
        'What invoices still owed at the close of `date`: totals less the payments, account credit and credit notes of that day or earlier, by days past the due date (not due, 0–30, 31–60, 61–90, over 90), per currency and per account.',
      querystring: receivablesQuery,
      response: { 200: receivablesSchema, ...errors },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const result = await receivablesReport(context(request), {
        date: q.date ?? today(request),
        currency: q.currency,
      });
      return sendResult(request, reply, result);
    },
  });
}
