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
  // Usage and rated items are marked billed on their drafts, a statement per draft rather than per row.
  // They are marked even when their charge's key was already written: then an earlier run billed them.
  const usageByDraft = new Map<string, { ids: string[]; late: boolean; draftId: string }>();
  const itemsByDraft = new Map<string, string[]>();
  for (const charge of charges) {
    const draftId = draftOf.get(`${charge.accountId}:${charge.currency}`)!;
    if (charge.usageIds?.length) {
      const key = `${draftId}:${charge.late}`;
      const group = usageByDraft.get(key) ?? { ids: [], late: charge.late, draftId };
      group.ids.push(...charge.usageIds);
      usageByDraft.set(key, group);
    }
    if (charge.ratedItemId)
      itemsByDraft.set(draftId, [...(itemsByDraft.get(draftId) ?? []), charge.ratedItemId]);
  }
  for (const group of usageByDraft.values())
    await markUsageBilled(tx, organization.id, group.ids, group.draftId, group.late, now);
  for (const [draftId, itemIds] of itemsByDraft)
    await tx
      .updateTable('rated_items')
      .set({ billed_at: now, draft_id: draftId })
      .where('organization_id', '=', organization.id)
      .where('id', 'in', itemIds)
      .execute();
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
