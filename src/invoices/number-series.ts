import { sql } from 'kysely';
import type { NumberSeriesTable } from '../db/tables-invoicing.ts';
import type { Tx } from '../db/transaction.ts';
import { formatDocumentNumber, numberPeriod } from '../domain/document-numbers.ts';

/**
 * The next number of a series, taken in the caller's transaction. The upsert locks the series row
 * until that transaction ends, so concurrent senders queue behind each other, and a rollback hands the
 * number back: the series stays gapless (a PostgreSQL sequence would not).
 */
export async function takeNextNumber(
  tx: Tx,
  organizationId: string,
  series: NumberSeriesTable['series'],
  format: string,
  issueDate: string,
): Promise<string> {
  const period = numberPeriod(format, issueDate);
  const row = await sql<{ last_value: number }>`
    insert into number_series (organization_id, series, period, last_value)
    values (${organizationId}, ${series}, ${period}, 1)
    on conflict (organization_id, series, period)
    do update set last_value = number_series.last_value + 1
    returning last_value`.execute(tx);
  return formatDocumentNumber(format, issueDate, Number(row.rows[0]!.last_value));
}
