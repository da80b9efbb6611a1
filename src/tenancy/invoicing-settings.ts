import type { Selectable } from 'kysely';
import { z } from 'zod';
import { phoneField } from '../accounts/account-fields.ts';
import type { OrganizationsTable } from '../db/schema.ts';
import { numberFormatProblem } from '../domain/document-numbers.ts';
import { EXEMPTION_CODES } from '../domain/einvoice/vat-exemption.ts';
import { REFERENCE_SCHEMES } from '../domain/payment-references.ts';
import { checkVatNumber } from '../domain/vat-number.ts';
import { electronicAddressField } from '../einvoices/einvoice-fields.ts';

const numberFormat = z.string().refine((value) => numberFormatProblem(value) === null, {
  error: (issue) => numberFormatProblem(String(issue.input))?.message ?? 'not a number format',
});
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
/** The organization's own VAT number, by the rule of account VAT numbers, stored normalized. */
const vatNumberField = z
  .string()
  .trim()
  .max(20)
  .refine((value) => value === '' || checkVatNumber(value).ok, {
    error: (issue) => {
      const checked = checkVatNumber(String(issue.input));
      return checked.ok ? 'not a VAT number' : checked.message;
    },
  })
  .overwrite((value) => {
    const checked = checkVatNumber(value);
    return checked.ok ? checked.normalized : value;
  })
  .nullable()
  .optional();

/** The seller's details printed on documents, and the invoicing rules, as the API shows them. */
export const invoicingSettingsShape = {
  legal_address: z.string().nullable().describe('Printed on documents; one line per address line'),
  vat_number: z.string().nullable(),
  organization_number: z.string().nullable(),
  email: z.string().nullable().describe('Reply-to of invoice e-mails; printed on documents'),
  pay_to: z
    .string()
    .nullable()
    .describe('Where to pay: "Bankgiro 5050-1055", "IBAN DK50 …", "FI creditor 85123456"'),
  invoice_number_format: z.string().describe('e.g. {YYYY}-{SEQ:6} → 2026-000123 (restarts yearly)'),
  credit_note_number_format: z.string(),
  payment_terms_days: z.number().int().describe('Days from invoice date to due date (accounts may override)'),
  payment_reference_scheme: z.enum(REFERENCE_SCHEMES),
  send_drafts: z
    .enum(['review', 'automatic'])
    .describe('automatic: drafts are sent when the billing run ends'),
  dunning_days: z
    .array(z.number().int())
    .describe('Days after the due date (or a failed charge) of each dunning step'),
  dunning_final_action: z.enum(['none', 'end_subscription']).describe('What the last dunning step does'),
  electronic_address: z
    .string()
    .nullable()
    .describe(
      "The seller's Peppol participant id (scheme:id) in e-invoices; default: derived from vat_number",
    ),
  phone: z.string().nullable().describe("The seller's telephone in e-invoices (XRechnung requires one)"),
  eu_supplies: z
    .enum(['services', 'goods'])
    .describe(
      'What is sold to businesses with a VAT number in other EU countries: services (reverse charge, VAT category AE) or goods (an intra-community supply, category K)',
    ),
  vat_exemption_reason: z
    .string()
    .nullable()
    .describe(
      'Why 0 % supplies are exempt from VAT (a VAT-registered seller of education, health care, …): printed on documents, VAT category E in e-invoices',
    ),
  vat_exemption_code: z
    .enum(EXEMPTION_CODES)
    .nullable()
    .describe('The VATEX code of the exemption (e.g. VATEX-EU-132-1I for education), sent with the reason'),
};

export const invoicingChangeShape = {
  legal_address: optionalText(500),
  vat_number: vatNumberField,
  organization_number: optionalText(20),
  email: z.email().max(254).nullable().optional(),
  pay_to: optionalText(100),
  invoice_number_format: numberFormat.optional(),
  credit_note_number_format: numberFormat.optional(),
  payment_terms_days: z.number().int().min(0).max(365).optional(),
  payment_reference_scheme: z.enum(REFERENCE_SCHEMES).optional(),
  send_drafts: z.enum(['review', 'automatic']).optional(),
  dunning_days: z
    .array(z.number().int().min(1).max(365))
    .max(10)
    .refine((days) => days.every((d, i) => i === 0 || d > days[i - 1]!), 'days must rise: e.g. [3, 7, 14]')
    .optional(),
  dunning_final_action: z.enum(['none', 'end_subscription']).optional(),
  electronic_address: electronicAddressField,
  phone: phoneField,
  eu_supplies: z.enum(['services', 'goods']).optional(),
  vat_exemption_reason: optionalText(300),
  vat_exemption_code: z.enum(EXEMPTION_CODES).nullable().optional(),
};

export function invoicingSettingsOf(row: Selectable<OrganizationsTable>) {
  return {
    legal_address: row.legal_address,
    vat_number: row.vat_number,
    organization_number: row.organization_number,
    email: row.email,
    pay_to: row.pay_to,
    invoice_number_format: row.invoice_number_format,
    credit_note_number_format: row.credit_note_number_format,
    payment_terms_days: row.payment_terms_days,
    payment_reference_scheme: row.payment_reference_scheme,
    send_drafts: row.send_drafts,
    dunning_days: row.dunning_days,
    dunning_final_action: row.dunning_final_action,
    electronic_address: row.electronic_address,
    phone: row.phone,
    eu_supplies: row.eu_supplies,
    vat_exemption_reason: row.vat_exemption_reason,
    vat_exemption_code: row.vat_exemption_code as (typeof EXEMPTION_CODES)[number] | null,
  };
}
