import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface BillingRunsTable {
  organization_id: string;
  id: string;
  billing_date: string;
  status: 'running' | 'done' | 'failed';
  subscriptions_total: Generated<number>;
  subscriptions_done: Generated<number>;
  lines_created: Generated<number>;
  drafts_touched: Generated<number>;
  batches_total: number | null;
  error: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface BillingRunBatchesTable {
  organization_id: string;
  run_id: string;
  batch_no: number;
  subscriptions: number;
  lines: number;
  done_at: Timestamp;
}

export interface SubscriptionBillingTable {
  organization_id: string;
  subscription_id: string;
  next_period_from: string | null;
  usage_from: string | null;
  /** The instant before which on-time usage is billed: the start of usage_from where it was billed. */
  usage_before: Timestamp | null;
  updated_at: Timestamp;
}

export interface InvoiceDraftsTable {
  organization_id: string;
  id: string;
  account_id: string;
  currency: string;
  status: 'draft' | 'sent';
  /** Set on the draft a partner order is invoiced on (issued at once, in the order's transaction). */
  partner_order_id: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Where a draft line came from; a correction credits days after a subscription's end (issue 11). */
export type DraftLineSource =
  | 'recurring'
  | 'component'
  | 'usage'
  | 'rated_item'
  | 'order'
  | 'manual'
  | 'correction';

export interface InvoiceDraftLinesTable {
  organization_id: string;
  id: string;
  draft_id: string;
  subscription_id: string | null;
  charge_key: string;
  source: DraftLineSource;
  description: string;
  period_start: string | null;
  period_end: string | null;
  quantity: string;
  unit_price: string;
  discount: number;
  amount: number;
  vat_rate: string;
  late: Generated<boolean>;
  created_at: Timestamp;
  removed_at: Timestamp | null;
}

export interface BillingTables {
  billing_runs: BillingRunsTable;
  billing_run_batches: BillingRunBatchesTable;
  subscription_billing: SubscriptionBillingTable;
  invoice_drafts: InvoiceDraftsTable;
  invoice_draft_lines: InvoiceDraftLinesTable;
}
