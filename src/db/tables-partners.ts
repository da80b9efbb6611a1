import type { ColumnType, Generated } from 'kysely';
import type { Json } from './schema.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface BusinessUnitsTable {
  organization_id: string;
  id: string;
  code: string;
  name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  archived_at: Timestamp | null;
}

export interface PartnerSettingsTable {
  organization_id: string;
  id: string;
  origin: string;
  plan_terms_ids: string[];
  business_unit_ids: string[] | null;
  payment_terms_days: number | null;
  confirmation_email: Generated<boolean>;
  mark: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PartnerOrdersTable {
  organization_id: string;
  id: string;
  number: string;
  origin: string;
  account_id: string;
  employer_account_id: string | null;
  business_unit_id: string;
  invoice_id: string;
  plan_terms_ids: string[];
  subscription_ids: string[];
  request_xml: string;
  created_at: Timestamp;
}

export interface ImportedOrdersTable {
  organization_id: string;
  id: string;
  external_system_id: string;
  account_id: string;
  plan_terms_id: string;
  subscription_id: string;
  last_request: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImportLogTable {
  organization_id: string;
  id: string;
  external_system_id: string | null;
  source: 'api' | 'file';
  outcome: 'created' | 'updated' | 'unchanged' | 'refused';
  request: Json;
  result: Json | null;
  error: Json | null;
  created_at: Timestamp;
}

export interface PartnerTables {
  business_units: BusinessUnitsTable;
  partner_settings: PartnerSettingsTable;
  partner_orders: PartnerOrdersTable;
  imported_orders: ImportedOrdersTable;
  import_log: ImportLogTable;
}
