import type { EInvoice } from '../domain/einvoice/model.ts';
import { writeUbl } from '../domain/einvoice/ubl.ts';
import type { FieldError } from '../errors.ts';

/** The e-invoice formats kassa writes, each with its syntax writer and what it needs of the data. */
export const EINVOICE_FORMATS = ['peppol-bis'] as const;
export type EInvoiceFormat = (typeof EINVOICE_FORMATS)[number];

interface FormatWriter {
  contentType: string;
  extension: string;
  /** What the document lacks for this format, each naming the field that supplies it. */
  missing: (doc: EInvoice) => FieldError[];
  write: (doc: EInvoice) => string;
}

const missingAddresses = (doc: EInvoice): FieldError[] => [
  ...(doc.seller.electronicAddress
    ? []
    : [
        {
          field: 'organization.vat_number',
          code: 'required',
          message:
            "the seller's electronic address (BT-34) is derived from the organization's VAT number: set vat_number",
        },
      ]),
  ...(doc.buyer.electronicAddress
    ? []
    : [
        {
          field: 'account.vat_number',
          code: 'required',
          message:
            "the buyer's electronic address (BT-49) is derived from the account's VAT number: set vat_number",
        },
      ]),
];

export const FORMAT_WRITERS: Record<EInvoiceFormat, FormatWriter> = {
  'peppol-bis': {
    contentType: 'application/xml',
    extension: 'xml',
    missing: missingAddresses,
    write: (doc) => writeUbl(doc, 'peppol'),
  },
};
