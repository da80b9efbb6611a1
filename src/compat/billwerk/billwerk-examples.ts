/** Examples of the Billwerk adapter's catalog, invoices and webhooks for the OpenAPI document. */

const PLAN_GROUP = '01a24913-015a-7000-819b-4390206d19d9';
const PLAN = '01a24913-0166-7000-a63b-a84030a9569f';
const CUSTOMER = '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d';
const CONTRACT = '01a24913-01b2-7000-b11d-2526a8ca6fe1';
const catalogDates = {
  Hidden: false,
  CreatedAt: '2025-01-10T08:00:00.000Z',
  UpdatedAt: '2025-01-10T08:00:00.000Z',
};

export const billwerkPlanGroupExample = {
  Id: PLAN_GROUP,
  ExternalId: 'MEMBERSHIPS',
  InternalName: 'Medlemskaber',
  ...catalogDates,
  Name: { _c: 'Medlemskaber' },
  Description: { _c: 'Alle medlemskaber i centrene' },
};

export const billwerkPlanExample = {
  Id: PLAN,
  ExternalId: 'GYM',
  InternalName: 'Fitness',
  ...catalogDates,
  Name: { _c: 'Fitness' },
  Description: null,
  PlanGroupId: PLAN_GROUP,
};

export const billwerkPlanVariantExample = {
  Id: '01a24913-0173-7000-af8b-18deb78bed3d',
  ExternalId: 'GYM-M',
  InternalName: 'Fitness, månedlig',
  ...catalogDates,
  PlanId: PLAN,
  Description: { _c: 'Fitness, månedlig' },
  RecurringFee: 349,
  Currency: 'DKK',
  FeePeriod: { Unit: 'Month', Quantity: 1 },
  BillingPeriod: { Unit: 'Month', Quantity: 1 },
  ContractPeriod: { Unit: 'Month', Quantity: 6 },
  CancellationPeriod: { Unit: 'Month', Quantity: 1 },
  TrialPeriod: { Unit: 'Day', Quantity: 14 },
  PunchCardEntries: null,
};

const documentFields = {
  CustomerId: CUSTOMER,
  ContractId: CONTRACT,
  Currency: 'DKK',
  TotalNet: 3559.8,
  TotalVat: 889.95,
  TotalGross: 4449.75,
  VatItems: [{ VatPercentage: 25, TotalNet: 3559.8, TotalVat: 889.95 }],
  CreatedAt: '2025-02-01T06:02:10.000Z',
};
const item = {
  ContractId: CONTRACT,
  Description: 'Fitness, månedlig × 12',
  Quantity: 12,
  PricePerUnit: 349,
  Discount: 628.2,
  TotalNet: 3559.8,
  VatPercentage: 25,
  PeriodStart: '2025-02-01',
  PeriodEnd: '2025-03-01',
};
const DRAFT = '01a24913-02d7-7000-93b8-f3904f16df3d';

export const billwerkInvoiceDraftExample = {
  Id: DRAFT,
  ...documentFields,
  ItemList: [{ Id: '01a24913-02d9-7000-bb62-0c13c0b18920', ...item }],
  Status: 'Draft',
  UpdatedAt: '2025-02-01T06:02:10.000Z',
};

export const billwerkInvoiceExample = {
  Id: '01a24913-0311-7000-86f1-3d2faf375ef1',
  ...documentFields,
  ItemList: [{ Id: '01a24913-0313-7000-ae6e-d6daa3ab1ef3', ...item }],
  IsInvoice: true,
  InvoiceNumber: '2025-000042',
  DocumentDate: '2025-02-01',
  DueDate: '2025-02-15',
  SentAt: '2025-02-01T06:02:11.000Z',
  IsReverseCharge: false,
  Status: 'open',
  AmountPaid: 0,
  AmountDue: 4449.75,
  PaymentReference: '000020250000428',
  DraftId: DRAFT,
  ReferencedInvoiceId: null,
};

export const billwerkDownloadLinkExample = {
  Url: 'https://kassa.nordlys.dk/api/files/invoices/MDFhMjQ5MTItZmY0MC03MDAwLTk5NTEtZTkxMWFiNzY4OTE0LjAxYTI0OTEzLTAzMTEtNzAwMC04NmYxLTNkMmZhZjM3NWVmMS4xNzM1NzE5MzAw.j9QEoEtmoEongrt1nXX8NsQwxgPWy_IENtFHV_IqE7Y',
  ExpiresAt: '2025-02-01T08:15:00.000Z',
  EInvoiceUrl: null,
};

export const billwerkWebhookExample = {
  Id: '01a24913-05b1-7000-8349-41a9bc810067',
  Url: 'https://erp.bageriet.dk/billwerk/hooks',
  Events: ['CustomerCreated', 'InvoiceCreated'],
  Description: 'Bogføring',
  Enabled: true,
  CreatedAt: '2025-01-15T10:00:00.000Z',
};

export const billwerkWebhookWithSecretExample = {
  ...billwerkWebhookExample,
  Secret: 'whsec_a5dLr+KpaIWBWsInxhonhTTyzy1eaMnQTzhIX/BEBeY=',
};

export const billwerkUsageRequestExample = {
  ComponentId: 'API-CALLS',
  Quantity: '1250',
  DueDate: '2025-02-14T09:00:00',
  Description: 'API-kald, formiddag',
};

export const billwerkComponentSubscriptionRequestExample = {
  ComponentId: 'TOWEL',
  Quantity: 2,
  StartDate: '2025-02-01',
};

export const billwerkRatedItemRequestExample = {
  Description: 'Opsætning af adgangskort',
  Quantity: '2',
  PricePerUnit: '150',
  PeriodStart: '2025-02-01T00:00:00',
  PeriodEnd: '2025-02-02T00:00:00',
};

export const billwerkOrderRequestExample = {
  ContractId: CONTRACT,
  Cart: { ComponentSubscriptions: [{ ComponentId: 'TOWEL', Quantity: 3 }] },
};

export const billwerkEndContractExample = { EndDate: '2025-08-01' };
