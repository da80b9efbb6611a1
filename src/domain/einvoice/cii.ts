import { formatMinorUnits } from '../money.ts';
import type { EAddress, EInvoice, ELine, EParty, EVatBreakdown } from './model.ts';
import { el, text, xmlDocument } from './xml.ts';

/** The guideline (BT-24) a CII document claims: XRechnung 3.0, or EN 16931 itself (ZUGFeRD/Factur-X profile EN 16931). */
export const CII_GUIDELINES = {
  xrechnung: 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
  en16931: 'urn:cen.eu:en16931:2017',
} as const;
const PEPPOL_PROCESS = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const NS = {
  'xmlns:rsm': 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  'xmlns:ram': 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  'xmlns:qdt': 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  'xmlns:udt': 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};

const date102 = (iso: string, type = 'udt') =>
  text(`${type}:DateTimeString`, iso.replaceAll('-', ''), { format: '102' });

/** Writes the model as a UN/CEFACT Cross Industry Invoice (D16B), in the schema's element order. */
export function writeCii(doc: EInvoice, guideline: keyof typeof CII_GUIDELINES): string {
  const money = (minor: number) => formatMinorUnits(minor, doc.currency);
  const amount = (name: string, minor: number) => text(name, money(minor));
  const settlement = [
    text('ram:PaymentReference', doc.payment?.remittance),
    text('ram:InvoiceCurrencyCode', doc.currency),
    doc.payment &&
      el('ram:SpecifiedTradeSettlementPaymentMeans', [
        text('ram:TypeCode', doc.payment.meansCode),
        doc.payment.account &&
          el(
            'ram:PayeePartyCreditorFinancialAccount',
            /^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(doc.payment.account.id)
              ? text('ram:IBANID', doc.payment.account.id)
              : text('ram:ProprietaryID', doc.payment.account.id),
          ),
      ]),
    doc.vatBreakdown.map((group) => headerTax(group, money)),
    doc.period &&
      el('ram:BillingSpecifiedPeriod', [
        el('ram:StartDateTime', date102(doc.period.start)),
        el('ram:EndDateTime', date102(doc.period.end)),
      ]),
    el('ram:SpecifiedTradePaymentTerms', [
      text('ram:Description', doc.paymentTerms),
      doc.dueDate && el('ram:DueDateDateTime', date102(doc.dueDate)),
    ]),
    el('ram:SpecifiedTradeSettlementHeaderMonetarySummation', [
      amount('ram:LineTotalAmount', doc.totals.lineTotalMinor),
      amount('ram:TaxBasisTotalAmount', doc.totals.taxExclusiveMinor),
      text('ram:TaxTotalAmount', money(doc.totals.vatMinor), { currencyID: doc.currency }),
      amount('ram:GrandTotalAmount', doc.totals.taxInclusiveMinor),
      doc.totals.prepaidMinor !== 0 && amount('ram:TotalPrepaidAmount', doc.totals.prepaidMinor),
      amount('ram:DuePayableAmount', doc.totals.payableMinor),
    ]),
    doc.precedingInvoice &&
      el('ram:InvoiceReferencedDocument', [
        text('ram:IssuerAssignedID', doc.precedingInvoice.number),
        doc.precedingInvoice.issueDate &&
          el('ram:FormattedIssueDateTime', date102(doc.precedingInvoice.issueDate, 'qdt')),
      ]),
  ];
  const body = [
    el('rsm:ExchangedDocumentContext', [
      guideline === 'xrechnung' &&
        el('ram:BusinessProcessSpecifiedDocumentContextParameter', text('ram:ID', PEPPOL_PROCESS)),
      el('ram:GuidelineSpecifiedDocumentContextParameter', text('ram:ID', CII_GUIDELINES[guideline])),
    ]),
    el('rsm:ExchangedDocument', [
      text('ram:ID', doc.number),
      text('ram:TypeCode', doc.typeCode),
      el('ram:IssueDateTime', date102(doc.issueDate)),
      doc.notes.map((n) => el('ram:IncludedNote', text('ram:Content', n))),
    ]),
    el('rsm:SupplyChainTradeTransaction', [
      doc.lines.map((line) => lineItem(line, amount)),
      el('ram:ApplicableHeaderTradeAgreement', [
        text('ram:BuyerReference', doc.buyerReference),
        el('ram:SellerTradeParty', party(doc.seller)),
        el('ram:BuyerTradeParty', party(doc.buyer)),
        el('ram:BuyerOrderReferencedDocument', text('ram:IssuerAssignedID', doc.orderReference)),
      ]),
      // Required by the schema even when empty of content: an empty element is written as a pair.
      doc.delivery
        ? el('ram:ApplicableHeaderTradeDelivery', [
            el('ram:ShipToTradeParty', tradeAddress(doc.delivery.address)),
            doc.delivery.date &&
              el(
                'ram:ActualDeliverySupplyChainEvent',
                el('ram:OccurrenceDateTime', date102(doc.delivery.date)),
              ),
          ])
        : '<ram:ApplicableHeaderTradeDelivery></ram:ApplicableHeaderTradeDelivery>',
      el('ram:ApplicableHeaderTradeSettlement', settlement),
    ]),
  ];
  return xmlDocument(el('rsm:CrossIndustryInvoice', body, NS));
}

function tradeAddress(a: EAddress): string {
  return el('ram:PostalTradeAddress', [
    text('ram:PostcodeCode', a.postcode),
    text('ram:LineOne', a.streetLines[0]),
    text('ram:LineTwo', a.streetLines.slice(1).join(', ')),
    text('ram:CityName', a.city),
    text('ram:CountryID', a.country),
  ]);
}

function party(p: EParty): string {
  return [
    p.partyId && text('ram:ID', p.partyId.id, { schemeID: p.partyId.scheme }),
    text('ram:Name', p.name),
    p.legalId &&
      el('ram:SpecifiedLegalOrganization', text('ram:ID', p.legalId.id, { schemeID: p.legalId.scheme })),
    p.contact &&
      el('ram:DefinedTradeContact', [
        text('ram:PersonName', p.contact.name),
        el('ram:TelephoneUniversalCommunication', text('ram:CompleteNumber', p.contact.phone)),
        el('ram:EmailURIUniversalCommunication', text('ram:URIID', p.contact.email)),
      ]),
    tradeAddress(p),
    p.electronicAddress &&
      el(
        'ram:URIUniversalCommunication',
        text('ram:URIID', p.electronicAddress.id, { schemeID: p.electronicAddress.scheme }),
      ),
    p.vatId && el('ram:SpecifiedTaxRegistration', text('ram:ID', p.vatId, { schemeID: 'VA' })),
    p.taxRegistrationId &&
      el('ram:SpecifiedTaxRegistration', text('ram:ID', p.taxRegistrationId, { schemeID: 'FC' })),
  ].join('');
}

function headerTax(group: EVatBreakdown, money: (minor: number) => string): string {
  return el('ram:ApplicableTradeTax', [
    text('ram:CalculatedAmount', money(group.vatMinor)),
    text('ram:TypeCode', 'VAT'),
    text('ram:ExemptionReason', group.exemptionReason),
    text('ram:BasisAmount', money(group.baseMinor)),
    text('ram:CategoryCode', group.category),
    text('ram:ExemptionReasonCode', group.exemptionCode),
    group.category !== 'O' && text('ram:RateApplicablePercent', group.rate),
  ]);
}

function lineItem(line: ELine, amount: (name: string, minor: number) => string): string {
  return el('ram:IncludedSupplyChainTradeLineItem', [
    el('ram:AssociatedDocumentLineDocument', text('ram:LineID', line.id)),
    el('ram:SpecifiedTradeProduct', text('ram:Name', line.name)),
    el(
      'ram:SpecifiedLineTradeAgreement',
      el('ram:NetPriceProductTradePrice', [
        text('ram:ChargeAmount', line.netPrice),
        line.baseQuantity && text('ram:BasisQuantity', line.baseQuantity, { unitCode: line.unitCode }),
      ]),
    ),
    el(
      'ram:SpecifiedLineTradeDelivery',
      text('ram:BilledQuantity', line.quantity, { unitCode: line.unitCode }),
    ),
    el('ram:SpecifiedLineTradeSettlement', [
      el('ram:ApplicableTradeTax', [
        text('ram:TypeCode', 'VAT'),
        text('ram:CategoryCode', line.vat.category),
        line.vat.category !== 'O' && text('ram:RateApplicablePercent', line.vat.rate),
      ]),
      line.period &&
        el('ram:BillingSpecifiedPeriod', [
          el('ram:StartDateTime', date102(line.period.start)),
          el('ram:EndDateTime', date102(line.period.end)),
        ]),
      line.allowance &&
        el('ram:SpecifiedTradeAllowanceCharge', [
          el('ram:ChargeIndicator', text('udt:Indicator', 'false')),
          amount('ram:ActualAmount', line.allowance.amountMinor),
          text('ram:ReasonCode', line.allowance.reasonCode),
          text('ram:Reason', line.allowance.reason),
        ]),
      el(
        'ram:SpecifiedTradeSettlementLineMonetarySummation',
        amount('ram:LineTotalAmount', line.netAmountMinor),
      ),
    ]),
  ]);
}
