import { z } from 'zod';
import { formatMinorUnits } from '../domain/money.ts';
import { MOVEMENT_TYPES, type MovementTotals, type MrrMovement, totalsOf } from '../domain/mrr-movements.ts';
import { movementExample, mrrSeriesExample, receivablesExample, summaryExample } from './metrics-examples.ts';

const money = z.string().describe('Decimal string in major units, e.g. "1200.00"');
const signedMoney = z.string().describe('Signed decimal string in major units, e.g. "-300.00"');
const rate = z
  .string()
  .nullable()
  .describe('A percentage with two decimals, e.g. "4.17"; null when there was nothing to divide by');
const date = z.iso.date();

export const movementAmountsSchema = z
  .object({
    new: signedMoney,
    expansion: signedMoney,
    contraction: signedMoney,
    churn: signedMoney,
    reactivation: signedMoney,
    net: signedMoney.describe('All five added up: the change in MRR'),
  })
  .describe('MRR movements by type, signed: contraction and churn are negative')
  .meta({ id: 'MrrMovementTotals' });

export type MovementAmounts = z.infer<typeof movementAmountsSchema>;

export function formatTotals(totals: MovementTotals, currency: string): MovementAmounts {
  let net = 0;
  const result = {} as MovementAmounts;
  for (const type of MOVEMENT_TYPES) {
    result[type] = formatMinorUnits(totals[type], currency);
    net += totals[type];
  }
  result.net = formatMinorUnits(net, currency);
  return result;
}

export function movementAmounts(movements: readonly MrrMovement[], currency: string): MovementAmounts {
  return formatTotals(totalsOf(movements), currency);
}

const ageing = z.object({
  total: money,
  invoices: z.number().int().describe('Invoices with something left to pay'),
  not_due: money.describe('Not yet due'),
  days_0_30: money.describe('0–30 days past the due date (due that very day is 0)'),
  days_31_60: money,
  days_61_90: money,
  days_over_90: money,
});

export const receivablesAgeingSchema = ageing.meta({ id: 'ReceivablesAgeing' });

export const currencySummarySchema = z
  .object({
    currency: z.string(),
    mrr: money.describe('Monthly recurring revenue at the close of `date`'),
    arr: money.describe('MRR × 12'),
    active_subscriptions: z.number().int().describe('Subscriptions with MRR at the close of `date`'),
    paying_accounts: z.number().int().describe('Accounts with MRR at the close of `date`'),
    arpa: money.nullable().describe('Average revenue per paying account: MRR ÷ paying accounts'),
    opening_mrr: money.describe('MRR at the close of the day before the period'),
    movements: movementAmountsSchema,
    churned_accounts: z.number().int().describe('Churn movements in the period'),
    logo_churn_rate: rate.describe('Churned accounts ÷ paying accounts at the period start, in %'),
    gross_mrr_churn_rate: rate.describe('(churn + contraction) ÷ opening MRR, in %'),
    net_mrr_churn_rate: rate.describe('(churn + contraction − expansion − reactivation) ÷ opening MRR, in %'),
    invoiced: money.describe('Invoice totals (VAT included) issued in the period'),
    paid: money.describe('Payments received in the period, by payment date'),
    credited: money.describe('Credit note totals issued in the period'),
    receivables: receivablesAgeingSchema,
    dso: z
      .string()
      .nullable()
      .describe(
        'Days sales outstanding: receivables ÷ invoiced in the period × its days; null without invoices',
      ),
  })
  .meta({ id: 'MetricsCurrencySummary' });

export const rateUsedSchema = z
  .object({
    currency: z.string(),
    rate: z.string().describe("One unit of `currency` in the organization's currency"),
    valid_from: date.describe('The first day of the rate used'),
  })
  .meta({ id: 'ExchangeRateUsed' });

const missingCurrencies = z
  .array(z.string())
  .describe('Currencies with figures but no exchange rate on the day: left out of the converted figures');

export const convertedSummarySchema = z
  .object({
    currency: z.string().describe("The organization's currency"),
    rates: z.array(rateUsedSchema).describe('The rate of each other currency in force on `date`'),
    missing_currencies: missingCurrencies,
    mrr: money,
    arr: money,
    paying_accounts: z
      .number()
      .int()
      .describe('Accounts with MRR in a converted currency at the close of `date`, each once'),
    arpa: money.nullable().describe('Converted MRR ÷ those paying accounts'),
    opening_mrr: money,
    movements: movementAmountsSchema,
    churned_accounts: z
      .number()
      .int()
      .describe(
        'Accounts that stopped paying in all converted currencies on a day of the period (one that still pays in another has not churned)',
      ),
    logo_churn_rate: rate.describe(
      'Churned accounts ÷ paying accounts (across currencies) at the period start, in %',
    ),
    gross_mrr_churn_rate: rate.describe('Converted (churn + contraction) ÷ converted opening MRR, in %'),
    net_mrr_churn_rate: rate.describe(
      'Converted (churn + contraction − expansion − reactivation) ÷ converted opening MRR, in %',
    ),
    invoiced: money,
    paid: money,
    credited: money,
    dso: z
      .string()
      .nullable()
      .describe('Converted receivables ÷ converted invoiced in the period × its days; null without invoices'),
    receivables: z.object({
      total: money,
      not_due: money,
      days_0_30: money,
      days_31_60: money,
      days_61_90: money,
      days_over_90: money,
    }),
  })
  .describe(
    "Every currency's figures converted to the organization's currency at the rates in force on `date`, each rounded once, then added; null while the organization has set no exchange rates",
  )
  .meta({ id: 'MetricsConvertedSummary' });

export const summarySchema = z
  .object({
    date: date,
    period: z.object({
      start: date.describe('First day of the period (by default the day after `date` minus one month)'),
      end: date,
      days: z.number().int(),
    }),
    organization_currency: z.string(),
    trials: z.object({
      started: z.number().int().describe('Subscriptions with a trial that started in the period'),
      ended: z
        .number()
        .int()
        .describe('Trials that ended in the period (or whose subscription ended in them)'),
      converted: z.number().int().describe('Of those, the ones that went on as paying subscriptions'),
      conversion_rate: rate,
    }),
    currencies: z.array(currencySummarySchema).describe("One entry per currency, the organization's first"),
    converted: convertedSummarySchema.nullable(),
  })
  .meta({ id: 'MetricsSummary', examples: [summaryExample] });

export const mrrStepSchema = z
  .object({
    start: date,
    end: date,
    mrr: money.describe('MRR at the close of `end`'),
    arr: money,
    paying_accounts: z.number().int(),
    movements: movementAmountsSchema,
    currency_effect: signedMoney
      .optional()
      .describe(
        'Converted series only: what the change of exchange rates moved, so that net + currency_effect = MRR − the previous step',
      ),
  })
  .meta({ id: 'MrrStep' });

export const mrrSeriesSchema = z
  .object({
    currency: z.string(),
    interval: z.enum(['day', 'month']),
    from: date,
    to: date,
    opening_mrr: money.describe('MRR at the close of the day before `from`'),
    converted: z
      .boolean()
      .describe("Every currency converted to the organization's currency (`convert=true`)"),
    missing_currencies: missingCurrencies.optional(),
    results: z
      .array(mrrStepSchema)
      .describe('Each step: its movements add up to its MRR minus the previous one'),
  })
  .meta({ id: 'MrrSeries', examples: [mrrSeriesExample] });

export const accountRefSchema = z.object({
  uuid: z.string(),
  code: z.string(),
  name: z.string(),
});

export const movementSchema = z
  .object({
    date: date.describe('The day the MRR changed (a churn: the first day without service)'),
    account: accountRefSchema,
    currency: z.string(),
    type: z.enum(['new', 'expansion', 'contraction', 'churn', 'reactivation']),
    amount: signedMoney,
    mrr_before: money,
    mrr_after: money,
    subscriptions: z.array(
      z.object({
        subscription: z.string(),
        mrr_before: money,
        mrr_after: money,
        reason: z.enum([
          'subscription_started',
          'trial_converted',
          'plan_changed',
          'quantity_changed',
          'price_changed',
          'component_changed',
          'discount_changed',
          'subscription_ended',
        ]),
      }),
    ),
  })
  .meta({ id: 'MrrMovement', examples: [movementExample] });

export const receivablesSchema = z
  .object({
    date: date,
    currencies: z.array(z.object({ currency: z.string() }).extend(ageing.shape)),
    accounts: z
      .array(z.object({ account: accountRefSchema, currency: z.string() }).extend(ageing.shape))
      .describe('The accounts behind the figures, largest total first'),
  })
  .meta({ id: 'Receivables', examples: [receivablesExample] });
