import { sql } from 'kysely';
import { dayStart } from '../clock.ts';
import { plainArray } from '../db/pg-array.ts';
import type { Tx } from '../db/transaction.ts';
import { markLateUsageBilled } from '../usage/unbilled-usage.ts';
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
  // Late usage that changed nothing its period costs: marked billed on no draft.
  const settled: { id: string; draftId: null }[] = [];
  const watermarks: {
    subscription_id: string;
    next_period_from: string | null;
    usage_from: string | null;
    usage_before: Date | null;
  }[] = [];
  for (const sub of data.subscriptions) {
    const billed = subscriptionCharges(data, sub, billingDate, organization);
    charges.push(...billed.charges);
    for (const id of billed.settledUsageIds) settled.push({ id, draftId: null });
    watermarks.push({
      subscription_id: sub.id,
      next_period_from: billed.nextPeriodFrom,
      usage_from: billed.usageFrom,
      usage_before: usageBefore(billed.usageFrom, data.state.get(sub.id), organization.timezone),
    });
  }
  const { written, draftIds } = await writeCharges(tx, organization.id, charges, now);
  // Late usage and rated items are marked billed on their drafts, one statement for the whole batch.
  // They are marked even when their charge's key was already written: then an earlier run billed them.
  // On-time usage needs no mark: the watermark below moves past it.
  const usageMarks: { id: string; draftId: string | null }[] = [];
  const itemMarks: { id: string; draftId: string }[] = [];
  charges.forEach((charge, i) => {
    const draftId = draftIds[i]!;
    for (const id of charge.usageIds ?? []) usageMarks.push({ id, draftId });
    if (charge.ratedItemId) itemMarks.push({ id: charge.ratedItemId, draftId });
  });
  await markLateUsageBilled(tx, organization.id, [...usageMarks, ...settled], now);
  if (itemMarks.length > 0)
    await sql`
      update rated_items r set billed_at = ${now}, draft_id = v.draft_id
      from (select unnest(${itemMarks.map((m) => m.id)}::uuid[]) as id, unnest(${itemMarks.map((m) => m.draftId)}::uuid[]) as draft_id) v
      where r.organization_id = ${organization.id} and r.id = v.id`.execute(tx);
  // Only watermarks that moved are written: a daily run finds most subscriptions with nothing due.
  const moved = watermarks.filter((w) => {
    const before = data.state.get(w.subscription_id);
    return !before || before.next_period_from !== w.next_period_from || before.usage_from !== w.usage_from;
  });
  if (moved.length > 0)
    await sql`
      insert into subscription_billing (organization_id, subscription_id, next_period_from, usage_from, usage_before, updated_at)
      select ${organization.id}::uuid, v.*, ${now}::timestamptz
      from unnest(${plainArray(moved.map((w) => w.subscription_id))}::uuid[], ${plainArray(moved.map((w) => w.next_period_from))}::date[],
        ${plainArray(moved.map((w) => w.usage_from))}::date[], ${plainArray(moved.map((w) => w.usage_before?.toISOString() ?? null))}::timestamptz[]) as v
      on conflict (organization_id, subscription_id) do update set next_period_from = excluded.next_period_from,
        usage_from = excluded.usage_from, usage_before = excluded.usage_before, updated_at = excluded.updated_at`.execute(
      tx,
    );
  return {
    subscriptions: data.subscriptions.length,
    lines: written,
    drafts: new Set(draftIds).size,
  };
}

/** The instant before which on-time usage is billed; kept as it was while usage_from stands still. */
function usageBefore(
  usageFrom: string | null,
  previous: { usage_from: string | null; usage_before: Date | string | null } | undefined,
  timeZone: string,
): Date | null {
  if (usageFrom === null) return null;
  if (previous?.usage_before && previous.usage_from === usageFrom) return new Date(previous.usage_before);
  return dayStart(usageFrom, timeZone);
}
