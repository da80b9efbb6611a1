import { Decimal } from 'decimal.js';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { UsageRecordsTable } from '../db/tables-usage.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { instant, isoInstant, UUID_PATTERN } from '../http/common-schemas.ts';
import { usageRecordExample } from './usage-examples.ts';
import { isBilled } from './usage-watermark.ts';

export type UsageRow = Selectable<UsageRecordsTable>;

export const usageRecordSchema = z
  .object({
    uuid: z.uuid(),
    subscription: z.uuid(),
    metric: z.uuid().describe('The metered component'),
    quantity: z.string(),
    timestamp: instant,
    event_id: z.string(),
    unique_key: z.string().nullable(),
    properties: z.record(z.string(), z.unknown()).nullable(),
    billed: z
      .boolean()
      .describe(
        'A billing run has passed it: on time, behind the subscription’s usage watermark; late, marked',
      ),
    late: z.boolean().describe('Arrived after its period was billed; billed on a later invoice'),
    created_date: instant,
  })
  .meta({ id: 'UsageRecord', examples: [usageRecordExample] });

export type UsageView = z.output<typeof usageRecordSchema>;

/** A record as the API shows it; `watermark` is its subscription's (see usage-watermark.ts). */
export function usageView(row: UsageRow, watermark: Date | null): UsageView {
  return {
    uuid: row.id,
    subscription: row.subscription_id,
    metric: row.component_id,
    quantity: new Decimal(row.quantity).toString(),
    timestamp: isoInstant(row.occurred_at)!,
    event_id: row.event_id,
    unique_key: row.unique_key,
    properties: (row.properties as Record<string, unknown> | null) ?? null,
    billed: isBilled(row, watermark),
    late: row.late,
    created_date: isoInstant(row.created_at)!,
  };
}

/** A usage quantity: a non-negative decimal with at most 6 decimals, as a string or a number. */
export const usageQuantity = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .pipe(z.string().regex(/^\d{1,14}(\.\d{1,6})?$/, 'a non-negative number with at most 6 decimals'));

export const usageFields = {
  quantity: usageQuantity,
  timestamp: z.iso
    .datetime({ offset: true })
    .describe(
      'When it happened, RFC 3339: from the start of the subscription’s first day and before the start of its end day (else 400 outside_subscription)',
    ),
  unique_key: z.string().min(1).max(200).optional().describe('What unique_count counts: distinct values'),
  properties: z
    .record(z.string(), z.unknown())
    .refine((value) => JSON.stringify(value).length <= 4096, 'at most 4 KB of JSON')
    .optional(),
};

export const EVENT_ID = z.string().regex(/^[\x21-\x7e]{1,200}$/, '1 to 200 visible ASCII characters');

export async function findUsage(db: Db | Tx, organizationId: string, subscriptionId: string, id: string) {
  if (!UUID_PATTERN.test(id)) return undefined;
  return db
    .selectFrom('usage_records')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('subscription_id', '=', subscriptionId)
    .where('id', '=', id.toLowerCase())
    .executeTakeFirst();
}

/** Same event, same content? Quantities compare as numbers, instants as instants. */
export function sameUsage(
  row: UsageRow,
  input: { metricId: string; quantity: string; timestamp: string; unique_key?: string | undefined },
) {
  return (
    row.component_id === input.metricId &&
    new Decimal(row.quantity).equals(input.quantity) &&
    new Date(row.occurred_at).getTime() === new Date(input.timestamp).getTime() &&
    (row.unique_key ?? undefined) === input.unique_key
  );
}
