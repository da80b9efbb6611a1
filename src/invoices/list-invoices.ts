import { findAccount } from '../accounts/find-account.ts';
import type { UseCaseContext } from '../context.ts';
import { listPage, mapPage, type Page, type PageRequest, type SortColumns } from '../db/list-page.ts';
import type { InvoiceStatus } from '../db/tables-invoicing.ts';
import { fieldFailure, type Result } from '../errors.ts';
import {
  type CreditNoteView,
  creditNoteView,
  type InvoiceRow,
  type InvoiceView,
  invoiceView,
  linesOfInvoices,
} from './invoice-view.ts';

/** What `ordering` may name besides `created_date`, for invoices and credit notes alike. */
export const INVOICE_SORTS = {
  number: { column: 'number', type: 'text' },
  issue_date: { column: 'issue_date', type: 'date' },
  total: { column: 'total_amount', type: 'integer' },
} as const satisfies SortColumns;

export interface InvoiceFilters extends PageRequest {
  account?: string | undefined;
  status?: InvoiceStatus | undefined;
  currency?: string | undefined;
  number?: string | undefined;
}

async function listDocuments<V>(
  ctx: UseCaseContext,
  kind: 'invoice' | 'credit_note',
  filters: InvoiceFilters,
  view: (row: InvoiceRow, lines: Awaited<ReturnType<typeof linesOfInvoices>>) => V,
): Promise<Result<Page<V>>> {
  const organizationId = ctx.actor.organizationId;
  let query = ctx.db
    .selectFrom('invoices')
    .where('organization_id', '=', organizationId)
    .where('kind', '=', kind);
  if (filters.account !== undefined) {
    const account = await findAccount(ctx.db, organizationId, filters.account);
    if (!account) return fieldFailure('query.account', 'not_found', `account: no account ${filters.account}`);
    query = query.where('account_id', '=', account.id);
  }
  if (filters.status !== undefined) query = query.where('status', '=', filters.status);
  if (filters.currency !== undefined) query = query.where('currency', '=', filters.currency);
  if (filters.number !== undefined) query = query.where('number', '=', filters.number);
  return mapPage(
    await listPage<InvoiceRow>(query, filters, {
      created: 'created_at',
      updated: 'updated_at',
      sorts: INVOICE_SORTS,
    }),
    async (rows) => {
      const lines = await linesOfInvoices(
        ctx.db,
        organizationId,
        rows.map((r) => r.id),
      );
      return rows.map((row) => view(row, lines));
    },
  );
}

export function listInvoices(
  ctx: UseCaseContext,
  filters: InvoiceFilters,
): Promise<Result<Page<InvoiceView>>> {
  return listDocuments(ctx, 'invoice', filters, invoiceView);
}

export function listCreditNotes(
  ctx: UseCaseContext,
  filters: InvoiceFilters,
): Promise<Result<Page<CreditNoteView>>> {
  return listDocuments(ctx, 'credit_note', filters, creditNoteView);
}
