/** Examples of orders for the OpenAPI document: Bageriet Ærø ApS raises its memberships from 1 to 4. */

const SUBSCRIPTION = '01a24915-e031-7000-a57a-69d6d81e83c0';

export const orderRequestExample = { type: 'change_quantity', subscription: SUBSCRIPTION, quantity: 4 };

export const orderExample = {
  uuid: '01a24915-e49b-7000-9b81-fe67ace16da6',
  type: 'change_quantity',
  status: 'committed',
  account: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
  subscription: SUBSCRIPTION,
  effective_date: '2025-01-10',
  currency: 'DKK',
  lines: [
    {
      description: 'Unused time on Fitness, månedlig × 1 (22 of 31 days)',
      kind: 'credit',
      billing: 'one_off',
      period_start: '2025-01-10',
      period_end: '2025-02-01',
      quantity: '1',
      unit_price: '349',
      factor: '0.709677',
      discount: '0.00',
      amount: '-247.68',
      vat_rate: '25',
    },
    {
      description: 'Remaining time on Fitness, månedlig × 4 (22 of 31 days)',
      kind: 'charge',
      billing: 'one_off',
      period_start: '2025-01-10',
      period_end: '2025-02-01',
      quantity: '4',
      unit_price: '349',
      factor: '0.709677',
      discount: '0.00',
      amount: '990.71',
      vat_rate: '25',
    },
  ],
  vat: [{ rate: '25', base: '743.03', amount: '185.76' }],
  total_ex_vat: '743.03',
  total_vat: '185.76',
  total: '928.79',
  request: orderRequestExample,
  expires_date: '2025-01-11T08:00:00.000Z',
  committed_date: '2025-01-10T08:03:12.000Z',
  decided_date: null,
  created_date: '2025-01-10T08:00:00.000Z',
};
