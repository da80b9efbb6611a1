/** Examples for the OpenAPI document, taken from the hand-worked history of test/metrics/mrr-history.test.ts. */

const movements = (net: string, over: Record<string, string> = {}) => ({
  new: '0.00',
  expansion: '0.00',
  contraction: '0.00',
  churn: '0.00',
  reactivation: '0.00',
  ...over,
  net,
});

const ageing = {
  total: '150.00',
  invoices: 1,
  not_due: '0.00',
  days_0_30: '150.00',
  days_31_60: '0.00',
  days_61_90: '0.00',
  days_over_90: '0.00',
};

export const summaryExample = {
  date: '2025-04-30',
  period: { start: '2025-03-31', end: '2025-04-30', days: 31 },
  organization_currency: 'DKK',
  trials: { started: 0, ended: 0, converted: 0, conversion_rate: null },
  currencies: [
    {
      currency: 'DKK',
      mrr: '1350.00',
      arr: '16200.00',
      active_subscriptions: 4,
      paying_accounts: 4,
      arpa: '337.50',
      opening_mrr: '1670.00',
      movements: movements('-320.00', { contraction: '-120.00', churn: '-200.00' }),
      churned_accounts: 1,
      logo_churn_rate: '20.00',
      gross_mrr_churn_rate: '19.16',
      net_mrr_churn_rate: '19.16',
      invoiced: '250.00',
      paid: '100.00',
      credited: '0.00',
      receivables: ageing,
      dso: '18.6',
    },
  ],
  converted: null,
};

export const mrrSeriesExample = {
  currency: 'DKK',
  interval: 'month',
  from: '2025-01-01',
  to: '2025-02-28',
  opening_mrr: '0.00',
  converted: false,
  results: [
    {
      start: '2025-01-01',
      end: '2025-01-31',
      mrr: '900.00',
      arr: '10800.00',
      paying_accounts: 4,
      movements: movements('900.00', { new: '900.00' }),
    },
    {
      start: '2025-02-01',
      end: '2025-02-28',
      mrr: '1620.00',
      arr: '19440.00',
      paying_accounts: 5,
      movements: movements('720.00', { new: '200.00', expansion: '520.00' }),
    },
  ],
};

const account = { uuid: '0193a3c1-7c2e-7000-8000-00000000000a', code: 'A', name: 'Account A' };

export const movementExample = {
  date: '2025-02-10',
  account,
  currency: 'DKK',
  type: 'expansion',
  amount: '520.00',
  mrr_before: '500.00',
  mrr_after: '1020.00',
  subscriptions: [
    {
      subscription: '0193a3c1-7c2e-7000-8000-0000000000a1',
      mrr_before: '500.00',
      mrr_after: '1020.00',
      reason: 'quantity_changed',
    },
  ],
};

export const receivablesExample = {
  date: '2025-01-20',
  currencies: [{ currency: 'DKK', ...ageing }],
  accounts: [{ account, currency: 'DKK', ...ageing }],
};
