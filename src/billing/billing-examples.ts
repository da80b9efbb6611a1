/** Examples of billing runs and invoice drafts for the OpenAPI document. */

export const billingRunExample = {
  uuid: '01a24913-83de-7000-a9fd-8ce5f62b1459',
  date: '2025-02-01',
  status: 'done',
  subscriptions_total: 214,
  subscriptions_done: 214,
  lines_created: 388,
  error: null,
  started_date: '2025-02-01T06:00:00.000Z',
  finished_date: '2025-02-01T06:00:41.000Z',
};

export const billingRunRequestExample = { date: '2025-02-01' };

export const draftLineRequestExample = {
  description: 'Opsætning af adgangskort',
  quantity: '2',
  unit_price: '150',
  tax_category: null,
};

const SUBSCRIPTION = '01a24911-ddcd-7000-b347-af167ac2bdae';
export const invoiceDraftExample = {
  uuid: '01a24914-9de9-7001-8d7b-fcae9ea4bc83',
  account: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
  currency: 'DKK',
  status: 'draft',
  lines: [
    {
      uuid: '01a24913-d437-7000-98c7-aaab68e24b3a',
      subscription: SUBSCRIPTION,
      source: 'recurring',
      description: 'Fitness, månedlig × 12',
      period_start: '2025-02-01',
      period_end: '2025-03-01',
      quantity: '12',
      unit_price: '349',
      discount: '628.20',
      amount: '3559.80',
      vat_rate: '25',
      late: false,
    },
    {
      uuid: '01a24913-d44c-7000-927d-15d6d9c314ce',
      subscription: null,
      source: 'manual',
      description: 'Opsætning af adgangskort',
      period_start: null,
      period_end: null,
      quantity: '2',
      unit_price: '150',
      discount: '0.00',
      amount: '300.00',
      vat_rate: '25',
      late: false,
    },
  ],
  vat: [{ rate: '25', base: '3859.80', amount: '964.95' }],
  total_ex_vat: '3859.80',
  total_vat: '964.95',
  total: '4824.75',
  created_date: '2025-02-01T06:00:12.000Z',
  updated_date: '2025-02-01T09:30:40.000Z',
};
