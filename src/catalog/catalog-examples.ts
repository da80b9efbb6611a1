/** Examples of plan terms and components for the OpenAPI document: a Danish gym's membership. */

export const planTermsInputExample = {
  plan: 'GYM',
  code: 'GYM-M',
  name: 'Fitness, månedlig',
  price: '349.00',
  interval: 'month',
  minimum_term: 'P6M',
  notice_period: 'P1M',
  trial_days: 14,
};

export const planTermsPatchExample = { name: 'Fitness, månedlig (6 mdr. binding)', trial_days: 30 };

export const planTermsExample = {
  uuid: '01a24911-acd8-7000-a855-4d2280a5a3cd',
  archived: false,
  created_date: '2025-01-10T08:00:00.000Z',
  updated_date: '2025-01-10T08:00:00.000Z',
  plan: '01a24911-accf-7000-8504-89abd2edb1f2',
  code: 'GYM-M',
  name: 'Fitness, månedlig',
  price: '349.00',
  currency: 'DKK',
  interval: 'month',
  interval_count: 1,
  punch_card_entries: null,
  minimum_term: 'P6M',
  notice_period: 'P1M',
  notice_rule: 'end_of_term',
  trial_days: 14,
  externally_managed: false,
  tax_category: null,
  business_units: null,
};

const apiCallTiers = {
  model: 'graduated',
  tiers: [
    { up_to: 1000, unit_price: '0.10' },
    { up_to: null, unit_price: '0.05', flat_fee: '10' },
  ],
};

export const componentInputExample = {
  code: 'API-CALLS',
  name: 'API-kald',
  kind: 'metered',
  price_model: apiCallTiers,
  unit_name: 'kald',
};

export const componentPatchExample = { name: 'API-kald (over 1.000 pr. måned)' };

export const componentExample = {
  uuid: '01a24914-6a79-7000-89de-1ecd30fc42e8',
  archived: false,
  created_date: '2025-01-15T10:00:00.000Z',
  updated_date: '2025-01-15T10:00:00.000Z',
  code: 'API-CALLS',
  name: 'API-kald',
  kind: 'metered',
  plan: null,
  currency: 'DKK',
  price: null,
  price_model: apiCallTiers,
  aggregation: 'sum',
  unit_name: 'kald',
  tax_category: null,
};
