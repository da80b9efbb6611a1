/** Examples of the order import for the OpenAPI document: a German publisher's print subscription (seed 003). */

export const importOrderExample = {
  externalSystemId: 'ABO-2025-0815',
  planTerms: 'PRINT-M',
  invoiceCustomerId: '10001',
  quantity: 1,
  startDate: '2025-03-01',
  paymentMethod: 'invoice',
  reference: 'Vertrag 0815',
};

export const importResultExample = {
  externalSystemId: 'ABO-2025-0815',
  outcome: 'created',
  subscription: '01a21365-3e4b-7000-9adb-368f7b4c2dc5',
  changes: ['created the subscription'],
};

export const importLogEntryExample = {
  uuid: '01a21366-4168-7000-be12-9859af558824',
  externalSystemId: 'ABO-2025-0903',
  source: 'api',
  outcome: 'refused',
  request: { ...importOrderExample, externalSystemId: 'ABO-2025-0903', invoiceCustomerId: 'K-777777' },
  result: null,
  error: {
    code: 'unknown_account',
    detail: 'invoiceCustomerId: no account K-777777; create the customer first (POST /api/v1/accounts/)',
    errors: [{ code: 'not_found', field: 'invoiceCustomerId', message: 'no account K-777777' }],
  },
  created_date: '2025-02-20T09:40:02.676Z',
};
