import type { Selectable } from 'kysely';
import { anyOf } from '../db/any-of.ts';
import type { PlanTermsTable } from '../db/schema.ts';
import type { Db, Tx } from '../db/transaction.ts';
import type { Interval } from '../domain/interval.ts';

export type PlanTermsRow = Selectable<PlanTermsTable>;

/** Plan terms by id, for modules that sell them (subscriptions, orders): one query for many. */
export async function planTermsByIds(
  db: Db | Tx,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, PlanTermsRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('plan_terms')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(anyOf('id', [...new Set(ids)]))
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** The billing interval of recurring terms; null for a punch card. */
export function billingInterval(terms: PlanTermsRow): Interval | null {
  if (terms.interval_unit === null || terms.interval_count === null) return null;
  return { unit: terms.interval_unit, count: terms.interval_count };
}
