import { Decimal } from 'decimal.js';
import { addToIso } from '../domain/calendar.ts';
import { derivedElectronicAddress } from '../domain/einvoice/electronic-address.ts';
import type { EInvoice, ELine, EParty, SchemeId } from '../domain/einvoice/model.ts';
import { payeeAccount, paymentMeans } from '../domain/einvoice/payment-means.ts';
import { type VatContext, vatCategory } from '../domain/einvoice/vat-category.ts';
import { formatMinorUnits, minorUnitExponent } from '../domain/money.ts';
import type { DocumentLine, DocumentParty, InvoiceDocument } from '../invoices/invoice-pdf.ts';

/** What an e-invoice needs beyond what the PDF shows. */
export interface EInvoiceExtras {
  /** What account credit paid when the document was issued (the PDF's amount due is the rest). */
  prepaidMinor: number;
  creditedInvoiceIssueDate: string | null;
  /** BT-10 */
  buyerReference: string | null;
  /** BT-13 */
  orderReference: string | null;
  sellerElectronicAddress: SchemeId | null;
  buyerElectronicAddress: SchemeId | null;
  sellerPhone: string | null;
}

/**
 * The one mapping of an issued invoice or credit note (the same `InvoiceDocument` its PDF is drawn
 * from) to the EN 16931 semantic model; every syntax writer starts from its answer.
 */
export function toEInvoice(doc: InvoiceDocument, extras: EInvoiceExtras): EInvoice {
  const context: VatContext = {
    sellerCountry: doc.seller.country,
    buyerCountry: doc.buyer.country,
    sellerVatId: doc.seller.vatNumber,
    reverseCharge: doc.reverseCharge,
    euSupplies: doc.seller.euSupplies ?? 'services',
    exemption: doc.seller.vatExemption ?? null,
  };
  const lines = doc.lines.map((line, index) => eLine(line, index, doc.currency, context));
  const periods = lines.flatMap((l) => (l.period ? [l.period] : []));
  const prepaid = Math.min(extras.prepaidMinor, doc.totals.grossMinor);
  const period =
    periods.length > 0
      ? {
          start: periods.map((p) => p.start).sort()[0]!,
          end: periods
            .map((p) => p.end)
            .sort()
            .at(-1)!,
        }
      : null;
  const buyer = party(doc.buyer, extras.buyerElectronicAddress);
  const vatBreakdown = doc.vatSummary.map((group) => ({
    ...vatCategory(group.rate, context),
    rate: new Decimal(group.rate).toString(),
    baseMinor: group.baseMinor,
    vatMinor: group.vatMinor,
  }));
  return {
    kind: doc.kind,
    number: doc.number,
    issueDate: doc.issueDate,
    dueDate: doc.dueDate,
    typeCode: doc.kind === 'invoice' ? '380' : '381',
    currency: doc.currency,
    buyerReference: extras.buyerReference,
    buyerAccountCode: doc.buyer.customerNumber,
    orderReference: extras.orderReference,
    precedingInvoice: doc.creditsInvoiceNumber
      ? { number: doc.creditsInvoiceNumber, issueDate: extras.creditedInvoiceIssueDate }
      : null,
    notes: [],
    paymentTerms:
      doc.kind === 'credit_note'
        ? `Credit note${doc.creditsInvoiceNumber ? ` for invoice ${doc.creditsInvoiceNumber}` : ''}: nothing to pay`
        : null,
    period,
    seller: {
      ...party(doc.seller, extras.sellerElectronicAddress),
      legalId: sellerLegalId(doc.seller),
      contact: {
        name: doc.seller.name,
        phone: extras.sellerPhone,
        email: doc.seller.email,
      },
    },
    buyer,
    // Goods sent to another EU country: to the buyer's address, on the day of issue unless a period says when.
    delivery: vatBreakdown.some((group) => group.category === 'K')
      ? {
          date: period ? null : doc.issueDate,
          address: {
            streetLines: buyer.streetLines,
            city: buyer.city,
            postcode: buyer.postcode,
            country: buyer.country,
          },
        }
      : null,
    payment:
      doc.kind === 'invoice'
        ? paymentMeans({
            account: payeeAccount(doc.seller.payTo),
            reference: doc.paymentReference,
            currency: doc.currency,
            sellerCountry: doc.seller.country,
          })
        : { meansCode: '1', remittance: null, account: null },
    lines,
    vatBreakdown,
    totals: {
      lineTotalMinor: doc.totals.netMinor,
      taxExclusiveMinor: doc.totals.netMinor,
      vatMinor: doc.totals.vatMinor,
      taxInclusiveMinor: doc.totals.grossMinor,
      prepaidMinor: prepaid,
      payableMinor: doc.totals.grossMinor - prepaid,
    },
  };
}

function eLine(line: DocumentLine, index: number, currency: string, context: VatContext): ELine {
  const credit = line.amountMinor < 0;
  const quantity = new Decimal(line.quantity);
  // A credit line carries its discount in its price: an allowance on a negative line would be negative.
  const discount = credit ? 0 : line.discountMinor;
  const priced = Math.abs(line.amountMinor) + discount;
  const { price, base } = netPrice(priced, quantity, new Decimal(line.unitPrice), currency);
  const category = vatCategory(line.vatRate, context);
  return {
    id: String(index + 1),
    name: line.description,
    quantity: (credit ? quantity.negated() : quantity).toString(),
    unitCode: 'C62',
    netPrice: price,
    baseQuantity: base,
    allowance: discount > 0 ? { amountMinor: discount, reason: 'Contract discount', reasonCode: '95' } : null,
    netAmountMinor: line.amountMinor,
    period:
      line.periodStart && line.periodEnd
        ? { start: line.periodStart, end: addToIso(line.periodEnd, 'day', -1) }
        : null,
    vat: { category: category.category, rate: new Decimal(line.vatRate).toString() },
  };
}

/**
 * The item net price (BT-146) that gives the line's amount before discount when multiplied by its
 * quantity: the unit price itself when it does (to the rounding of the amount), else the prorated
 * price, else the whole amount for the whole quantity (base quantity BT-149).
 */
function netPrice(
  pricedMinor: number,
  quantity: Decimal,
  unitPrice: Decimal,
  currency: string,
): { price: string; base: string | null } {
  const priced = new Decimal(pricedMinor).div(new Decimal(10).pow(minorUnitExponent(currency)));
  const halfMinor = new Decimal(0.5).div(new Decimal(10).pow(minorUnitExponent(currency)));
  if (quantity.isZero()) return { price: '0', base: null };
  if (quantity.times(unitPrice).minus(priced).abs().lessThanOrEqualTo(halfMinor))
    return { price: unitPrice.toString(), base: null };
  const prorated = priced.div(quantity).toDecimalPlaces(6, Decimal.ROUND_HALF_UP);
  if (quantity.times(prorated).minus(priced).abs().lessThanOrEqualTo(halfMinor))
    return { price: prorated.toString(), base: null };
  return { price: formatMinorUnits(pricedMinor, currency), base: quantity.toString() };
}

/** Street lines, postcode and city from the printed address: the last line is "postcode city". */
function address(party: DocumentParty): Pick<EParty, 'streetLines' | 'city' | 'postcode'> {
  const lines = [...party.addressLines];
  const last = lines.at(-1);
  const match = last ? /^(?:[A-Z]{1,2}-)?(\d[\d\s-]{2,8}\d|\d{3,})\s+(.+)$/.exec(last) : null;
  if (match) {
    lines.pop();
    return { streetLines: lines, postcode: match[1]!.trim(), city: match[2]!.trim() };
  }
  return {
    streetLines: lines.length > 1 ? lines.slice(0, -1) : lines,
    city: lines.length > 1 ? last! : null,
    postcode: null,
  };
}

function party(p: DocumentParty, electronicAddress: SchemeId | null): EParty {
  return {
    name: p.name,
    electronicAddress: electronicAddress ?? derivedElectronicAddress(p.vatNumber),
    ...address(p),
    country: p.country,
    vatId: p.vatNumber,
    taxRegistrationId: null,
    legalId: null,
    partyId: null,
    contact: p.email ? { name: null, phone: null, email: p.email } : null,
  };
}

/** The seller's registration (BT-30): CVR (0184), Swedish (0007) or Norwegian (0192) number. */
function sellerLegalId(seller: DocumentParty): EParty['legalId'] {
  const fromVat = seller.vatNumber?.startsWith(seller.country) ? seller.vatNumber.slice(2) : null;
  const digits = (seller.organizationNumber ?? '').replace(/\D/g, '');
  const national: Record<string, { id: string; scheme: string }> = {
    DK: { id: digits || fromVat || '', scheme: '0184' },
    SE: { id: digits || (fromVat ?? '').slice(0, 10), scheme: '0007' },
    NO: { id: digits || (fromVat ?? '').replace(/MVA$/, ''), scheme: '0192' },
  };
  const known = national[seller.country];
  if (known) return known.id ? known : null;
  return seller.organizationNumber ? { id: seller.organizationNumber, scheme: null } : null;
}
