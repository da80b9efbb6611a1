import { z } from 'zod';
import type { DraftView } from '../../billing/draft-view.ts';
import type { CreditNoteView, InvoiceView } from '../../invoices/invoice-view.ts';
import {
  billwerkDownloadLinkExample,
  billwerkInvoiceDraftExample,
  billwerkInvoiceExample,
} from './billwerk-examples.ts';

/**
 * Billwerk's Invoice and InvoiceDraft DTOs over kassa's invoices, credit notes and invoice drafts.
 * Amounts are JSON numbers in the document's currency, as Billwerk answers them (kassa's decimal
 * strings, read as numbers). See docs/compat/billwerk.md for the whole mapping.
 */
const money = z.number().describe('In the document currency');

const itemSchema = z.object({
  Id: z.uuid(),
  ContractId: z.uuid().nullable().describe("The kassa subscription the line bills (Billwerk's contract)"),
  Description: z.string(),
  Quantity: z.number(),
  PricePerUnit: z.number(),
  Discount: money,
  TotalNet: money.describe('Net of discount, VAT excluded'),
  VatPercentage: z.number(),
  PeriodStart: z.string().nullable().meta({ format: 'date' }),
  PeriodEnd: z.string().nullable().meta({ format: 'date' }),
});

const vatItemSchema = z.object({ VatPercentage: z.number(), TotalNet: money, TotalVat: money });

const totals = {
  Id: z.uuid(),
  CustomerId: z.uuid().describe("The kassa account (Billwerk's customer)"),
  ContractId: z
    .uuid()
    .nullable()
    .describe('The subscription, when every subscription line bills the same one; else null'),
  Currency: z.string(),
  TotalNet: money,
  TotalVat: money,
  TotalGross: money,
  ItemList: z.array(itemSchema),
  VatItems: z.array(vatItemSchema),
  CreatedAt: z.string().meta({ format: 'date-time' }),
};

export const billwerkInvoiceSchema = z
  .object({
    ...totals,
    IsInvoice: z.boolean().describe('false: a credit note'),
    InvoiceNumber: z.string(),
    DocumentDate: z.string().meta({ format: 'date' }).describe('The issue date'),
    DueDate: z.string().nullable().meta({ format: 'date' }),
    SentAt: z.string().nullable().meta({ format: 'date-time' }).describe('When it was e-mailed'),
    IsReverseCharge: z.boolean(),
    Status: z
      .enum(['open', 'partially_paid', 'paid', 'overdue', 'credited'])
      .nullable()
      .describe("kassa's settlement status; null on a credit note"),
    AmountPaid: money.nullable().describe('Settled by payments and account credit; null on a credit note'),
    AmountDue: money.nullable().describe('Still to pay; null on a credit note'),
    PaymentReference: z.string().nullable(),
    DraftId: z.uuid().nullable().describe('The draft it was sent from'),
    ReferencedInvoiceId: z.uuid().nullable().describe('A credit note: the invoice it credits'),
  })
  .meta({ id: 'BillwerkInvoice', examples: [billwerkInvoiceExample] });

export const billwerkInvoiceDraftSchema = z
  .object({
    ...totals,
    Status: z.enum(['Draft', 'Sent']),
    UpdatedAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'BillwerkInvoiceDraft', examples: [billwerkInvoiceDraftExample] });

export const billwerkDownloadLinkSchema = z
  .object({
    Url: z.string().describe('Serves the PDF without a token until ExpiresAt'),
    ExpiresAt: z.string().meta({ format: 'date-time' }),
    EInvoiceUrl: z.string().nullable().describe("The e-invoice in the account's format, if it has one"),
  })
  .meta({ id: 'BillwerkDownloadLink', examples: [billwerkDownloadLinkExample] });

export type BillwerkInvoice = z.output<typeof billwerkInvoiceSchema>;
export type BillwerkInvoiceDraft = z.output<typeof billwerkInvoiceDraftSchema>;

type Line = (InvoiceView | DraftView)['lines'][number];

function totalsOf(view: InvoiceView | CreditNoteView | DraftView) {
  const contracts = new Set(view.lines.map((l) => l.subscription).filter((s) => s !== null));
  return {
    Id: view.uuid,
    CustomerId: view.account,
    ContractId: contracts.size === 1 ? [...contracts][0]! : null,
    Currency: view.currency,
    TotalNet: Number(view.total_ex_vat),
    TotalVat: Number(view.total_vat),
    TotalGross: Number(view.total),
    ItemList: view.lines.map((l: Line) => ({
      Id: l.uuid,
      ContractId: l.subscription,
      Description: l.description,
      Quantity: Number(l.quantity),
      PricePerUnit: Number(l.unit_price),
      Discount: Number(l.discount),
      TotalNet: Number(l.amount),
      VatPercentage: Number(l.vat_rate),
      PeriodStart: l.period_start,
      PeriodEnd: l.period_end,
    })),
    VatItems: view.vat.map((v) => ({
      VatPercentage: Number(v.rate),
      TotalNet: Number(v.base),
      TotalVat: Number(v.amount),
    })),
    CreatedAt: view.created_date,
  };
}

export function invoiceDto(view: InvoiceView | CreditNoteView): BillwerkInvoice {
  const invoice = 'status' in view ? view : null;
  return {
    ...totalsOf(view),
    IsInvoice: invoice !== null,
    InvoiceNumber: view.number,
    DocumentDate: view.issue_date,
    DueDate: invoice?.due_date ?? null,
    SentAt: view.emailed_date,
    IsReverseCharge: view.reverse_charge,
    Status: invoice?.status ?? null,
    AmountPaid: invoice ? Number(invoice.paid) : null,
    AmountDue: invoice ? Number(invoice.balance) : null,
    PaymentReference: invoice?.payment_reference ?? null,
    DraftId: invoice?.draft ?? null,
    ReferencedInvoiceId: 'invoice' in view ? view.invoice : null,
  };
}

export function invoiceDraftDto(view: DraftView): BillwerkInvoiceDraft {
  return {
    ...totalsOf(view),
    Status: view.status === 'draft' ? 'Draft' : 'Sent',
    UpdatedAt: view.updated_date,
  };
}
