/** Examples of contracts (volume discounts agreed with an account) for the OpenAPI document. */

const tier = {
  uuid: '01a24916-2316-7000-9245-0426a24f2e44',
  minimum_quantity: 10,
  discount: '15.00',
  discount_type: 'percentage',
};

export const contractExample = {
  uuid: '01a24916-2300-7000-87d6-f679d3185b04',
  account: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
  plan_terms: '01a24911-acd8-7000-a855-4d2280a5a3cd',
  start_date: '2025-01-01',
  end_date: '2025-12-31',
  tiers: [tier],
  created_date: '2025-01-15T10:00:00.000Z',
  updated_date: '2025-01-15T10:00:00.000Z',
};

export const newContractExample = { plan_terms: 'GYM-M', start_date: '2025-01-01', end_date: '2025-12-31' };
export const contractChangeExample = { end_date: '2026-06-30' };
export const newTierExample = { minimum_quantity: 10, discount: '15.00', discount_type: 'percentage' };
