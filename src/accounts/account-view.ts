import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { AccountsTable } from '../db/schema.ts';
import { EINVOICE_FORMAT_NAMES } from '../einvoices/einvoice-fields.ts';
import { instant, isoInstant } from '../http/common-schemas.ts';

export type AccountRow = Selectable<AccountsTable>;

export const accountSchema = z
  .object({
    uuid: z.uuid(),
    code: z.string(),
    name: z.string(),
    email: z
      .string()
      .nullable()
      .describe(
        'Where invoices go unless invoice_email is set; null only for an employer a partner order sent without one',
      ),
    type: z.enum(['company', 'person']),
    legal_address: z.string().nullable(),
    legal_zipcode: z.string().nullable(),
    legal_city: z.string().nullable(),
    legal_country: z.string(),
    vat_number: z.string().nullable(),
    language: z.enum(['da', 'sv', 'de', 'en']),
    currency: z.string(),
    phone: z.string().nullable(),
    invoice_email: z.string().nullable(),
    national_id: z.string().nullable(),
    payment_terms_days: z.number().int().nullable(),
    send_drafts: z.enum(['review', 'automatic']).nullable(),
    electronic_address: z.string().nullable().describe('Peppol participant id, scheme:id'),
    buyer_reference: z.string().nullable(),
    purchase_order_reference: z.string().nullable(),
    einvoice_format: z.enum(EINVOICE_FORMAT_NAMES).nullable(),
    archived: z.boolean(),
    archived_date: instant.nullable(),
    created_date: instant,
    updated_date: instant,
  })
  .meta({
    id: 'Account',
    examples: [
      {
        uuid: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
        code: 'CUST-4711',
        name: 'Bageriet Ærø ApS',
        email: 'regnskab@bageriet.dk',
        type: 'company',
        legal_address: 'Vestergade 12',
        legal_zipcode: '5970',
        legal_city: 'Ærøskøbing',
        legal_country: 'DK',
        vat_number: 'DK13585628',
        language: 'da',
        currency: 'DKK',
        phone: '+45 62 52 10 00',
        invoice_email: null,
        national_id: null,
        payment_terms_days: 14,
        send_drafts: null,
        electronic_address: '0184:13585628',
        buyer_reference: null,
        purchase_order_reference: null,
        einvoice_format: null,
        archived: false,
        archived_date: null,
        created_date: '2025-01-15T10:00:00.000Z',
        updated_date: '2025-01-15T10:00:00.000Z',
      },
    ],
  });

export type AccountView = z.output<typeof accountSchema>;

export function accountView(row: AccountRow): AccountView {
  return {
    uuid: row.id,
    code: row.code,
    name: row.name,
    email: row.email,
    type: row.type,
    legal_address: row.legal_address,
    legal_zipcode: row.legal_zipcode,
    legal_city: row.legal_city,
    legal_country: row.legal_country,
    vat_number: row.vat_number,
    language: row.language,
    currency: row.currency,
    phone: row.phone,
    invoice_email: row.invoice_email,
    national_id: row.national_id,
    payment_terms_days: row.payment_terms_days,
    send_drafts: row.send_drafts,
    electronic_address: row.electronic_address,
    buyer_reference: row.buyer_reference,
    purchase_order_reference: row.purchase_order_reference,
    einvoice_format: row.einvoice_format,
    archived: row.archived_at !== null,
    archived_date: isoInstant(row.archived_at),
    created_date: isoInstant(row.created_at)!,
    updated_date: isoInstant(row.updated_at)!,
  };
}
