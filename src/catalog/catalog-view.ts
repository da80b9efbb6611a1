import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { CURRENCY_EXPONENTS } from '../domain/iso.ts';
import { instant, isoInstant } from '../http/common-schemas.ts';
import type { CatalogRow } from './catalog-resource.ts';

/** The fields every catalog item shows. */
export const catalogViewFields = {
  uuid: z.uuid(),
  archived: z.boolean(),
  created_date: instant,
  updated_date: instant,
};

export function catalogViewOf(row: CatalogRow) {
  return {
    uuid: row.id,
    archived: row.archived_at !== null,
    created_date: isoInstant(row.created_at)!,
    updated_date: isoInstant(row.updated_at)!,
  };
}

/** A stored price (numeric, 4 decimals) as the API shows it: at least the currency's decimals ("99.00"). */
export function priceText(stored: string, currency: string): string {
  const value = new Decimal(stored);
  return value.toFixed(Math.max(CURRENCY_EXPONENTS[currency] ?? 2, value.decimalPlaces()));
}
