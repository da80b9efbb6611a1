/** Examples of partner settings and partner orders for the OpenAPI document: a Swedish gym chain's partner. */

const GYM_MONTH = '01a24911-acd8-7000-a855-4d2280a5a3cd';
const GYM_YEAR = '01a24911-ace5-7000-9701-5cffac163684';

export const partnerSettingsInputExample = {
  products: ['GYM-M', 'GYM-Y'],
  payment_terms_days: 10,
  confirmation_email: true,
};

export const partnerSettingsExample = {
  uuid: '01a24911-acef-7000-8dcb-007e244d623e',
  origin: 'flexpay',
  products: [GYM_MONTH, GYM_YEAR],
  business_units: null,
  payment_terms_days: 10,
  confirmation_email: true,
  mark: null,
  created_date: '2025-01-08T09:31:00.000Z',
  updated_date: '2025-01-08T09:31:00.000Z',
};

export const partnerOrderExample = {
  uuid: '01a24911-b229-7000-8e2f-36c54bab9bfe',
  number: '1042',
  origin: 'flexpay',
  account: '01a24911-b1aa-7000-9a9c-9d4791887881',
  employer: '01a24911-ad7b-7000-a099-b1fa94d72c73',
  business_unit: '01a24911-acc2-7000-af46-9822174044ec',
  products: [GYM_YEAR],
  subscriptions: ['01a24911-b229-7001-93e9-63749c4d5dca'],
  invoice: {
    uuid: '01a24911-b248-7000-9bfc-b8b6b4321130',
    number: '2025-001042',
    payment_reference: '10420',
    total: '4500.00',
    balance: '4500.00',
    currency: 'SEK',
    status: 'open',
  },
  created_date: '2025-02-04T08:12:40.000Z',
};
