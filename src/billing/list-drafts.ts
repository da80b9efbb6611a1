import { findAccount } from '../accounts/find-account.ts';
import type { UseCaseContext } from '../context.ts';
import { listPage, mapPage, type Page, type PageRequest, type SortColumns } from '../db/list-page.ts';
import { fieldFailure, type Result } from '../errors.ts';
import { type DraftRow, type DraftView, draftView, linesOfDrafts } from './draft-view.ts';

/** What `ordering` may name besides `created_date`: the last change (a run adding lines, an edit). */
export const DRAFT_SORTS = {
  updated_date: { column: 'updated_at', type: 'instant' },
} as const satisfies SortColumns;

export interface DraftFilters extends PageRequest {
  account?: string | undefined;
  currency?: string | undefined;
  status?: 'draft' | 'sent' | undefined;
}

export async function listDrafts(
  ctx: UseCaseContext,
  filters: DraftFilters,
): Promise<Result<Page<DraftView>>> {
  const organizationId = ctx.actor.organizationId;
  let query = ctx.db.selectFrom('invoice_drafts').where('organization_id', '=', organizationId);
  if (filters.account !== undefined) {
    const account = await findAccount(ctx.db, organizationId, filters.account);
    if (!account) return fieldFailure('query.account', 'not_found', `account: no account ${filters.account}`);
    query = query.where('account_id', '=', account.id);
  }
  if (filters.currency !== undefined) query = query.where('currency', '=', filters.currency);
  if (filters.status !== undefined) query = query.where('status', '=', filters.status);
  return mapPage(
    await listPage<DraftRow>(query, filters, {
      created: 'created_at',
      updated: 'updated_at',
      sorts: DRAFT_SORTS,
    }),
    async (rows) => {
      const lines = await linesOfDrafts(
        ctx.db,
        organizationId,
        rows.map((r) => r.id),
      );
      return rows.map((row) => draftView(row, lines));
    },
  );
}
