import type { Db, Tx } from '../db/transaction.ts';
import { fail, type Result } from '../errors.ts';

/** The code (or id) of the externally managed plan terms a subscription runs on, if any. */
export async function externallyManagedTerms(
  db: Db | Tx,
  organizationId: string,
  subscriptionId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('subscription_phases as p')
    .innerJoin('plan_terms as t', (join) =>
      join.onRef('t.organization_id', '=', 'p.organization_id').onRef('t.id', '=', 'p.plan_terms_id'),
    )
    .select(['t.code', 't.id'])
    .where('p.organization_id', '=', organizationId)
    .where('p.subscription_id', '=', subscriptionId)
    .where('t.externally_managed', '=', true)
    .executeTakeFirst();
  return row ? (row.code ?? row.id) : null;
}

/**
 * A subscription on externally managed terms belongs to its leading system: only its import changes
 * it. Null when the subscription may be changed through the API.
 */
export async function refuseExternallyManaged(
  db: Db | Tx,
  organizationId: string,
  subscriptionId: string,
): Promise<Result<never> | null> {
  const managed = await externallyManagedTerms(db, organizationId, subscriptionId);
  return managed
    ? fail(
        'externally_managed',
        `subscription ${subscriptionId} runs on externally managed plan terms ${managed}: only their import may change it`,
      )
    : null;
}
