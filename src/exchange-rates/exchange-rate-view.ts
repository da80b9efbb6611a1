import { Decimal } from 'decimal.js';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { ExchangeRatesTable } from '../db/tables-metrics.ts';
import type { Db } from '../db/transaction.ts';
import { type ExchangeRate, type RateBook, rateBook } from '../domain/exchange-rates.ts';
import { dateString, instant, isoInstant } from '../http/common-schemas.ts';

export type ExchangeRateRow = Selectable<ExchangeRatesTable>;

export const exchangeRateExample = {
  uuid: '0194a6f0-7c1e-7a4b-9c2d-3e4f5a6b7c8d',
  currency: 'EUR',
  valid_from: '2025-01-01',
  rate: '7.4612',
  created_at: '2025-01-02T08:00:00.000Z',
  updated_at: '2025-01-02T08:00:00.000Z',
};

export const exchangeRateSchema = z
  .object({
    uuid: z.string(),
    currency: z.string().describe('The currency whose one unit the rate prices'),
    valid_from: dateString.describe("In force from this day through the day before the currency's next rate"),
    rate: z.string().describe('One unit of `currency` in the organization\'s currency, e.g. "7.4612"'),
    created_at: instant,
    updated_at: instant,
  })
  .meta({ id: 'ExchangeRate', examples: [exchangeRateExample] });

export type ExchangeRateView = z.infer<typeof exchangeRateSchema>;

/** A rate as the database keeps it (numeric(24, 12)) in its shortest plain form: "7.4612". */
export function plainRate(rate: string): string {
  return new Decimal(rate).toFixed();
}

export function exchangeRateView(row: ExchangeRateRow): ExchangeRateView {
  return {
    uuid: row.id,
    currency: row.currency,
    valid_from: row.valid_from,
    rate: plainRate(row.rate),
    created_at: isoInstant(row.created_at)!,
    updated_at: isoInstant(row.updated_at)!,
  };
}

export function findExchangeRate(db: Db, organizationId: string, currency: string, validFrom: string) {
  return db
    .selectFrom('exchange_rates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('currency', '=', currency)
    .where('valid_from', '=', validFrom)
    .executeTakeFirst();
}

/** Every exchange rate of an organization, ready for lookups by day (one query). */
export async function loadRateBook(
  db: Db,
  organizationId: string,
): Promise<{ book: RateBook; count: number }> {
  const rows = await db
    .selectFrom('exchange_rates')
    .select(['currency', 'valid_from', 'rate'])
    .where('organization_id', '=', organizationId)
    .execute();
  const rates: ExchangeRate[] = rows.map((r) => ({
    currency: r.currency,
    validFrom: r.valid_from,
    rate: new Decimal(r.rate),
  }));
  return { book: rateBook(rates), count: rows.length };
}
