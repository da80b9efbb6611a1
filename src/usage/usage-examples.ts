/** Examples of usage records for the OpenAPI document: API calls of a Danish web shop's subscription. */

const SUBSCRIPTION = '01a24914-33c9-7000-b8b4-7cd9c83ccfb8';

export const usageRecordRequestExample = {
  metric: 'API-CALLS',
  quantity: '1250',
  timestamp: '2025-02-14T10:00:00+01:00',
  properties: { endpoint: '/ordrer', region: 'eu-north' },
  event_id: 'webshop-2025-02-14T09:00Z',
};

export const usageRecordExample = {
  uuid: '01a24914-449a-7000-bdb1-a7e75611aee9',
  subscription: SUBSCRIPTION,
  metric: '01a24914-6a79-7000-89de-1ecd30fc42e8',
  quantity: '1250',
  timestamp: '2025-02-14T09:00:00.000Z',
  event_id: 'webshop-2025-02-14T09:00Z',
  unique_key: null,
  properties: { endpoint: '/ordrer', region: 'eu-north' },
  billed: false,
  late: false,
  created_date: '2025-02-14T09:00:02.000Z',
};

export const usageBatchRequestExample = {
  records: [
    {
      subscription: SUBSCRIPTION,
      metric: 'API-CALLS',
      quantity: '1250',
      timestamp: '2025-02-14T09:00:00Z',
      event_id: 'webshop-2025-02-14T09:00Z',
    },
    {
      subscription: SUBSCRIPTION,
      metric: 'API-CALLS',
      quantity: '980',
      timestamp: '2025-02-14T10:00:00Z',
      event_id: 'webshop-2025-02-14T10:00Z',
    },
  ],
};

export const usageBatchResultExample = { received: 2, created: 2, duplicates: 0 };
