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
      oc.columns(['organization_id', 'account_id', 'currency']).where('status', '=', 'draft').doNothing(),
    )
    .execute();
  const drafts = await tx
    .selectFrom('invoice_drafts')
    .select(['id', 'account_id', 'currency'])
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'draft')
    .where(
      'account_id',
      'in',
      pairs.map((p) => p.account_id),
    )
    .execute();
  for (const d of drafts) draftOf.set(`${d.account_id}:${d.currency}`, d.id);

  const written = new Set<string>();
  for (let i = 0; i < charges.length; i += 1000) {
    const chunk = charges.slice(i, i + 1000);
    const rows = await tx
      .insertInto('invoice_draft_lines')
      .values(
        chunk.map((c) => ({
          organization_id: organizationId,
          id: newId(),
          draft_id: draftOf.get(`${c.accountId}:${c.currency}`)!,
          subscription_id: c.subscriptionId,
          charge_key: c.chargeKey,
          source: c.source,
          description: c.description,
          period_start: c.periodStart,
          period_end: c.periodEnd,
          quantity: c.quantity.toString(),
          unit_price: c.unitPrice.toString(),
          discount: c.discount,
          amount: c.amount,
          vat_rate: c.vatRate.toString(),
          late: c.late,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['organization_id', 'charge_key']).doNothing())
      .returning('charge_key')
      .execute();
    for (const row of rows) written.add(row.charge_key);
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
