import { sql } from 'kysely';
import { anyOf } from '../db/any-of.ts';
import { plainArray, textArray } from '../db/pg-array.ts';
import type { Tx } from '../db/transaction.ts';
import { writeEvent } from '../events/write-event.ts';
import { newId } from '../ids.ts';
import { type DraftLineRow, draftView, linesOfDrafts } from './draft-view.ts';
import type { Charge } from './subscription-charges.ts';

type Pair = { account_id: string; currency: string };
const pairKey = (accountId: string, currency: string) => `${accountId}:${currency}`;

/**
 * The open draft of each (account, currency), made where missing, and held until the transaction
 * ends. An open draft is locked FOR KEY SHARE and its status checked again under the lock: sending a
 * draft and moving a partner order off it both lock it FOR UPDATE, so a draft sent meanwhile is passed
 * over (a new one is made) and none can be sent or removed while lines go onto it. That lock is what
 * keeps lines on live drafts (the per-line foreign key to drafts was dropped in migration 0009 for it).
 * Answers the draft of each pair and which of them were open already.
 */
async function holdOpenDrafts(tx: Tx, organizationId: string, pairs: readonly Pair[], now: Date) {
  const draftOf = new Map<string, string>();
  const existing = new Set<string>();
  const made = new Set<string>();
  let missing = pairs;
  for (let attempt = 0; missing.length > 0; attempt++) {
    if (attempt === 5) throw new Error('open drafts kept being sent while the billing run wrote to them');
    const inserted = await sql<{ id: string; account_id: string; currency: string }>`
      insert into invoice_drafts (organization_id, id, account_id, currency, status, created_at, updated_at)
      select ${organizationId}::uuid, v.id, v.account_id, v.currency, 'draft', ${now}::timestamptz, ${now}::timestamptz
      from unnest(${plainArray(missing.map(() => newId()))}::uuid[], ${plainArray(missing.map((p) => p.account_id))}::uuid[],
        ${plainArray(missing.map((p) => p.currency))}::text[]) as v(id, account_id, currency)
      on conflict (organization_id, account_id, currency) where status = 'draft' and partner_order_id is null
      do nothing
      returning id, account_id, currency`.execute(tx);
    for (const d of inserted.rows) {
      draftOf.set(pairKey(d.account_id, d.currency), d.id);
      made.add(d.id);
    }
    const open = missing.filter((p) => !draftOf.has(pairKey(p.account_id, p.currency)));
    if (open.length === 0) break;
    const held = await sql<{ id: string; account_id: string; currency: string }>`
      select id, account_id, currency from invoice_drafts
      where organization_id = ${organizationId} and status = 'draft' and partner_order_id is null
        and account_id = any(${plainArray(open.map((p) => p.account_id))}::uuid[])
      for key share`.execute(tx);
    for (const d of held.rows) {
      const key = pairKey(d.account_id, d.currency);
      if (draftOf.has(key)) continue;
      draftOf.set(key, d.id);
      existing.add(d.id);
    }
    missing = open.filter((p) => !draftOf.has(pairKey(p.account_id, p.currency)));
  }
  return { draftOf, existing, made };
}

/**
 * Writes charges onto the open drafts of their accounts and currencies (made if missing), each once:
 * a charge whose key is already on a line is skipped. Answers how many lines were written and each
 * charge's draft.
 */
export async function writeCharges(
  tx: Tx,
  organizationId: string,
  charges: readonly Charge[],
  now: Date,
): Promise<{ written: number; draftIds: string[] }> {
  if (charges.length === 0) return { written: 0, draftIds: [] };
  // Charges come grouped by subscription, so most share the previous one's account: no key to build.
  const pairs = new Map<string, Pair>();
  let previous: Charge | undefined;
  for (const c of charges) {
    if (previous && previous.accountId === c.accountId && previous.currency === c.currency) continue;
    previous = c;
    const key = pairKey(c.accountId, c.currency);
    if (!pairs.has(key)) pairs.set(key, { account_id: c.accountId, currency: c.currency });
  }
  // In one order for every batch: two batches sharing accounts then wait for each other's new drafts
  // in turn, and never each for the other's.
  const sorted = [...pairs.values()].sort((a, b) =>
    a.account_id === b.account_id
      ? a.currency.localeCompare(b.currency)
      : a.account_id < b.account_id
        ? -1
        : 1,
  );
  const { draftOf, existing, made } = await holdOpenDrafts(tx, organizationId, sorted, now);
  const draftIds: string[] = [];
  let draftId = '';
  previous = undefined;
  for (const c of charges) {
    if (!previous || previous.accountId !== c.accountId || previous.currency !== c.currency)
      draftId = draftOf.get(pairKey(c.accountId, c.currency))!;
    previous = c;
    draftIds.push(draftId);
  }

  // One statement per 5,000 lines with one array per column (unnest), rather than a parameter per value.
  // Only lines onto drafts that were open already are answered back: those drafts show they changed.
  let written = 0;
  const touched = new Set<string>();
  for (let i = 0; i < charges.length; i += 5000) {
    const chunk = charges.slice(i, i + 5000);
    const column = <T>(pick: (c: Charge) => T) => chunk.map(pick);
    const result = await sql<{ draft_id: string }>`
      with written as (
        insert into invoice_draft_lines (organization_id, id, draft_id, subscription_id, charge_key, source, description,
          period_start, period_end, quantity, unit_price, discount, amount, vat_rate, late, created_at)
        select ${organizationId}::uuid, v.* , ${now}::timestamptz from unnest(
          ${plainArray(column(() => newId()))}::uuid[], ${plainArray(draftIds.slice(i, i + 5000))}::uuid[],
          ${plainArray(column((c) => c.subscriptionId))}::uuid[], ${textArray(column((c) => c.chargeKey))}::text[], ${plainArray(column((c) => c.source))}::text[],
          ${textArray(column((c) => c.description))}::text[], ${plainArray(column((c) => c.periodStart))}::date[], ${plainArray(column((c) => c.periodEnd))}::date[],
          ${plainArray(column((c) => c.quantity.toString()))}::numeric[], ${plainArray(column((c) => c.unitPrice.toString()))}::numeric[],
          ${plainArray(column((c) => c.discount))}::bigint[], ${plainArray(column((c) => c.amount))}::bigint[], ${plainArray(column((c) => c.vatRate.toString()))}::numeric[],
          ${plainArray(column((c) => c.late))}::boolean[]) as v
        on conflict (organization_id, charge_key) do nothing
        returning draft_id)
      select (select count(*)::int from written) as n, null::uuid as draft_id
      union all
      select null, draft_id from written where draft_id = any(${plainArray([...existing])}::uuid[])`.execute(
      tx,
    );
    for (const row of result.rows as { n: number | null; draft_id: string | null }[]) {
      if (row.n !== null) written += row.n;
      else if (row.draft_id) touched.add(row.draft_id);
    }
  }
  // Drafts made now need no touch; those open already show they changed.
  if (touched.size > 0)
    await sql`update invoice_drafts set updated_at = ${now}
      where organization_id = ${organizationId} and id = any(${[...touched]}::uuid[])`.execute(tx);
  if (made.size > 0) await writeDraftsCreated(tx, organizationId, [...made], now);
  return { written, draftIds };
}

/** `invoice_draft.created` for each draft made here, its data the draft with its lines as GET answers it. */
async function writeDraftsCreated(tx: Tx, organizationId: string, ids: string[], now: Date) {
  const drafts = await tx
    .selectFrom('invoice_drafts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(anyOf('id', ids))
    .orderBy('id')
    .execute();
  const linesOf = new Map<string, DraftLineRow[]>();
  for (const line of await linesOfDrafts(tx, organizationId, ids)) {
    const own = linesOf.get(line.draft_id);
    if (own) own.push(line);
    else linesOf.set(line.draft_id, [line]);
  }
  for (const draft of drafts)
    await writeEvent(tx, organizationId, now, {
      type: 'invoice_draft.created',
      entityType: 'invoice_draft',
      entityId: draft.id,
      payload: draftView(draft, linesOf.get(draft.id) ?? []),
    });
}
