import { formatMinorUnits } from '../money.ts';
import type { EAddress, EInvoice, ELine, EParty, EVat, EVatBreakdown } from './model.ts';
import { el, text, xmlDocument } from './xml.ts';

/** The specification (BT-24) a UBL document claims: Peppol BIS Billing 3.0 or XRechnung 3.0. */
export const UBL_CUSTOMIZATIONS = {
  peppol: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
  xrechnung: 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
} as const;
const PEPPOL_PROFILE = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  credit_note: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/** Writes the model as a UBL 2.1 Invoice or CreditNote, in the schema's element order. */
export function writeUbl(doc: EInvoice, customization: keyof typeof UBL_CUSTOMIZATIONS): string {
  const invoice = doc.kind === 'invoice';
  const root = invoice ? 'Invoice' : 'CreditNote';
  const money = (minor: number) => formatMinorUnits(minor, doc.currency);
  const amount = (name: string, minor: number) => text(name, money(minor), { currencyID: doc.currency });
  const body = [
    text('cbc:CustomizationID', UBL_CUSTOMIZATIONS[customization]),
    text('cbc:ProfileID', PEPPOL_PROFILE),
    text('cbc:ID', doc.number),
    text('cbc:IssueDate', doc.issueDate),
    invoice && text('cbc:DueDate', doc.dueDate),
    text(invoice ? 'cbc:InvoiceTypeCode' : 'cbc:CreditNoteTypeCode', doc.typeCode),
    doc.notes.map((n) => text('cbc:Note', n)),
    text('cbc:DocumentCurrencyCode', doc.currency),
    text('cbc:BuyerReference', doc.buyerReference),
    doc.period &&
      el('cac:InvoicePeriod', [text('cbc:StartDate', doc.period.start), text('cbc:EndDate', doc.period.end)]),
    el('cac:OrderReference', text('cbc:ID', doc.orderReference)),
    doc.precedingInvoice &&
      el(
        'cac:BillingReference',
        el('cac:InvoiceDocumentReference', [
          text('cbc:ID', doc.precedingInvoice.number),
          text('cbc:IssueDate', doc.precedingInvoice.issueDate),
        ]),
      ),
    el('cac:AccountingSupplierParty', party(doc.seller)),
    el('cac:AccountingCustomerParty', party(doc.buyer)),
    doc.delivery &&
      el('cac:Delivery', [
        text('cbc:ActualDeliveryDate', doc.delivery.date),
        el('cac:DeliveryLocation', postalAddress('cac:Address', doc.delivery.address)),
      ]),
    doc.payment &&
      el('cac:PaymentMeans', [
        text('cbc:PaymentMeansCode', doc.payment.meansCode),
        !invoice && text('cbc:PaymentDueDate', doc.dueDate),
        text('cbc:PaymentID', doc.payment.remittance),
        doc.payment.account &&
          el('cac:PayeeFinancialAccount', [
            text('cbc:ID', doc.payment.account.id),
            el('cac:FinancialInstitutionBranch', text('cbc:ID', doc.payment.account.branch)),
          ]),
      ]),
    el('cac:PaymentTerms', text('cbc:Note', doc.paymentTerms)),
    el('cac:TaxTotal', [
      amount('cbc:TaxAmount', doc.totals.vatMinor),
      doc.vatBreakdown.map((group) =>
        el('cac:TaxSubtotal', [
          amount('cbc:TaxableAmount', group.baseMinor),
          amount('cbc:TaxAmount', group.vatMinor),
          taxCategory('cac:TaxCategory', group),
        ]),
      ),
    ]),
    el('cac:LegalMonetaryTotal', [
      amount('cbc:LineExtensionAmount', doc.totals.lineTotalMinor),
      amount('cbc:TaxExclusiveAmount', doc.totals.taxExclusiveMinor),
      amount('cbc:TaxInclusiveAmount', doc.totals.taxInclusiveMinor),
      doc.totals.prepaidMinor !== 0 && amount('cbc:PrepaidAmount', doc.totals.prepaidMinor),
      amount('cbc:PayableAmount', doc.totals.payableMinor),
    ]),
    doc.lines.map((line) => lineElement(line, invoice, doc.currency, amount)),
  ];
  return xmlDocument(el(root, body, { xmlns: NS[doc.kind], 'xmlns:cac': NS.cac, 'xmlns:cbc': NS.cbc }));
}

function postalAddress(name: string, a: EAddress): string {
  return el(name, [
    text('cbc:StreetName', a.streetLines[0]),
    text('cbc:AdditionalStreetName', a.streetLines.slice(1).join(', ')),
    text('cbc:CityName', a.city),
    text('cbc:PostalZone', a.postcode),
    el('cac:Country', text('cbc:IdentificationCode', a.country)),
  ]);
}

function party(p: EParty): string {
  return el('cac:Party', [
    p.electronicAddress &&
      text('cbc:EndpointID', p.electronicAddress.id, { schemeID: p.electronicAddress.scheme }),
    p.partyId && el('cac:PartyIdentification', text('cbc:ID', p.partyId.id, { schemeID: p.partyId.scheme })),
    el('cac:PartyName', text('cbc:Name', p.name)),
    postalAddress('cac:PostalAddress', p),
    p.vatId &&
      el('cac:PartyTaxScheme', [text('cbc:CompanyID', p.vatId), el('cac:TaxScheme', text('cbc:ID', 'VAT'))]),
    p.taxRegistrationId &&
      el('cac:PartyTaxScheme', [
        text('cbc:CompanyID', p.taxRegistrationId),
        el('cac:TaxScheme', text('cbc:ID', 'TAX')),
      ]),
    el('cac:PartyLegalEntity', [
      text('cbc:RegistrationName', p.name),
      p.legalId && text('cbc:CompanyID', p.legalId.id, { schemeID: p.legalId.scheme }),
    ]),
    p.contact &&
      el('cac:Contact', [
        text('cbc:Name', p.contact.name),
        text('cbc:Telephone', p.contact.phone),
        text('cbc:ElectronicMail', p.contact.email),
      ]),
  ]);
}

function taxCategory(name: string, vat: EVat | EVatBreakdown): string {
  const breakdown = 'exemptionReason' in vat ? vat : null;
  return el(name, [
    text('cbc:ID', vat.category),
    vat.category !== 'O' && text('cbc:Percent', vat.rate),
    text('cbc:TaxExemptionReasonCode', breakdown?.exemptionCode),
    text('cbc:TaxExemptionReason', breakdown?.exemptionReason),
    el('cac:TaxScheme', text('cbc:ID', 'VAT')),
  ]);
}

function lineElement(
  line: ELine,
  invoice: boolean,
  currency: string,
  amount: (name: string, minor: number) => string,
): string {
  return el(invoice ? 'cac:InvoiceLine' : 'cac:CreditNoteLine', [
    text('cbc:ID', line.id),
    text(invoice ? 'cbc:InvoicedQuantity' : 'cbc:CreditedQuantity', line.quantity, {
      unitCode: line.unitCode,
    }),
    amount('cbc:LineExtensionAmount', line.netAmountMinor),
    line.period &&
      el('cac:InvoicePeriod', [
        text('cbc:StartDate', line.period.start),
        text('cbc:EndDate', line.period.end),
      ]),
    line.allowance &&
      el('cac:AllowanceCharge', [
        text('cbc:ChargeIndicator', 'false'),
        text('cbc:AllowanceChargeReasonCode', line.allowance.reasonCode),
        text('cbc:AllowanceChargeReason', line.allowance.reason),
        amount('cbc:Amount', line.allowance.amountMinor),
      ]),
    el('cac:Item', [text('cbc:Name', line.name), taxCategory('cac:ClassifiedTaxCategory', line.vat)]),
    el('cac:Price', [
      text('cbc:PriceAmount', line.netPrice, { currencyID: currency }),
      line.baseQuantity && text('cbc:BaseQuantity', line.baseQuantity, { unitCode: line.unitCode }),
    ]),
  ]);
}
