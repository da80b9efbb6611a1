import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface UsageRecordsTable {
  organization_id: string;
  id: string;
  subscription_id: string;
  component_id: string;
  event_id: string;
  /** numeric(20,6), read as a decimal string */
  quantity: string;
  occurred_at: Timestamp;
  unique_key: string | null;
  properties: ColumnType<unknown, string | null, string | null>;
  created_at: Timestamp;
  billed_at: Timestamp | null;
  draft_id: string | null;
  late: Generated<boolean>;
}

export interface RatedItemsTable {
  organization_id: string;
  id: string;
  subscription_id: string;
  account_id: string;
  description: string;
  quantity: string;
  unit_price: string;
  currency: string;
  tax_category_id: string | null;
  created_at: Timestamp;
  billed_at: Timestamp | null;
  draft_id: string | null;
}

export interface UsageTables {
  usage_records: UsageRecordsTable;
  rated_items: RatedItemsTable;
}
