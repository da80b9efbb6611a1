/** An example of an audit log entry for the OpenAPI document: an account's invoice e-mail changed. */

const before = {
  uuid: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
  code: 'CUST-4711',
  name: 'Bageriet Ærø ApS',
  email: 'regnskab@bageriet.dk',
  invoice_email: null,
  payment_terms_days: 14,
};

export const auditEntryExample = {
  uuid: '01a24917-423a-7000-8463-adc1b197748b',
  created_date: '2025-02-03T13:05:10.000Z',
  action: 'account.updated',
  entity_type: 'account',
  entity_id: before.uuid,
  token: '019ae2a4-4b1c-7d3e-9f00-2c5d6e7f8a9b',
  client_system: 'crm',
  user: 'mette.hansen@nordlys.dk',
  user_id: null,
  request_id: '01a24917-4231-7000-b564-04ee905da5c1',
  before,
  after: { ...before, invoice_email: 'faktura@bageriet.dk', payment_terms_days: 30 },
};
