import { sql } from 'kysely';
import type { Tx } from '../db/transaction.ts';
import { markUsageBilled } from '../usage/unbilled-usage.ts';
import { loadBatch } from './batch-data.ts';
import { type Charge, subscriptionCharges } from './subscription-charges.ts';
import { writeCharges } from './write-charges.ts';

export interface BatchResult {
  subscriptions: number;
  lines: number;
  drafts: number;
}

/**
 * Bills one batch of subscriptions in the caller's transaction with a few statements: locks them
 * (skipping those another run holds), loads what they need, computes their charges in memory, writes
 * the charges once each, marks usage and rated items billed, and moves the watermarks on. Killed at any
 * point, the transaction leaves nothing behind; run again, it ends as if never interrupted.
 */
export async function billBatch(
  tx: Tx,
  organization: { id: string; country: string; timezone: string },
  ids: readonly string[],
  billingDate: string,
  now: Date,
): Promise<BatchResult> {
  const data = await loadBatch(tx, organization.id, ids, billingDate, organization.timezone, null);
  if (!data) return { subscriptions: 0, lines: 0, drafts: 0 };
  const charges: Charge[] = [];
  const watermarks: {
    subscription_id: string;
    next_period_from: string | null;
    usage_from: string | null;
  }[] = [];
  for (const sub of data.subscriptions) {
    const billed = subscriptionCharges(data, sub, billingDate, organization);
    charges.push(...billed.charges);
    watermarks.push({
      subscription_id: sub.id,
      next_period_from: billed.nextPeriodFrom,
      usage_from: billed.usageFrom,
    });
  }
  const { written, draftOf } = await writeCharges(tx, organization.id, charges, now);
  // Usage and rated items are marked billed on their drafts, one statement for the whole batch.
  // They are marked even when their charge's key was already written: then an earlier run billed them.
  const usageMarks: { id: string; draftId: string; late: boolean }[] = [];
  const itemMarks: { id: string; draftId: string }[] = [];
  for (const charge of charges) {
    const draftId = draftOf.get(`${charge.accountId}:${charge.currency}`)!;
    for (const id of charge.usageIds ?? []) usageMarks.push({ id, draftId, late: charge.late });
    if (charge.ratedItemId) itemMarks.push({ id: charge.ratedItemId, draftId });
  }
  await markUsageBilled(tx, organization.id, usageMarks, now);
  if (itemMarks.length > 0)
    await sql`
      update rated_items r set billed_at = ${now}, draft_id = v.draft_id
      from (select unnest(${itemMarks.map((m) => m.id)}::uuid[]) as id, unnest(${itemMarks.map((m) => m.draftId)}::uuid[]) as draft_id) v
      where r.organization_id = ${organization.id} and r.id = v.id`.execute(tx);
  await tx
    .insertInto('subscription_billing')
    .values(watermarks.map((w) => ({ organization_id: organization.id, ...w, updated_at: now })))
    .onConflict((oc) =>
      oc.columns(['organization_id', 'subscription_id']).doUpdateSet((eb) => ({
        next_period_from: eb.ref('excluded.next_period_from'),
        usage_from: eb.ref('excluded.usage_from'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
  return {
    subscriptions: data.subscriptions.length,
    lines: written.size,
    drafts: new Set(draftOf.values()).size,
  };
}
