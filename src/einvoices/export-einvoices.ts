import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UseCaseContext } from '../context.ts';
import { addToIso } from '../domain/calendar.ts';
import { fail, ok, type Result } from '../errors.ts';
import { accountEInvoiceFormat, einvoiceFile } from './einvoice-file.ts';
import type { EInvoiceFormat } from './einvoice-formats.ts';

export interface ExportReport {
  written: string[];
  /** Documents whose format needs data they lack, each with what is missing. */
  refused: { number: string; detail: string }[];
}

/**
 * Writes every invoice and credit note issued in a month (YYYY-MM) to a folder as e-invoices: in
 * `format`, or each in its account's format (Peppol BIS where the account has none). A document that
 * cannot be written is reported, and the rest are still written.
 */
export async function exportEInvoices(
  ctx: UseCaseContext,
  month: string,
  folder: string,
  format: EInvoiceFormat | null,
): Promise<Result<ExportReport>> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    return fail('validation_failed', `month ${month} is not YYYY-MM`);
  const first = `${month}-01`;
  const rows = await ctx.db
    .selectFrom('invoices')
    .selectAll()
    .where('organization_id', '=', ctx.actor.organizationId)
    .where('issue_date', '>=', first)
    .where('issue_date', '<', addToIso(first, 'month', 1))
    .orderBy('kind')
    .orderBy('number')
    .execute();
  mkdirSync(folder, { recursive: true });
  const report: ExportReport = { written: [], refused: [] };
  for (const row of rows) {
    const file = await einvoiceFile(
      ctx.db,
      row,
      format ?? (await accountEInvoiceFormat(ctx.db, row)) ?? 'peppol-bis',
    );
    if (!file.ok) {
      report.refused.push({ number: row.number, detail: file.failure.detail });
      continue;
    }
    writeFileSync(join(folder, file.value.fileName), file.value.body);
    report.written.push(file.value.fileName);
  }
  return ok(report);
}
