import { Decimal } from 'decimal.js';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { findOwnRow } from '../db/find-own-row.ts';
import type { InvoiceLinesTable, InvoicesTable } from '../db/tables-invoicing.ts';
import type { Db, Tx } from '../db/transaction.ts';
import type { EuSupplies, VatExemption } from '../domain/einvoice/vat-exemption.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { dateString, instant, isoInstant } from '../http/common-schemas.ts';
import { creditNoteExample, invoiceExample } from './invoice-examples.ts';

export type InvoiceRow = Selectable<InvoicesTable>;
export type InvoiceLineRow = Selectable<InvoiceLinesTable>;

/** Who sold or bought, as printed on the document when it was issued. */
export interface PartySnapshot {
  name: string;
  addressLines: string[];
  country: string;
  vatNumber: string | null;
  organizationNumber: string | null;
  email: string | null;
}
export interface SellerSnapshot extends PartySnapshot {
  payTo: string | null;
  /** Peppol participant id "scheme:id" (documents issued before e-invoicing have none) */
  electronicAddress?: string | null;
  phone?: string | null;
  /** What the organization sold to EU businesses and why its 0 % supplies were exempt, when issued */
  euSupplies?: EuSupplies;
  vatExemption?: VatExemption | null;
}
export interface BuyerSnapshot extends PartySnapshot {
  customerNumber: string;
  electronicAddress?: string | null;
  /** EN 16931 BT-10 and BT-13, as set on the account or when the draft was sent */
  buyerReference?: string | null;
  orderReference?: string | null;
}
export type VatSummary = { rate: string; base: number; amount: number }[];

const amount = z.string().describe('Decimal string in the document currency');
export const invoiceLineSchema = z.object({
  uuid: z.uuid(),
  subscription: z.uuid().nullable(),
  credited_line: z.uuid().nullable().describe("A credit note's line: the invoice line it credits"),
  description: z.string(),
  period_start: z.string().nullable(),
  period_end: z.string().nullable(),
  quantity: z.string(),
  unit_price: z.string(),
  discount: amount,
  amount: amount.describe('Net of discount, VAT excluded'),
  vat_rate: z.string(),
});

const documentShape = {
  uuid: z.uuid(),
  number: z.string(),
  account: z.uuid(),
  currency: z.string(),
  issue_date: dateString,
  lines: z.array(invoiceLineSchema),
  vat: z.array(z.object({ rate: z.string(), base: amount, amount })),
  total_ex_vat: amount,
  total_vat: amount,
  total: amount,
  reverse_charge: z.boolean().describe('VAT reverse charged to the buyer (the note is printed)'),
  buyer_reference: z.string().nullable().describe("The buyer's reference (EN 16931 BT-10)"),
  purchase_order_reference: z.string().nullable().describe('The purchase-order reference (BT-13)'),
  emailed_date: instant.nullable(),
  created_date: instant,
};

export const invoiceSchema = z
  .object({
    ...documentShape,
    status: z.enum(['open', 'partially_paid', 'paid', 'overdue', 'credited']),
    due_date: dateString.nullable(),
    collection_method: z.enum(['invoice', 'card']),
    payment_reference: z.string().nullable(),
    payment_reference_scheme: z.string().nullable(),
    paid: amount.describe('Settled by payments and account credit'),
    credited: amount.describe('Settled by credit notes'),
    balance: amount.describe('Still to pay'),
    draft: z.uuid().nullable(),
    updated_date: instant,
  })
  .meta({ id: 'Invoice', examples: [invoiceExample] });

export const creditNoteSchema = z
  .object({ ...documentShape, invoice: z.uuid().describe('The credited invoice') })
  .meta({ id: 'CreditNote', examples: [creditNoteExample] });

export type InvoiceView = z.output<typeof invoiceSchema>;
export type CreditNoteView = z.output<typeof creditNoteSchema>;

/** What is still to pay on an invoice, in minor units. */
export function invoiceBalance(
  row: Pick<InvoiceRow, 'total_amount' | 'paid_amount' | 'credited_amount'>,
): number {
  // A paid invoice credited afterwards has nothing to pay: what was paid back went to account credit.
  return Math.max(0, Number(row.total_amount) - Number(row.paid_amount) - Number(row.credited_amount));
}

function documentView(row: InvoiceRow, lines: InvoiceLineRow[]) {
  const money = (minor: number) => formatMinorUnits(Number(minor), row.currency);
  return {
    uuid: row.id,
    number: row.number,
    account: row.account_id,
    currency: row.currency,
    issue_date: row.issue_date,
    lines: lines
      .filter((l) => l.invoice_id === row.id)
      .map((l) => ({
        uuid: l.id,
        subscription: l.subscription_id,
        credited_line: l.credited_line_id,
        description: l.description,
        period_start: l.period_start,
        period_end: l.period_end,
        quantity: new Decimal(l.quantity).toString(),
        unit_price: new Decimal(l.unit_price).toString(),
        discount: money(l.discount),
        amount: money(l.amount),
        vat_rate: new Decimal(l.vat_rate).toString(),
      })),
    vat: (row.vat_summary as VatSummary).map((g) => ({
      rate: g.rate,
      base: money(g.base),
      amount: money(g.amount),
    })),
    total_ex_vat: money(row.net_amount),
    total_vat: money(row.vat_amount),
    total: money(row.total_amount),
    reverse_charge: row.reverse_charge,
    buyer_reference: (row.buyer as BuyerSnapshot).buyerReference ?? null,
    purchase_order_reference: (row.buyer as BuyerSnapshot).orderReference ?? null,
    emailed_date: isoInstant(row.emailed_at),
    created_date: isoInstant(row.created_at)!,
  };
}

export function invoiceView(row: InvoiceRow, lines: InvoiceLineRow[]): InvoiceView {
  return {
    ...documentView(row, lines),
    status: row.status as InvoiceView['status'],
    due_date: row.due_date,
    collection_method: row.collection_method,
    payment_reference: row.payment_reference,
    payment_reference_scheme: row.payment_reference_scheme,
    paid: formatMinorUnits(Number(row.paid_amount), row.currency),
    credited: formatMinorUnits(Number(row.credited_amount), row.currency),
    balance: formatMinorUnits(invoiceBalance(row), row.currency),
    draft: row.draft_id,
    updated_date: isoInstant(row.updated_at)!,
  };
}

export function creditNoteView(row: InvoiceRow, lines: InvoiceLineRow[]): CreditNoteView {
  return { ...documentView(row, lines), invoice: row.credited_invoice_id! };
}

export async function linesOfInvoices(
  db: Db | Tx,
  organizationId: string,
  invoiceIds: readonly string[],
): Promise<InvoiceLineRow[]> {
  if (invoiceIds.length === 0) return [];
  return db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('invoice_id', 'in', invoiceIds)
    .orderBy('invoice_id')
    .orderBy('position')
    .execute();
}

/** An invoice or credit note of this organization, by uuid (kind checked by the caller's filter). */
export async function findInvoice(
  db: Db | Tx,
  organizationId: string,
  id: string,
  kind: 'invoice' | 'credit_note',
  options: { lock?: boolean } = {},
): Promise<InvoiceRow | undefined> {
  const row = await findOwnRow(db, 'invoices', organizationId, id, options);
  return row?.kind === kind ? row : undefined;
}

/**
 * An invoice or credit note as its GET answers it, read in the caller's transaction: the `data` of
 * its events (the same view functions as the routes).
 */
export async function invoiceData(
  db: Db | Tx,
  organizationId: string,
  id: string,
): Promise<InvoiceView | CreditNoteView> {
  const row = await findOwnRow(db, 'invoices', organizationId, id);
  if (!row) throw new Error(`no invoice ${id}`);
  const lines = await linesOfInvoices(db, organizationId, [id]);
  return row.kind === 'invoice' ? invoiceView(row, lines) : creditNoteView(row, lines);
}
