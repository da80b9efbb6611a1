import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** An organization's exchange rate: one unit of `currency` in its own currency, from `valid_from`. */
export interface ExchangeRatesTable {
  organization_id: string;
  id: string;
  currency: string;
  /** YYYY-MM-DD */
  valid_from: string;
  /** numeric(24, 12), read as a decimal string */
  rate: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MetricsTables {
  exchange_rates: ExchangeRatesTable;
}
