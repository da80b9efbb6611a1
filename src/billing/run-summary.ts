import { sql } from 'kysely';
import type { Db } from '../db/transaction.ts';

export interface DraftsMade {
  /** Drafts created since the instant (by the run that started then). */
  drafts: number;
  /** What those drafts add up to before VAT, per currency, in minor units. */
  totals: { currency: string; netMinor: number }[];
}

/** What a billing run that started at `since` made: its new drafts and their totals, for `kassa bill`. */
export async function draftsMadeSince(db: Db, organizationId: string, since: Date): Promise<DraftsMade> {
  const rows = (
    await sql<{ currency: string; drafts: number; net: string }>`
      select d.currency, count(distinct d.id)::int as drafts, coalesce(sum(l.amount), 0)::text as net
      from invoice_drafts d
      left join invoice_draft_lines l on l.organization_id = d.organization_id and l.draft_id = d.id
      where d.organization_id = ${organizationId} and d.created_at >= ${since} and d.partner_order_id is null
      group by d.currency order by d.currency`.execute(db)
  ).rows;
  return {
    drafts: rows.reduce((sum, row) => sum + row.drafts, 0),
    totals: rows.map((row) => ({ currency: row.currency, netMinor: Number(row.net) })),
  };
}
