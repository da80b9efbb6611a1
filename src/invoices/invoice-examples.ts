/**
 * Examples of invoices and credit notes for the OpenAPI document: Bageriet Ærø ApS's February invoice
 * for 12 gym memberships (15 % volume discount) and two towel services, and a credit of one line.
 */

const ACCOUNT = '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d';
const SUBSCRIPTION = '01a24911-ddcd-7000-b347-af167ac2bdae';
export const INVOICE_ID = '01a24914-a3e0-7000-b65d-041a2076b701';
const membershipLine = {
  uuid: '01a24914-a3e3-7000-ae47-4cf2274eb91c',
  subscription: SUBSCRIPTION,
  credited_line: null,
  description: 'Fitness, månedlig × 12',
  period_start: '2025-02-01',
  period_end: '2025-03-01',
  quantity: '12',
  unit_price: '349',
  discount: '628.20',
  amount: '3559.80',
  vat_rate: '25',
};
const towelLine = {
  ...membershipLine,
  uuid: '01a24914-a3e3-7001-b347-88fc1e15d416',
  description: 'Håndklædeservice × 2',
  quantity: '2',
  unit_price: '49',
  discount: '0.00',
  amount: '98.00',
};

const documentFields = {
  account: ACCOUNT,
  currency: 'DKK',
  issue_date: '2025-02-01',
  reverse_charge: false,
  buyer_reference: null,
  purchase_order_reference: 'PO-2025-117',
  emailed_date: '2025-02-01T06:02:11.000Z',
  created_date: '2025-02-01T06:02:10.000Z',
};

export const invoiceExample = {
  uuid: INVOICE_ID,
  number: '2025-000042',
  ...documentFields,
  lines: [membershipLine, towelLine],
  vat: [{ rate: '25', base: '3657.80', amount: '914.45' }],
  total_ex_vat: '3657.80',
  total_vat: '914.45',
  total: '4572.25',
  status: 'open',
  due_date: '2025-02-15',
  collection_method: 'invoice',
  payment_reference: '000020250000428',
  payment_reference_scheme: 'dk_fik71',
  paid: '0.00',
  credited: '0.00',
  balance: '4572.25',
  draft: '01a24914-9de9-7001-8d7b-fcae9ea4bc83',
  updated_date: '2025-02-01T06:02:11.000Z',
};

export const creditNoteExample = {
  uuid: '01a24914-a6f2-7000-bb1a-26461f0218d1',
  number: 'CN-2025-000007',
  ...documentFields,
  issue_date: '2025-02-10',
  emailed_date: '2025-02-10T09:15:02.000Z',
  created_date: '2025-02-10T09:15:01.000Z',
  lines: [{ ...towelLine, uuid: '01a24914-a6f5-7000-a032-46056355368b', credited_line: towelLine.uuid }],
  vat: [{ rate: '25', base: '98.00', amount: '24.50' }],
  total_ex_vat: '98.00',
  total_vat: '24.50',
  total: '122.50',
  invoice: INVOICE_ID,
};

export const creditNoteRequestExample = { lines: [{ line: towelLine.uuid, amount: '98.00' }] };

export const sendDraftExample = { purchase_order_reference: 'PO-2025-117' };

const FILE_TOKEN =
  'MDFhMjQ5MTQtOTUyOC03MDAwLWFhZjctMGJiNDQyYjU5ZmQzLjAxYTI0OTE0LTllYTQtNzAwMC1iN2ViLWRkZTFiOGYzYjM2Ni4xNzM1NzE5MzAw.ATcxEBh_7Z5U3OkyeVyQmp6ojMzM37506KhiclB6pZA';
export const downloadLinkExample = {
  url: `https://kassa.nordlys.dk/api/files/invoices/${FILE_TOKEN}`,
  expires_at: '2025-02-01T08:15:00.000Z',
  einvoice_url: null,
};

/** The start of an invoice's e-invoice (Peppol BIS Billing 3.0 UBL). */
export const einvoiceXmlExample = `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ID>2025-000042</cbc:ID>
  <cbc:IssueDate>2025-02-01</cbc:IssueDate>
  <cbc:DocumentCurrencyCode>DKK</cbc:DocumentCurrencyCode>
  …
</Invoice>`;

/** A PDF's first bytes: the answer is the whole binary file. */
export const pdfExample = '%PDF-1.7 …';
