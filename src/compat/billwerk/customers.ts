import { z } from 'zod';
import type { AccountPatch } from '../../accounts/account-fields.ts';
import type { AccountView } from '../../accounts/account-view.ts';
import { newId } from '../../ids.ts';

/**
 * Billwerk's CustomerDTO and kassa's account. A Billwerk customer is a company (`CompanyName`) or a
 * person (`FirstName`, `LastName`); kassa keeps one `name` and a `type`. The street line is one field
 * in kassa: `Street` and `HouseNumber` are joined on the way in and split at a trailing house number
 * on the way out. See docs/compat/billwerk.md for the whole mapping.
 */
const text = (max: number) => z.string().trim().max(max).nullable().optional();

export const billwerkAddressSchema = z
  .strictObject({
    Street: text(400),
    HouseNumber: text(40),
    AddressLine1: text(500).describe('Used when Street is not sent'),
    PostalCode: text(20),
    City: text(100),
    Country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code, e.g. DE')
      .nullable()
      .optional(),
  })
  .meta({
    examples: [
      { Street: 'Vestergade', HouseNumber: '12', PostalCode: '5970', City: 'Ærøskøbing', Country: 'DK' },
    ],
  });

const customerFields = {
  ExternalCustomerId: z
    .string()
    .max(64)
    .nullable()
    .optional()
    .describe("Your own reference for the customer (kassa's account `code`); made up when not sent"),
  CompanyName: text(200).describe('A company: its name. Without it the customer is a person'),
  FirstName: text(100),
  LastName: text(100),
  EmailAddress: z.email().max(254).describe('Where invoices go'),
  PhoneNumber: text(24),
  VatId: text(20).describe('EU VAT number with its country prefix, e.g. DE123456788'),
  Locale: z
    .string()
    .regex(/^(da|sv|de|en)([-_][A-Za-z]{2})?$/, 'da, sv, de or en, optionally with a region (de-DE)')
    .nullable()
    .optional()
    .describe("Language of invoices and e-mails; default from the address's country"),
  Address: billwerkAddressSchema.nullable().optional(),
  // Read-only fields a client sends back when it PUTs what it read: accepted and ignored.
  Id: z.string().max(64).optional().describe('Read-only: ignored'),
  CustomerName: z.string().max(400).optional().describe('Read-only: ignored'),
  CreatedAt: z.string().max(40).optional().describe('Read-only: ignored'),
  Hidden: z.boolean().optional().describe('Read-only: ignored (DELETE archives)'),
};

const example = {
  ExternalCustomerId: 'CUST-4711',
  CompanyName: 'Bageriet Ærø ApS',
  FirstName: 'Mette',
  LastName: 'Hansen',
  EmailAddress: 'regnskab@bageriet.dk',
  VatId: 'DK13585628',
  Locale: 'da-DK',
  Address: { Street: 'Vestergade', HouseNumber: '12', PostalCode: '5970', City: 'Ærøskøbing', Country: 'DK' },
};

export const billwerkCustomerInput = z.strictObject(customerFields).meta({ examples: [example] });
export type BillwerkCustomerInput = z.output<typeof billwerkCustomerInput>;

export const billwerkCustomerPatch = z
  .strictObject({ ...customerFields, EmailAddress: customerFields.EmailAddress.optional() })
  .meta({ examples: [{ PhoneNumber: '+45 62 52 10 00' }] });
export type BillwerkCustomerPatch = z.output<typeof billwerkCustomerPatch>;

export const billwerkCustomerSchema = z
  .object({
    Id: z.uuid(),
    ExternalCustomerId: z.string(),
    CustomerName: z.string(),
    CompanyName: z.string().nullable(),
    FirstName: z.string().nullable(),
    LastName: z.string().nullable(),
    EmailAddress: z.string().nullable(),
    PhoneNumber: z.string().nullable(),
    VatId: z.string().nullable(),
    Locale: z.string(),
    Language: z.string(),
    DefaultCurrency: z.string(),
    Address: z.object({
      Street: z.string().nullable(),
      HouseNumber: z.string().nullable(),
      PostalCode: z.string().nullable(),
      City: z.string().nullable(),
      Country: z.string(),
    }),
    Hidden: z.boolean().describe('Archived (a DELETE archives)'),
    CreatedAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({
    id: 'BillwerkCustomer',
    examples: [
      {
        Id: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
        ExternalCustomerId: 'CUST-4711',
        CustomerName: 'Bageriet Ærø ApS',
        CompanyName: 'Bageriet Ærø ApS',
        FirstName: null,
        LastName: null,
        EmailAddress: 'regnskab@bageriet.dk',
        PhoneNumber: null,
        VatId: 'DK13585628',
        Locale: 'da-DK',
        Language: 'da',
        DefaultCurrency: 'DKK',
        Address: {
          Street: 'Vestergade',
          HouseNumber: '12',
          PostalCode: '5970',
          City: 'Ærøskøbing',
          Country: 'DK',
        },
        Hidden: false,
        CreatedAt: '2025-01-15T10:00:00.000Z',
      },
    ],
  });
export type BillwerkCustomer = z.output<typeof billwerkCustomerSchema>;

/** kassa's field names as Billwerk's, for the field errors of the account use cases. */
export const CUSTOMER_FIELD_NAMES: Record<string, string> = {
  code: 'ExternalCustomerId',
  name: 'CompanyName',
  email: 'EmailAddress',
  phone: 'PhoneNumber',
  vat_number: 'VatId',
  language: 'Locale',
  legal_address: 'Address.Street',
  legal_zipcode: 'Address.PostalCode',
  legal_city: 'Address.City',
  legal_country: 'Address.Country',
};

const HOUSE_NUMBER = /^(.*\S)\s+(\d[0-9A-Za-z/-]*)$/;

export function customerDto(account: AccountView): BillwerkCustomer {
  const company = account.type === 'company';
  const words = account.name.split(/\s+/);
  const street = account.legal_address === null ? null : HOUSE_NUMBER.exec(account.legal_address);
  return {
    Id: account.uuid,
    ExternalCustomerId: account.code,
    CustomerName: account.name,
    CompanyName: company ? account.name : null,
    FirstName: company ? null : words.length > 1 ? words.slice(0, -1).join(' ') : null,
    LastName: company ? null : (words.at(-1) ?? null),
    EmailAddress: account.email,
    PhoneNumber: account.phone,
    VatId: account.vat_number,
    Locale: `${account.language}-${account.legal_country}`,
    Language: account.language,
    DefaultCurrency: account.currency,
    Address: {
      Street: street ? street[1]! : account.legal_address,
      HouseNumber: street ? street[2]! : null,
      PostalCode: account.legal_zipcode,
      City: account.legal_city,
      Country: account.legal_country,
    },
    Hidden: account.archived,
    CreatedAt: account.created_date,
  };
}

/** A customer made without ExternalCustomerId gets a code of its own, as Billwerk leaves it empty. */
export function madeUpCode(): string {
  return `BW-${newId().replaceAll('-', '').slice(-16).toUpperCase()}`;
}

type Has<T, K extends keyof T> = Pick<T, K>;

/**
 * The account fields a Billwerk customer carries, from a DTO (a whole one for POST and PUT, the stored
 * customer with the PATCH laid over it for PATCH). Fields only kassa has are never touched.
 */
export function accountFieldsOf(
  dto: Has<
    BillwerkCustomerPatch,
    'CompanyName' | 'FirstName' | 'LastName' | 'PhoneNumber' | 'VatId' | 'Locale' | 'Address'
  > & {
    /** null: a stored customer without one (an employer from a partner order), left so */
    EmailAddress?: string | null | undefined;
  },
): AccountPatch {
  const company = dto.CompanyName?.trim() ? dto.CompanyName.trim() : null;
  const person = [dto.FirstName, dto.LastName].filter((part) => part?.trim()).join(' ');
  const address = dto.Address ?? null;
  const streetLine = address?.Street
    ? [address.Street, address.HouseNumber].filter((part) => part?.trim()).join(' ')
    : (address?.AddressLine1 ?? null);
  const language = dto.Locale ? (dto.Locale.slice(0, 2) as 'da' | 'sv' | 'de' | 'en') : undefined;
  return {
    name: company ?? person,
    type: company ? 'company' : 'person',
    ...(typeof dto.EmailAddress === 'string' ? { email: dto.EmailAddress } : {}),
    phone: dto.PhoneNumber ?? null,
    vat_number: dto.VatId ?? null,
    ...(language ? { language } : {}),
    legal_address: streetLine,
    legal_zipcode: address?.PostalCode ?? null,
    legal_city: address?.City ?? null,
    ...(address?.Country ? { legal_country: address.Country } : {}),
  };
}
