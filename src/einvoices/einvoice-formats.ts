import { writeCii } from '../domain/einvoice/cii.ts';
import type { EInvoice, EParty } from '../domain/einvoice/model.ts';
import { writeUbl } from '../domain/einvoice/ubl.ts';
import type { FieldError } from '../errors.ts';
import type { InvoiceDocument } from '../invoices/invoice-pdf.ts';
import { EINVOICE_FORMAT_NAMES } from './einvoice-fields.ts';
import { zugferdPdf } from './zugferd.ts';

/** The e-invoice formats kassa writes, each with its syntax writer and what it needs of the data. */
export const EINVOICE_FORMATS = EINVOICE_FORMAT_NAMES;
export type EInvoiceFormat = (typeof EINVOICE_FORMATS)[number];

interface FormatWriter {
  contentType: string;
  extension: string;
  /** The format's own defaults for what the data leaves open. */
  prepare: (doc: EInvoice) => EInvoice;
  /** What the prepared document lacks for this format, each naming the field that supplies it. */
  missing: (doc: EInvoice) => FieldError[];
  /** The file: XML from the model, or (ZUGFeRD) the PDF drawn from the same document with the XML in it. */
  write: (doc: EInvoice, document: InvoiceDocument) => string | Promise<Buffer>;
}

const need = (field: string, message: string): FieldError => ({ field, code: 'required', message });

function addresses(doc: EInvoice): FieldError[] {
  return [
    ...(doc.seller.electronicAddress
      ? []
      : [
          need(
            'organization.electronic_address',
            "the seller's electronic address (BT-34): set electronic_address or vat_number",
          ),
        ]),
    ...(doc.buyer.electronicAddress
      ? []
      : [
          need(
            'account.electronic_address',
            "the buyer's electronic address (BT-49): set electronic_address or vat_number",
          ),
        ]),
  ];
}

/** Peppol needs a buyer reference or an order reference (R003): the customer number stands in. */
function peppolDefaults(doc: EInvoice): EInvoice {
  if (doc.buyerReference || doc.orderReference) return doc;
  return { ...doc, buyerReference: doc.buyerAccountCode };
}

/** XRechnung accepts an e-mail address (scheme EM) where a party has no participant id. */
function xrechnungDefaults(doc: EInvoice): EInvoice {
  const withEmail = (p: EParty): EParty =>
    p.electronicAddress || !p.contact?.email
      ? p
      : { ...p, electronicAddress: { scheme: 'EM', id: p.contact.email } };
  return { ...doc, seller: withEmail(doc.seller), buyer: withEmail(doc.buyer) };
}

/** What XRechnung (BR-DE-1 … BR-DE-15) asks beyond EN 16931. */
function xrechnungMissing(doc: EInvoice): FieldError[] {
  const missing = addresses(doc);
  if (!doc.buyerReference)
    missing.push(
      need(
        'account.buyer_reference',
        'the buyer reference (BT-10, a Leitweg-ID for public buyers): set it on the account or when sending',
      ),
    );
  if (!doc.seller.contact?.phone) missing.push(need('organization.phone', "the seller's telephone (BT-42)"));
  if (!doc.seller.contact?.email)
    missing.push(need('organization.email', "the seller's e-mail address (BT-43)"));
  if (!doc.seller.city || !doc.seller.postcode)
    missing.push(
      need(
        'organization.legal_address',
        'the seller\'s postcode and city (BT-38, BT-37): a last line "postcode city"',
      ),
    );
  if (!doc.buyer.postcode) missing.push(need('account.legal_zipcode', "the buyer's postcode (BT-53)"));
  if (!doc.buyer.city) missing.push(need('account.legal_city', "the buyer's city (BT-52)"));
  if (doc.kind === 'invoice' && !doc.payment?.account)
    missing.push(need('organization.pay_to', 'the account to pay to (BT-84): an IBAN, bankgiro or plusgiro'));
  return missing;
}

const XML = { contentType: 'application/xml', extension: 'xml' };

export const FORMAT_WRITERS: Record<EInvoiceFormat, FormatWriter> = {
  'peppol-bis': {
    ...XML,
    prepare: peppolDefaults,
    missing: addresses,
    write: (doc) => writeUbl(doc, 'peppol'),
  },
  'xrechnung-ubl': {
    ...XML,
    prepare: xrechnungDefaults,
    missing: xrechnungMissing,
    write: (doc) => writeUbl(doc, 'xrechnung'),
  },
  'xrechnung-cii': {
    ...XML,
    prepare: xrechnungDefaults,
    missing: xrechnungMissing,
    write: (doc) => writeCii(doc, 'xrechnung'),
  },
  zugferd: {
    contentType: 'application/pdf',
    extension: 'pdf',
    prepare: (doc) => doc,
    // EN 16931 itself asks for no electronic address or buyer reference: the CEN rules are the check.
    missing: () => [],
    write: zugferdPdf,
  },
};
