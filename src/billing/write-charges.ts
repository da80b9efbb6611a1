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
  await tx
    .insertInto('invoice_drafts')
    .values(
      pairs.map((p) => ({
        organization_id: organizationId,
        id: newId(),
        ...p,
        status: 'draft' as const,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'account_id', 'currency'])
        .where('status', '=', 'draft')
        .where('partner_order_id', 'is', null)
        .doNothing(),
    )
    .execute();
  const drafts = await tx
    .selectFrom('invoice_drafts')
    .select(['id', 'account_id', 'currency'])
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'draft')
    .where('partner_order_id', 'is', null)
    .where(
      'account_id',
      'in',
      pairs.map((p) => p.account_id),
    )
    .execute();
  for (const d of drafts) draftOf.set(`${d.account_id}:${d.currency}`, d.id);

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
        .map((c) => draftOf.get(`${c.accountId}:${c.currency}`)!),
    ),
  ];
  if (touched.length > 0)
    await tx
      .updateTable('invoice_drafts')
      .set({ updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', 'in', touched)
      .execute();
  return { written, draftOf };
}
