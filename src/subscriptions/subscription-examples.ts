/** Examples of subscriptions and their parts for the OpenAPI document: Bageriet Ærø's gym membership. */

const SUBSCRIPTION = '01a24911-ddcd-7000-b347-af167ac2bdae';
const TERMS = '01a24911-acd8-7000-a855-4d2280a5a3cd';

export const subscriptionExample = {
  uuid: SUBSCRIPTION,
  account: 'CUST-4711',
  account_uuid: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
  terms: TERMS,
  quantity: 12,
  scheduled_change: { date: '2025-03-01', terms: '01a24911-db08-7000-a3de-aa02a381e7da', quantity: 12 },
  collection_method: 'invoice',
  status: 'active',
  current_period_start: '2025-02-01',
  current_period_end: '2025-03-01',
  start_date: '2025-01-01',
  trial_end: null,
  end_date: null,
  notice_date: null,
  external_id: null,
  created_date: '2024-12-18T09:12:44.000Z',
  updated_date: '2025-02-03T13:05:10.000Z',
};

export const newSubscriptionExample = {
  account: 'CUST-4711',
  terms: 'GYM-M',
  quantity: 12,
  collection_method: 'invoice',
  start_date: '2025-01-01',
};

export const subscriptionComponentExample = {
  uuid: '01a24911-df19-7000-81c8-99c7abe2c432',
  subscription: SUBSCRIPTION,
  component: '01a24916-aaae-7000-83e2-0274a8154efa',
  quantity: 2,
  start_date: '2025-01-22',
  end_date: null,
  created_date: '2025-01-22T08:00:00.000Z',
};

export const newSubscriptionComponentExample = { component: 'TOWEL', quantity: 2, start_date: '2025-01-22' };

export const subscriptionOverviewExample = {
  subscription: { ...subscriptionExample, scheduled_change: null },
  plan_terms: {
    uuid: TERMS,
    plan: '01a24911-accf-7000-8504-89abd2edb1f2',
    price: '349.00',
    currency: 'DKK',
    interval: 'month',
    interval_count: 1,
  },
  discount: {
    contract: '01a24916-2300-7000-87d6-f679d3185b04',
    minimum_quantity: 10,
    discount: '15.00',
    discount_type: 'percentage',
  },
  components: [
    {
      uuid: '01a24911-df19-7000-81c8-99c7abe2c432',
      component: '01a24916-aaae-7000-83e2-0274a8154efa',
      code: 'TOWEL',
      name: 'Håndklædeservice',
      kind: 'recurring',
      quantity: 2,
      price: '49.00',
      start_date: '2025-01-22',
      end_date: null,
    },
  ],
};

export const cancellationPreviewExample = {
  subscription: SUBSCRIPTION,
  notice_date: '2025-04-15',
  earliest_end_date: '2025-07-01',
  next_possible_end_date: '2025-08-01',
  minimum_term: 'P6M',
  minimum_term_end: '2025-07-01',
  notice_period: 'P1M',
  notice_rule: 'end_of_term',
};

export const endSubscriptionExample = { end_date: '2025-07-01', notice_date: '2025-04-15' };
