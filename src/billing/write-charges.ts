import { sql } from 'kysely';
import type { Tx } from '../db/transaction.ts';
import { newId } from '../ids.ts';
import type { Charge } from './subscription-charges.ts';

/**
 * Writes charges onto the open drafts of their accounts and currencies (made if missing), each once:
 * a charge whose key is already on a line is skipped. Answers the keys written and the draft of each
 * (account, currency).
 */
export async function writeCharges(
  tx: Tx,
  organizationId: string,
  charges: readonly Charge[],
  now: Date,
): Promise<{ written: Set<string>; draftOf: Map<string, string> }> {
  const draftOf = new Map<string, string>();
  if (charges.length === 0) return { written: new Set(), draftOf };
  const pairs = [
    ...new Map(
      charges.map((c) => [`${c.accountId}:${c.currency}`, { account_id: c.accountId, currency: c.currency }]),
    ).values(),
  ];
  // Drafts made now need no later touch; the drafts that were open already are found after.
  const made = (
    await sql<{ id: string; account_id: string; currency: string }>`
      insert into invoice_drafts (organization_id, id, account_id, currency, status, created_at, updated_at)
      select ${organizationId}::uuid, v.id, v.account_id, v.currency, 'draft', ${now}::timestamptz, ${now}::timestamptz
      from unnest(${pairs.map(() => newId())}::uuid[], ${pairs.map((p) => p.account_id)}::uuid[],
        ${pairs.map((p) => p.currency)}::text[]) as v(id, account_id, currency)
      on conflict (organization_id, account_id, currency) where status = 'draft' and partner_order_id is null
      do nothing
      returning id, account_id, currency`.execute(tx)
  ).rows;
  for (const d of made) draftOf.set(`${d.account_id}:${d.currency}`, d.id);
  const open = pairs.filter((p) => !draftOf.has(`${p.account_id}:${p.currency}`));
  const existing = new Set<string>();
  if (open.length > 0) {
    const drafts = await tx
      .selectFrom('invoice_drafts')
      .select(['id', 'account_id', 'currency'])
      .where('organization_id', '=', organizationId)
      .where('status', '=', 'draft')
      .where('partner_order_id', 'is', null)
      .where(sql<boolean>`account_id = any(${open.map((p) => p.account_id)}::uuid[])`)
      .execute();
    for (const d of drafts) {
      const key = `${d.account_id}:${d.currency}`;
      if (draftOf.has(key)) continue;
      draftOf.set(key, d.id);
      existing.add(d.id);
    }
  }

  // One statement per 5,000 lines with one array per column (unnest), rather than a parameter per value.
  const written = new Set<string>();
  for (let i = 0; i < charges.length; i += 5000) {
    const chunk = charges.slice(i, i + 5000);
    const column = <T>(pick: (c: Charge) => T) => chunk.map(pick);
    const rows = await sql<{ charge_key: string }>`
      insert into invoice_draft_lines (organization_id, id, draft_id, subscription_id, charge_key, source, description,
        period_start, period_end, quantity, unit_price, discount, amount, vat_rate, late, created_at)
      select ${organizationId}::uuid, v.* , ${now}::timestamptz from unnest(
        ${column(() => newId())}::uuid[], ${column((c) => draftOf.get(`${c.accountId}:${c.currency}`)!)}::uuid[],
        ${column((c) => c.subscriptionId)}::uuid[], ${column((c) => c.chargeKey)}::text[], ${column((c) => c.source)}::text[],
        ${column((c) => c.description)}::text[], ${column((c) => c.periodStart)}::date[], ${column((c) => c.periodEnd)}::date[],
        ${column((c) => c.quantity.toString())}::numeric[], ${column((c) => c.unitPrice.toString())}::numeric[],
        ${column((c) => c.discount)}::bigint[], ${column((c) => c.amount)}::bigint[], ${column((c) => c.vatRate.toString())}::numeric[],
        ${column((c) => c.late)}::boolean[]) as v
      on conflict (organization_id, charge_key) do nothing
      returning charge_key`.execute(tx);
    for (const row of rows.rows) written.add(row.charge_key);
  }
  const touched = [
    ...new Set(
      charges
        .filter((c) => written.has(c.chargeKey))
        .map((c) => draftOf.get(`${c.accountId}:${c.currency}`)!)
        .filter((id) => existing.has(id)),
    ),
  ];
  if (touched.length > 0)
    await tx
      .updateTable('invoice_drafts')
      .set({ updated_at: now })
      .where('organization_id', '=', organizationId)
      .where(sql<boolean>`id = any(${touched}::uuid[])`)
      .execute();
  return { written, draftOf };
}
