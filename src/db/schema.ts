import type { ColumnType, Generated } from 'kysely';
import type { IntervalUnit } from '../domain/interval.ts';
import type { BillingTables } from './tables-billing.ts';
import type {
  AccountInvoicingColumns,
  InvoicingTables,
  OrganizationInvoicingColumns,
} from './tables-invoicing.ts';
import type { MetricsTables } from './tables-metrics.ts';
import type { PartnerTables } from './tables-partners.ts';
import type { PeopleTables } from './tables-people.ts';
import type { UsageTables } from './tables-usage.ts';
import type { WebhookTables } from './tables-webhooks.ts';

/** jsonb columns: written as JSON text, read back as parsed values. */
export type Json = ColumnType<unknown, string | null, string | null>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface OrganizationsTable extends OrganizationInvoicingColumns {
  id: string;
  organization_id: Generated<string>;
  slug: string;
  name: string;
  country: string;
  currency: string;
  timezone: string;
  order_approval_required: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiTokensTable {
  organization_id: string;
  id: string;
  name: string;
  scope: 'full' | 'read' | 'partner' | 'import';
  token_hash: string;
  token_prefix: string;
  token_suffix: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  /** `token`: a bearer token itself; `oauth_client`: an OAuth client, whose secret buys access tokens (0019). */
  kind: Generated<'token' | 'oauth_client'>;
}

/** Short-lived bearer tokens issued to an OAuth client by POST /oauth/token (0019); only their hash is kept. */
export interface OauthAccessTokensTable {
  organization_id: string;
  id: string;
  client_id: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  organization_id: string;
  id: string;
  occurred_at: Timestamp;
  token_id: string | null;
  user_id: string | null;
  client_system: string | null;
  user_name: string | null;
  request_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json | null;
  after: Json | null;
}

export interface OutboxEventsTable {
  organization_id: string;
  id: string;
  type: string;
  entity_type: string;
  entity_id: string;
  payload: Json;
  occurred_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface IdempotencyKeysTable {
  organization_id: string;
  key: string;
  fingerprint: string;
  status_code: number | null;
  response_body: string | null;
  response_type: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface AccountsTable extends AccountInvoicingColumns {
  organization_id: string;
  id: string;
  code: string;
  name: string;
  /** null only for an employer a partner order named without an e-mail (migration 0035) */
  email: string | null;
  type: 'company' | 'person';
  legal_address: string | null;
  legal_zipcode: string | null;
  legal_city: string | null;
  legal_country: string;
  vat_number: string | null;
  language: 'da' | 'sv' | 'de' | 'en';
  currency: string;
  phone: string | null;
  invoice_email: string | null;
  national_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  archived_at: Timestamp | null;
}

interface CatalogColumns {
  organization_id: string;
  id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  archived_at: Timestamp | null;
}

export interface TaxCategoriesTable extends CatalogColumns {
  code: string;
  name: string;
  rates: ColumnType<Record<string, string>, string, string>;
}

export interface PlanGroupsTable extends CatalogColumns {
  code: string;
  name: string;
  description: string | null;
}

export interface PlansTable extends CatalogColumns {
  code: string;
  name: string;
  description: string | null;
  plan_group_id: string | null;
}

export interface PlanTermsTable extends CatalogColumns {
  plan_id: string;
  code: string | null;
  name: string | null;
  /** numeric(18,4), read as a decimal string */
  price: string;
  currency: string;
  interval_unit: IntervalUnit | null;
  interval_count: number | null;
  punch_card_entries: number | null;
  /** ISO 8601 duration of whole days, weeks, months or years: P12M */
  minimum_term: string | null;
  notice_period: string | null;
  notice_rule: 'end_of_term' | 'end_of_month' | 'months_to_month_end';
  trial_days: number;
  externally_managed: boolean;
  tax_category_id: string | null;
  business_unit_ids: string[] | null;
}

export interface ComponentsTable extends CatalogColumns {
  code: string;
  name: string;
  kind: 'recurring' | 'metered';
  plan_id: string | null;
  currency: string;
  price: string | null;
  price_model: ColumnType<unknown, string | null, string | null>;
  aggregation: 'sum' | 'max' | 'count' | 'unique_count' | 'last' | null;
  unit_name: string | null;
  tax_category_id: string | null;
}

export interface ContractsTable {
  organization_id: string;
  id: string;
  account_id: string;
  plan_terms_id: string;
  /** date, YYYY-MM-DD */
  start_date: string;
  /** date, inclusive; null: open-ended */
  end_date: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContractTiersTable {
  organization_id: string;
  id: string;
  contract_id: string;
  minimum_quantity: number;
  discount: string;
  discount_type: 'percentage' | 'amount';
  created_at: Timestamp;
}

export interface SubscriptionsTable {
  organization_id: string;
  id: string;
  account_id: string;
  collection_method: 'card' | 'invoice';
  start_date: string;
  trial_end: string | null;
  end_date: string | null;
  notice_date: string | null;
  external_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SubscriptionPhasesTable {
  organization_id: string;
  id: string;
  subscription_id: string;
  plan_terms_id: string;
  quantity: number;
  start_date: string;
  end_date: string | null;
  anchor_date: string;
  order_id: string | null;
  /** A price of the subscription's own (an import's override); null: the plan terms' price. */
  unit_price: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface SubscriptionComponentsTable {
  organization_id: string;
  id: string;
  subscription_id: string;
  component_id: string;
  quantity: number | null;
  start_date: string;
  end_date: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type OrderStatus = 'preview' | 'pending_approval' | 'committed' | 'declined' | 'expired';
export type OrderType =
  | 'new_subscription'
  | 'change_terms'
  | 'change_quantity'
  | 'add_component'
  | 'remove_component'
  | 'one_off';

export interface OrdersTable {
  organization_id: string;
  id: string;
  type: OrderType;
  status: OrderStatus;
  account_id: string;
  subscription_id: string | null;
  request: Json;
  currency: string;
  effective_date: string;
  preview: Json;
  total: number;
  subscription_version: Timestamp | null;
  expires_at: Timestamp;
  committed_at: Timestamp | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderLinesTable {
  organization_id: string;
  id: string;
  order_id: string;
  account_id: string;
  subscription_id: string | null;
  line_no: number;
  kind: 'charge' | 'credit';
  description: string;
  period_start: string | null;
  period_end: string | null;
  quantity: string;
  unit_price: string;
  currency: string;
  amount: number;
  discount: number;
  vat_rate: string;
  billed_at: Timestamp | null;
  created_at: Timestamp;
}

export interface Database
  extends UsageTables,
    BillingTables,
    InvoicingTables,
    PartnerTables,
    WebhookTables,
    PeopleTables,
    MetricsTables {
  organizations: OrganizationsTable;
  api_tokens: ApiTokensTable;
  oauth_access_tokens: OauthAccessTokensTable;
  audit_log: AuditLogTable;
  outbox_events: OutboxEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  accounts: AccountsTable;
  tax_categories: TaxCategoriesTable;
  plan_groups: PlanGroupsTable;
  plans: PlansTable;
  plan_terms: PlanTermsTable;
  components: ComponentsTable;
  contracts: ContractsTable;
  contract_tiers: ContractTiersTable;
  subscriptions: SubscriptionsTable;
  subscription_phases: SubscriptionPhasesTable;
  subscription_components: SubscriptionComponentsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
}
