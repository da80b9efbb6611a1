/** Examples of payments, bank files, account credit and cards for the OpenAPI document. */

const ACCOUNT = '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d';
const INVOICE = '01a24914-a3e0-7000-b65d-041a2076b701';

export const paymentRequestExample = {
  amount: '4572.25',
  currency: 'DKK',
  date: '2025-02-13',
  reference: '000020250000428',
  payer_name: 'Bageriet Ærø ApS',
  external_id: 'DB-2025-02-13-0042',
};

export const paymentExample = {
  uuid: '01a24911-9509-7000-8677-98022494c990',
  source: 'api',
  amount: '4572.25',
  currency: 'DKK',
  payment_date: '2025-02-13',
  reference: '000020250000428',
  payer_name: 'Bageriet Ærø ApS',
  account: ACCOUNT,
  status: 'matched',
  allocations: [{ invoice: INVOICE, amount: '4572.25' }],
  created_date: '2025-02-13T10:04:31.000Z',
};

/** A BgMax file from Bankgirot, decoded from Latin-1: one payment of 1,250.00 SEK. */
export const bankFileRequestExample = {
  content: [
    '01BGMAX               0120250317061502123456P',
    '050050501055          SEK',
    '200003783511                202500000122000000000000125000210004100001010',
    '26Anna Svensson',
    '27Storgatan 2                        12345',
    '28Storåker',
    '15000000000000000000000081234123456782025031400041000000000000125000SEK00000001',
    '7000000001000000000000000100000001',
    '',
  ].join('\n'),
};

export const bankFileImportExample = {
  format: 'bgmax',
  matched: 1,
  unmatched: 1,
  duplicates: 0,
  lines: [
    {
      line: 3,
      bank_reference: '9912346/20250314/100000000001',
      reference: '202500000122',
      amount: '1250.00',
      currency: 'SEK',
      date: '2025-03-14',
      outcome: 'matched',
      payment: '01a24911-9521-7000-bce5-ce87ab2635e2',
      invoice: '2025-000122',
      credit: '0.00',
      reason: null,
    },
    {
      line: 9,
      bank_reference: '9912346/20250314/100000000002',
      reference: '9999970',
      amount: '499.00',
      currency: 'SEK',
      date: '2025-03-14',
      outcome: 'unmatched',
      payment: '01a24911-9530-7000-8df3-cae7114ac3e9',
      invoice: null,
      credit: '0.00',
      reason: 'no invoice has the reference 9999970',
    },
  ],
};

export const accountCreditExample = {
  account: ACCOUNT,
  balances: [{ currency: 'DKK', amount: '122.50' }],
  entries: [
    {
      amount: '122.50',
      currency: 'DKK',
      payment: null,
      invoice: null,
      created_date: '2025-02-10T09:15:01.000Z',
    },
  ],
};

export const paymentCardRequestExample = {
  account: 'CUST-4711',
  token: 'pm_1QhZ7kLkdIwHu7ixVb2m1a9T',
  gateway: 'stripe',
};

export const paymentCardExample = {
  uuid: '01a24913-1f90-7000-81f6-0b3cf1bc9589',
  account: ACCOUNT,
  gateway: 'stripe',
  token: '…1a9T',
  created_date: '2025-01-02T14:20:05.000Z',
  default: true,
};
