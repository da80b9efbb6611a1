import type { ColumnType, Generated } from 'kysely';
import type { ReferenceScheme } from '../domain/payment-references.ts';
import type { Json } from './schema.ts';
import type { DraftLineSource } from './tables-billing.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** Minor units in bigint columns (read back as numbers, see database.ts). */
type Minor = number;

export type InvoiceStatus = 'open' | 'partially_paid' | 'paid' | 'overdue' | 'credited' | 'issued';
export type SendDrafts = 'review' | 'automatic';
export type DunningFinalAction = 'none' | 'end_subscription';

/** The invoicing columns of `organizations` (declared with the table in schema.ts). */
export interface OrganizationInvoicingColumns {
  legal_address: string | null;
  vat_number: string | null;
  organization_number: string | null;
  email: string | null;
  pay_to: string | null;
  invoice_number_format: Generated<string>;
  credit_note_number_format: Generated<string>;
  payment_terms_days: Generated<number>;
  payment_reference_scheme: Generated<ReferenceScheme>;
  send_drafts: Generated<SendDrafts>;
  dunning_days: ColumnType<number[], number[] | undefined, number[]>;
  dunning_final_action: Generated<DunningFinalAction>;
  portal_logo_url: string | null;
  portal_colour: string | null;
  portal_cards: Generated<boolean>;
  portal_details: Generated<boolean>;
  portal_plan_change: Generated<boolean>;
  portal_cancel: Generated<boolean>;
  /** Origins whose pages may call /api/self-service/* from a browser (CORS, migration 0036). */
  self_service_origins: ColumnType<string[], string[] | undefined, string[]>;
  /** Peppol participant id, "scheme:id" (0018) */
  electronic_address: string | null;
  phone: string | null;
  /** What the organization sells to businesses in other EU countries (migration 0034). */
  eu_supplies: Generated<'services' | 'goods'>;
  /** Why its 0 % supplies are exempt (EN 16931 BT-120), and the VATEX code (BT-121). */
  vat_exemption_reason: string | null;
  vat_exemption_code: string | null;
}

export interface AccountInvoicingColumns {
  payment_terms_days: number | null;
  send_drafts: SendDrafts | null;
  /** Peppol participant id, "scheme:id" (0018) */
  electronic_address: string | null;
  buyer_reference: string | null;
  purchase_order_reference: string | null;
  einvoice_format: 'peppol-bis' | 'xrechnung-ubl' | 'xrechnung-cii' | 'zugferd' | null;
}

export interface NumberSeriesTable {
  organization_id: string;
  series: 'invoice' | 'credit_note' | 'customer' | 'partner_order';
  period: string;
  last_value: number;
}

export interface InvoicesTable {
  organization_id: string;
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  draft_id: string | null;
  credited_invoice_id: string | null;
  account_id: string;
  currency: string;
  language: 'da' | 'sv' | 'de' | 'en';
  issue_date: string;
  due_date: string | null;
  net_amount: Minor;
  vat_amount: Minor;
  total_amount: Minor;
  paid_amount: Generated<number>;
  credited_amount: Generated<number>;
  status: InvoiceStatus;
  collection_method: 'invoice' | 'card';
  payment_reference: string | null;
  payment_reference_scheme: ReferenceScheme | null;
  reverse_charge: boolean;
  seller: Json;
  buyer: Json;
  vat_summary: Json;
  emailed_at: Timestamp | null;
  email_error: string | null;
  /** `partner`: the partner that ordered pays it; the buyer gets no e-mail of it. */
  delivery: Generated<'email' | 'partner'>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InvoiceLinesTable {
  organization_id: string;
  id: string;
  invoice_id: string;
  position: number;
  subscription_id: string | null;
  credited_line_id: string | null;
  /** The draft line's source (migration 0010); null on credit notes and on lines issued before. */
  source: ColumnType<DraftLineSource | null, DraftLineSource | null | undefined, DraftLineSource | null>;
  description: string;
  period_start: string | null;
  period_end: string | null;
  quantity: string;
  unit_price: string;
  discount: Minor;
  amount: Minor;
  vat_rate: string;
}

export interface InvoicePdfsTable {
  organization_id: string;
  invoice_id: string;
  pdf: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  created_at: Timestamp;
}

export interface SigningKeysTable {
  organization_id: string;
  secret: string;
  created_at: Timestamp;
}

export interface PaymentsTable {
  organization_id: string;
  id: string;
  source: 'api' | 'bgmax' | 'camt054' | 'card';
  external_id: string | null;
  amount: Minor;
  currency: string;
  payment_date: string;
  reference: string | null;
  payer_name: string | null;
  account_id: string | null;
  status: 'matched' | 'unmatched';
  created_at: Timestamp;
}

export interface PaymentAllocationsTable {
  organization_id: string;
  id: string;
  invoice_id: string;
  payment_id: string | null;
  amount: Minor;
  created_at: Timestamp;
}

export interface AccountCreditsTable {
  organization_id: string;
  id: string;
  account_id: string;
  currency: string;
  amount: Minor;
  payment_id: string | null;
  invoice_id: string | null;
  created_at: Timestamp;
}

export interface PaymentCardsTable {
  organization_id: string;
  id: string;
  account_id: string;
  gateway: 'stripe' | 'quickpay';
  token: string;
  /** Stripe: the customer (cus_…) the PaymentMethod is attached to; null for a card registered by token. */
  gateway_customer: string | null;
  created_at: Timestamp;
  /** The card charged is the live one preferred last: when added, or made the default since. */
  preferred_at: Timestamp;
  deleted_at: Timestamp | null;
}

export type CardChargeStatus = 'pending' | 'succeeded' | 'declined' | 'requires_action' | 'retryable';

export interface CardChargesTable {
  organization_id: string;
  id: string;
  invoice_id: string;
  card_id: string;
  attempt: number;
  idempotency_key: string;
  amount: Minor;
  status: CardChargeStatus;
  gateway_reference: string | null;
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DunningStepsTable {
  organization_id: string;
  id: string;
  invoice_id: string;
  step_no: number;
  due_on: string;
  final: boolean;
  status: 'scheduled' | 'done' | 'cancelled';
  result: string | null;
  done_at: Timestamp | null;
}

export interface SelfServiceTokensTable {
  organization_id: string;
  id: string;
  account_id: string;
  token_hash: string;
  expires_at: Timestamp;
  created_at: Timestamp;
  /** When the link was exchanged for a portal session; a used token opens nothing. */
  used_at: Timestamp | null;
}

/** A customer's portal session (HttpOnly cookie), ending 30 minutes after its last request. */
export interface SelfServiceSessionsTable {
  organization_id: string;
  id: string;
  account_id: string;
  secret_hash: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  ended_at: Timestamp | null;
}

/** A customer's attempt to add a card in the portal, recorded once the gateway says it succeeded. */
export interface CardSetupsTable {
  organization_id: string;
  id: string;
  account_id: string;
  gateway: 'stripe' | 'quickpay';
  /** Stripe: the SetupIntent (seti_…); QuickPay: the saved card's id. */
  gateway_reference: string;
  /** Stripe: the customer (cus_…) the SetupIntent attaches the card to. */
  gateway_customer: string | null;
  created_at: Timestamp;
  completed_at: Timestamp | null;
  payment_card_id: string | null;
}

export interface InvoicingTables {
  number_series: NumberSeriesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_pdfs: InvoicePdfsTable;
  signing_keys: SigningKeysTable;
  payments: PaymentsTable;
  payment_allocations: PaymentAllocationsTable;
  account_credits: AccountCreditsTable;
  payment_cards: PaymentCardsTable;
  card_charges: CardChargesTable;
  dunning_steps: DunningStepsTable;
  self_service_tokens: SelfServiceTokensTable;
  self_service_sessions: SelfServiceSessionsTable;
  card_setups: CardSetupsTable;
}
