import { z } from 'zod';
import type { OrganizationRef } from '../context.ts';
import { defaultLanguageFor } from '../domain/iso.ts';
import { parseSwedishNationalId } from '../domain/swedish-national-id.ts';
import { checkVatNumber } from '../domain/vat-number.ts';
import { type EINVOICE_FORMAT_NAMES, einvoiceAccountFields } from '../einvoices/einvoice-fields.ts';
import { type FieldError, fail, ok, type Result } from '../errors.ts';
import { codeSchema, countryCode, currencyCode } from '../http/common-schemas.ts';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** A telephone number as people write it: an optional +, then digits, spaces and ( ) . / - */
export const phoneField = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()./-]{4,24}$/, 'digits, spaces and + ( ) . / -')
  .nullable()
  .optional();

/**
 * The fields a client may write; everything else on an account is ours. No `.default()` here: PATCH
 * uses the partial of this schema, where a default would overwrite a stored value. Defaults are applied
 * in `completeAccountFields`.
 */
export const accountInputSchema = z.strictObject({
  code: codeSchema.describe(
    'Your own reference for the account, unique in the organization; the account is addressable by it',
  ),
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254).describe('Where invoices go unless invoice_email is set'),
  type: z.enum(['company', 'person']).optional().describe('Defaults to company'),
  legal_address: optionalText(500),
  legal_zipcode: optionalText(20),
  legal_city: optionalText(100),
  legal_country: countryCode.optional().describe("Defaults to the organization's country"),
  vat_number: optionalText(20).describe(
    "VAT number with its country prefix, e.g. DK13585628; checked by the country's format and check digits where known",
  ),
  language: z
    .enum(['da', 'sv', 'de', 'en'])
    .optional()
    .describe('Of invoices and e-mails; defaults from legal_country'),
  currency: currencyCode.optional().describe("Defaults to the organization's currency"),
  phone: phoneField,
  invoice_email: z.email().max(254).nullable().optional(),
  national_id: optionalText(32).describe(
    'For legal_country SE: personnummer (person) or organisationsnummer, Luhn-checked',
  ),
  payment_terms_days: z
    .number()
    .int()
    .min(0)
    .max(365)
    .nullable()
    .optional()
    .describe("Days to pay an invoice; default: the organization's"),
  send_drafts: z
    .enum(['review', 'automatic'])
    .nullable()
    .optional()
    .describe(
      "Send this account's drafts automatically after a billing run, or hold them; default: the organization's rule",
    ),
  ...einvoiceAccountFields,
});

export type AccountInput = z.output<typeof accountInputSchema>;

/**
 * What POST /accounts/ takes: as a replace, but an e-mail (and a language) is enough, as seed 003's
 * leading systems send customers: without a `code` the account gets the next customer number, without
 * a `name` its e-mail.
 */
export const accountCreateSchema = accountInputSchema.extend({
  code: accountInputSchema.shape.code
    .optional()
    .describe(
      "Your own reference for the account, unique in the organization; the account is addressable by it. Without one, the next number of the organization's customer series (10001, 10002, …)",
    ),
  name: accountInputSchema.shape.name.optional().describe('Defaults to the e-mail'),
});
export type AccountCreateInput = z.output<typeof accountCreateSchema>;
/** What the use cases complete: an account a partner order makes may have no e-mail (its employer). */
export type AccountFieldsInput = Omit<AccountInput, 'email'> & { email: string | null };
export const accountPatchSchema = accountInputSchema.partial();
export type AccountPatch = z.output<typeof accountPatchSchema>;

/** An account's stored, client-writable fields, defaults applied and checked as a whole. */
export interface AccountFields {
  code: string;
  name: string;
  email: string | null;
  type: 'company' | 'person';
  legal_address: string | null;
  legal_zipcode: string | null;
  legal_city: string | null;
  legal_country: string;
  vat_number: string | null;
  language: 'da' | 'sv' | 'de' | 'en';
  currency: string;
  phone: string | null;
  invoice_email: string | null;
  national_id: string | null;
  payment_terms_days: number | null;
  send_drafts: 'review' | 'automatic' | null;
  electronic_address: string | null;
  buyer_reference: string | null;
  purchase_order_reference: string | null;
  einvoice_format: (typeof EINVOICE_FORMAT_NAMES)[number] | null;
}

const blankToNull = (value: string | null | undefined) =>
  value === undefined || value === null || value === '' ? null : value;

/**
 * Applies defaults (country, language and currency from the organization) and the checks that
 * span fields: a Swedish national id must fit the account's type and carry a valid Luhn digit.
 */
export function completeAccountFields(
  input: AccountFieldsInput,
  organization: OrganizationRef,
  now: Date,
): Result<AccountFields> {
  const errors: FieldError[] = [];
  const legal_country = input.legal_country ?? organization.country;
  let national_id = blankToNull(input.national_id);
  if (national_id !== null && legal_country === 'SE') {
    const today = { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() };
    const parsed = parseSwedishNationalId(national_id, today);
    if (!parsed.ok) {
      const why =
        parsed.reason === 'check_digit'
          ? 'its check digit is wrong'
          : parsed.reason === 'date'
            ? 'its date does not exist'
            : 'it is not YYMMDD-NNNN, YYYYMMDD-NNNN or NNNNNN-NNNN';
      errors.push({
        field: 'national_id',
        code: parsed.reason,
        message: `national_id is not a Swedish personnummer or organisationsnummer: ${why}`,
      });
    } else if ((input.type ?? 'company') === 'person' && parsed.kind === 'organisationsnummer') {
      errors.push({
        field: 'national_id',
        code: 'type_mismatch',
        message: 'national_id: a person has a personnummer, not an organisationsnummer',
      });
    } else {
      national_id = parsed.normalized;
    }
  }
  let vat_number = blankToNull(input.vat_number);
  if (vat_number !== null) {
    const checked = checkVatNumber(vat_number);
    if (!checked.ok)
      errors.push({
        field: 'vat_number',
        code: checked.reason === 'shape' ? 'invalid' : checked.reason,
        message: `vat_number: ${checked.message}`,
      });
    else vat_number = checked.normalized;
  }
  if (errors.length > 0) return fail('validation_failed', errors.map((e) => e.message).join('; '), errors);
  return ok({
    code: input.code,
    name: input.name,
    email: input.email,
    type: input.type ?? 'company',
    legal_address: blankToNull(input.legal_address),
    legal_zipcode: blankToNull(input.legal_zipcode),
    legal_city: blankToNull(input.legal_city),
    legal_country,
    vat_number,
    language: input.language ?? defaultLanguageFor(legal_country),
    currency: input.currency ?? organization.currency,
    phone: blankToNull(input.phone),
    invoice_email: blankToNull(input.invoice_email),
    national_id,
    payment_terms_days: input.payment_terms_days ?? null,
    send_drafts: input.send_drafts ?? null,
    electronic_address: blankToNull(input.electronic_address),
    buyer_reference: blankToNull(input.buyer_reference),
    purchase_order_reference: blankToNull(input.purchase_order_reference),
    einvoice_format: input.einvoice_format ?? null,
  });
}
