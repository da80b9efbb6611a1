import { Decimal } from 'decimal.js';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { anyOf } from '../db/any-of.ts';
import { findOwnRow } from '../db/find-own-row.ts';
import type { InvoiceDraftLinesTable, InvoiceDraftsTable } from '../db/tables-billing.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { type PricedLine, summarize, totalsView } from '../domain/lines.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { instant, isoInstant } from '../http/common-schemas.ts';
import { invoiceDraftExample } from './billing-examples.ts';

export type DraftRow = Selectable<InvoiceDraftsTable>;
export type DraftLineRow = Selectable<InvoiceDraftLinesTable>;

const amount = z.string().describe('Decimal string in the draft currency');
export const draftLineSchema = z.object({
  uuid: z.uuid(),
  subscription: z.uuid().nullable(),
  source: z
    .enum(['recurring', 'component', 'usage', 'rated_item', 'order', 'manual', 'correction'])
    .describe('correction: the credit for days after a subscription ended that this draft had billed'),
  description: z.string(),
  period_start: z.string().nullable(),
  period_end: z.string().nullable(),
  quantity: z.string(),
  unit_price: z.string(),
  discount: amount,
  amount: amount.describe('Net of discount, VAT excluded'),
  vat_rate: z.string(),
  late: z.boolean().describe('Usage reported after its period was billed'),
});

export const draftSchema = z
  .object({
    uuid: z.uuid(),
    account: z.uuid(),
    currency: z.string(),
    status: z.enum(['draft', 'sent']),
    lines: z.array(draftLineSchema),
    vat: z.array(z.object({ rate: z.string(), base: amount, amount })),
    total_ex_vat: amount,
    total_vat: amount,
    total: amount,
    created_date: instant,
    updated_date: instant,
  })
  .meta({ id: 'InvoiceDraft', examples: [invoiceDraftExample] });

export type DraftView = z.output<typeof draftSchema>;

/** Stored draft lines as priced lines, for VAT per rate and totals (the draft's view, and sending). */
export function pricedDraftLines(lines: readonly DraftLineRow[]): PricedLine[] {
  return lines.map((l) => ({
    description: l.description,
    kind: Number(l.amount) < 0 ? 'credit' : 'charge',
    billing: 'one_off',
    period_start: l.period_start,
    period_end: l.period_end,
    quantity: new Decimal(l.quantity),
    unit_price: new Decimal(l.unit_price),
    factor: new Decimal(1),
    discount: Number(l.discount),
    amount: Number(l.amount),
    vat_rate: new Decimal(l.vat_rate),
  }));
}

/** A draft with its live lines, VAT per rate on the summed base and totals. */
export function draftView(draft: DraftRow, lines: DraftLineRow[]): DraftView {
  const live = lines.filter((l) => l.draft_id === draft.id && l.removed_at === null);
  const priced = pricedDraftLines(live);
  return {
    uuid: draft.id,
    account: draft.account_id,
    currency: draft.currency,
    status: draft.status,
    lines: live.map((l) => ({
      uuid: l.id,
      subscription: l.subscription_id,
      source: l.source,
      description: l.description,
      period_start: l.period_start,
      period_end: l.period_end,
      quantity: new Decimal(l.quantity).toString(),
      unit_price: new Decimal(l.unit_price).toString(),
      discount: formatMinorUnits(Number(l.discount), draft.currency),
      amount: formatMinorUnits(Number(l.amount), draft.currency),
      vat_rate: new Decimal(l.vat_rate).toString(),
      late: l.late,
    })),
    ...totalsView(summarize(priced), draft.currency),
    created_date: isoInstant(draft.created_at)!,
    updated_date: isoInstant(draft.updated_at)!,
  };
}

export async function linesOfDrafts(
  db: Db | Tx,
  organizationId: string,
  draftIds: readonly string[],
): Promise<DraftLineRow[]> {
  if (draftIds.length === 0) return [];
  return db
    .selectFrom('invoice_draft_lines')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(anyOf('draft_id', draftIds))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function findDraft(db: Db | Tx, organizationId: string, id: string, options: { lock?: boolean } = {}) {
  return findOwnRow(db, 'invoice_drafts', organizationId, id, options);
}
