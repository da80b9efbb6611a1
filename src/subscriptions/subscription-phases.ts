import type { Selectable } from 'kysely';
import { anyOf } from '../db/any-of.ts';
import type { SubscriptionPhasesTable } from '../db/schema.ts';
import type { Db, Tx } from '../db/transaction.ts';

export type PhaseRow = Selectable<SubscriptionPhasesTable>;

/** The phases of many subscriptions, each list in date order. */
export async function phasesOf(
  db: Db | Tx,
  organizationId: string,
  subscriptionIds: readonly string[],
): Promise<Map<string, PhaseRow[]>> {
  const result = new Map<string, PhaseRow[]>();
  if (subscriptionIds.length === 0) return result;
  const rows = await db
    .selectFrom('subscription_phases')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(anyOf('subscription_id', [...new Set(subscriptionIds)]))
    .orderBy('start_date')
    .execute();
  for (const row of rows) {
    const list = result.get(row.subscription_id) ?? [];
    list.push(row);
    result.set(row.subscription_id, list);
  }
  return result;
}

/** The phase in force on `day`: the last one starting on or before it (the first, before any starts). */
export function phaseOn(phases: readonly PhaseRow[], day: string): PhaseRow {
  let found = phases[0];
  if (!found) throw new Error('a subscription without phases');
  for (const phase of phases) if (phase.start_date <= day) found = phase;
  return found;
}

/** The phase after the one in force on `day`, if one is scheduled. */
export function phaseAfter(phases: readonly PhaseRow[], day: string): PhaseRow | null {
  return phases.find((phase) => phase.start_date > day) ?? null;
}

/** What a phase charges per unit and period: its own price where it has one, else its plan terms'. */
export function phasePrice(phase: Pick<PhaseRow, 'unit_price'>, terms: { price: string }): string {
  return phase.unit_price ?? terms.price;
}
