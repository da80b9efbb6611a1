import { Decimal } from 'decimal.js';
import { formatMinorUnits, minorUnitExponent } from '../domain/money.ts';
import type { ReferenceScheme } from '../domain/payment-references.ts';

export type Language = 'da' | 'sv' | 'de' | 'en';

/** Everything a customer reads on an invoice or credit note, in the customer's language. */
export interface DocumentTexts {
  invoice: string;
  creditNote: string;
  invoiceNumber: string;
  creditNoteNumber: string;
  invoiceDate: string;
  creditNoteDate: string;
  dueDate: string;
  customerNumber: string;
  yourVatNumber: string;
  ourVatNumber: string;
  organizationNumber: string;
  description: string;
  period: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  vatPercent: string;
  amount: string;
  subtotal: string;
  /** "Moms 25 % af 1.000,00": the VAT of one rate and the base it was charged on. */
  vatOn: (rate: string, baseMinor: number, currency: string) => string;
  total: string;
  amountDue: string;
  amountCredited: string;
  paymentReference: (scheme: ReferenceScheme) => string;
  payTo: string;
  creditsInvoice: (invoiceNumber: string) => string;
  reverseCharge: string;
  /** Goods to a business with a VAT number in another EU country (art. 138, VAT category K). */
  intraCommunitySupply: string;
  /** A VAT-registered seller's exempt supply, with the seller's reason (VAT category E). */
  vatExempt: (reason: string) => string;
  roundingNote: (currency: string) => string;
  pageOf: (page: number, count: number) => string;
}

const LOCALES: Record<Language, string> = { da: 'da-DK', sv: 'sv-SE', de: 'de-DE', en: 'en-GB' };

/** The BCP 47 locale whose number and date conventions a language's documents follow. */
export function localeOf(language: Language): string {
  return LOCALES[language];
}

// Intl renders some values with characters the PDF's WinAnsi fonts lack (sv-SE's U+2212 minus sign, narrow
// no-break spaces); plain equivalents read the same and also survive e-mail clients and text extraction.
function plain(text: string): string {
  return text.replaceAll('\u2212', '-').replaceAll(/[\u202f\u2009]/g, '\u00a0');
}

const LATIN_1_OR_WIN_ANSI =
  /^[\u0020-\u007e\u00a0-\u00ff\u20ac\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u2030]*$/;

/** An amount with its currency as the language writes it: da "1.234,50 kr.", sv "1 234,50 kr". */
export function formatMoney(minor: number, currency: string, language: Language): string {
  const digits = minorUnitExponent(currency);
  const options: Intl.NumberFormatOptions = {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  };
  // A string keeps the amount exact: no binary floating point between the minor units and the text.
  const amount = formatMinorUnits(minor, currency) as Intl.StringNumericLiteral;
  const text = plain(new Intl.NumberFormat(LOCALES[language], options).format(amount));
  if (LATIN_1_OR_WIN_ANSI.test(text)) return text;
  // Symbols such as zł or ₹ cannot be printed with the standard PDF fonts; the ISO code always can.
  return plain(
    new Intl.NumberFormat(LOCALES[language], { ...options, currencyDisplay: 'code' }).format(amount),
  );
}

/** An amount without currency, for table columns: da "1.234,50". */
export function formatAmount(minor: number, currency: string, language: Language): string {
  return formatDecimal(formatMinorUnits(minor, currency), language, minorUnitExponent(currency));
}

/**
 * An exact decimal string ("1.5", "99.9000") in the language's notation, with at least `minDecimals`
 * decimals and no trailing zeros beyond them, so quantities and unit prices show every significant digit.
 */
export function formatDecimal(value: string, language: Language, minDecimals = 0): string {
  const decimal = new Decimal(value);
  const significant = Math.max(minDecimals, decimal.decimalPlaces());
  return plain(
    new Intl.NumberFormat(LOCALES[language], {
      minimumFractionDigits: Math.min(minDecimals, 20),
      maximumFractionDigits: Math.min(significant, 20),
    }).format(decimal.toFixed() as Intl.StringNumericLiteral),
  );
}

/** A VAT rate given in percent ("25.000") as the language writes it: da "25 %", en "25%". */
export function formatPercent(rate: string, language: Language): string {
  const fraction = new Decimal(rate).div(100).toFixed() as Intl.StringNumericLiteral;
  return plain(
    new Intl.NumberFormat(LOCALES[language], { style: 'percent', maximumFractionDigits: 3 }).format(fraction),
  );
}

const DATE_OPTIONS: Record<Language, Intl.DateTimeFormatOptions> = {
  da: { day: '2-digit', month: '2-digit', year: 'numeric' },
  sv: { year: 'numeric', month: '2-digit', day: '2-digit' },
  de: { day: '2-digit', month: '2-digit', year: 'numeric' },
  // A month name keeps 03/04 from being read the American way by English-reading customers.
  en: { day: 'numeric', month: 'short', year: 'numeric' },
};

/** A calendar date ("2026-11-23") as the language writes it: da/de "23.11.2026", sv "2026-11-23", en "23 Nov 2026". */
export function formatDate(isoDate: string, language: Language): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new Error(`not an ISO date: ${isoDate}`);
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== isoDate) {
    throw new Error(`not a calendar date: ${isoDate}`);
  }
  return plain(
    new Intl.DateTimeFormat(LOCALES[language], { ...DATE_OPTIONS[language], timeZone: 'UTC' }).format(date),
  );
}

/** A country's name in the language, for the last line of a foreign postal address. */
export function countryName(country: string, language: Language): string {
  return new Intl.DisplayNames([LOCALES[language]], { type: 'region' }).of(country) ?? country;
}

type MinorUnitNames = { nordic: string; swedish: string; other: string };

// The rounding note names the currency's minor unit; krone currencies have øre/öre, most others cent.
function minorUnitName(currency: string, names: MinorUnitNames): string {
  if (currency === 'SEK') return names.swedish;
  if (currency === 'DKK' || currency === 'NOK') return names.nordic;
  return names.other;
}

const DIRECTIVE = {
  da: 'jf. artikel 196 i Rådets direktiv 2006/112/EF',
  sv: 'enligt artikel 196 i rådets direktiv 2006/112/EG',
  de: 'gemäß Art. 196 der Richtlinie 2006/112/EG des Rates',
  en: 'under Art. 196 of Council Directive 2006/112/EC',
};

const TEXTS: Record<Language, DocumentTexts> = {
  da: {
    invoice: 'Faktura',
    creditNote: 'Kreditnota',
    invoiceNumber: 'Fakturanr.',
    creditNoteNumber: 'Kreditnotanr.',
    invoiceDate: 'Fakturadato',
    creditNoteDate: 'Dato',
    dueDate: 'Forfaldsdato',
    customerNumber: 'Kundenr.',
    yourVatNumber: 'Jeres momsnr.',
    ourVatNumber: 'Vores momsnr.',
    organizationNumber: 'CVR-nr.',
    description: 'Beskrivelse',
    period: 'Periode',
    quantity: 'Antal',
    unitPrice: 'Enhedspris',
    discount: 'Rabat',
    vatPercent: 'Moms %',
    amount: 'Beløb',
    subtotal: 'Subtotal ekskl. moms',
    vatOn: (rate, base, currency) =>
      `Moms ${formatPercent(rate, 'da')} af ${formatAmount(base, currency, 'da')}`,
    total: 'I alt inkl. moms',
    amountDue: 'Beløb til betaling',
    amountCredited: 'Beløb til gode',
    paymentReference: (scheme) =>
      scheme === 'dk_fik71' ? 'FI-kode' : scheme === 'se_ocr' ? 'OCR-nr.' : 'Betalingsreference',
    payTo: 'Betales til',
    creditsInvoice: (number) => `Krediterer faktura nr. ${number}`,
    reverseCharge: `Omvendt betalingspligt – køber afregner momsen, ${DIRECTIVE.da}.`,
    intraCommunitySupply:
      'Momsfri levering af varer inden for EU, jf. artikel 138 i Rådets direktiv 2006/112/EF.',
    vatExempt: (reason) => `Momsfritaget: ${reason}`,
    roundingNote: (currency) =>
      `Beløb er afrundet pr. linje til nærmeste ${minorUnitName(currency, { nordic: 'øre', swedish: 'öre', other: 'cent' })}; halve afrundes væk fra nul.`,
    pageOf: (page, count) => `Side ${page} af ${count}`,
  },
  sv: {
    invoice: 'Faktura',
    creditNote: 'Kreditfaktura',
    invoiceNumber: 'Fakturanummer',
    creditNoteNumber: 'Kreditfakturanummer',
    invoiceDate: 'Fakturadatum',
    creditNoteDate: 'Datum',
    dueDate: 'Förfallodatum',
    customerNumber: 'Kundnummer',
    yourVatNumber: 'Ert momsreg.nr',
    ourVatNumber: 'Vårt momsreg.nr',
    organizationNumber: 'Org.nr',
    description: 'Beskrivning',
    period: 'Period',
    quantity: 'Antal',
    unitPrice: 'À-pris',
    discount: 'Rabatt',
    vatPercent: 'Moms %',
    amount: 'Belopp',
    subtotal: 'Summa exkl. moms',
    vatOn: (rate, base, currency) =>
      `Moms ${formatPercent(rate, 'sv')} på ${formatAmount(base, currency, 'sv')}`,
    total: 'Totalt inkl. moms',
    amountDue: 'Att betala',
    amountCredited: 'Att återfå',
    paymentReference: (scheme) => (scheme === 'se_ocr' ? 'OCR-nummer' : 'Betalningsreferens'),
    payTo: 'Betalas till',
    creditsInvoice: (number) => `Krediterar faktura nr ${number}`,
    reverseCharge: `Omvänd skattskyldighet – köparen redovisar mervärdesskatten, ${DIRECTIVE.sv}.`,
    intraCommunitySupply:
      'Gemenskapsintern leverans av varor, undantagen från skatt enligt artikel 138 i rådets direktiv 2006/112/EG.',
    vatExempt: (reason) => `Undantaget från mervärdesskatt: ${reason}`,
    roundingNote: (currency) =>
      `Belopp avrundas per rad till närmaste ${minorUnitName(currency, { nordic: 'öre', swedish: 'öre', other: 'cent' })}; halva avrundas bort från noll.`,
    pageOf: (page, count) => `Sida ${page} av ${count}`,
  },
  de: {
    invoice: 'Rechnung',
    creditNote: 'Gutschrift',
    invoiceNumber: 'Rechnungsnummer',
    creditNoteNumber: 'Gutschriftsnummer',
    invoiceDate: 'Rechnungsdatum',
    creditNoteDate: 'Datum',
    dueDate: 'Fällig am',
    customerNumber: 'Kundennummer',
    yourVatNumber: 'Ihre USt-IdNr.',
    ourVatNumber: 'Unsere USt-IdNr.',
    organizationNumber: 'Registernummer',
    description: 'Beschreibung',
    period: 'Zeitraum',
    quantity: 'Menge',
    unitPrice: 'Einzelpreis',
    discount: 'Rabatt',
    vatPercent: 'USt. %',
    amount: 'Betrag',
    subtotal: 'Zwischensumme netto',
    vatOn: (rate, base, currency) =>
      `USt. ${formatPercent(rate, 'de')} auf ${formatAmount(base, currency, 'de')}`,
    total: 'Gesamtbetrag brutto',
    amountDue: 'Zahlbetrag',
    amountCredited: 'Gutschriftsbetrag',
    paymentReference: () => 'Verwendungszweck',
    payTo: 'Zahlbar an',
    creditsInvoice: (number) => `Korrektur zur Rechnung Nr. ${number}`,
    reverseCharge: `Steuerschuldnerschaft des Leistungsempfängers ${DIRECTIVE.de}.`,
    intraCommunitySupply:
      'Steuerfreie innergemeinschaftliche Lieferung gemäß Art. 138 der Richtlinie 2006/112/EG des Rates.',
    vatExempt: (reason) => `Steuerbefreit: ${reason}`,
    roundingNote: (currency) =>
      `Beträge sind je Position auf den nächsten ${minorUnitName(currency, { nordic: 'Øre', swedish: 'Öre', other: 'Cent' })} gerundet, halbe Beträge vom Nullpunkt weg.`,
    pageOf: (page, count) => `Seite ${page} von ${count}`,
  },
  en: {
    invoice: 'Invoice',
    creditNote: 'Credit note',
    invoiceNumber: 'Invoice number',
    creditNoteNumber: 'Credit note number',
    invoiceDate: 'Invoice date',
    creditNoteDate: 'Date',
    dueDate: 'Due date',
    customerNumber: 'Customer number',
    yourVatNumber: 'Your VAT number',
    ourVatNumber: 'Our VAT number',
    organizationNumber: 'Company reg. no.',
    description: 'Description',
    period: 'Period',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    discount: 'Discount',
    vatPercent: 'VAT %',
    amount: 'Amount',
    subtotal: 'Subtotal (excl. VAT)',
    vatOn: (rate, base, currency) =>
      `VAT ${formatPercent(rate, 'en')} on ${formatAmount(base, currency, 'en')}`,
    total: 'Total (incl. VAT)',
    amountDue: 'Amount due',
    amountCredited: 'Amount credited',
    paymentReference: () => 'Payment reference',
    payTo: 'Pay to',
    creditsInvoice: (number) => `Credits invoice ${number}`,
    reverseCharge: `Reverse charge – VAT to be accounted for by the recipient ${DIRECTIVE.en}.`,
    intraCommunitySupply:
      'Intra-community supply of goods, exempt under Art. 138 of Council Directive 2006/112/EC.',
    vatExempt: (reason) => `Exempt from VAT: ${reason}`,
    roundingNote: (currency) =>
      `Amounts are rounded per line to the nearest ${minorUnitName(currency, { nordic: 'øre', swedish: 'öre', other: 'cent' })}, half away from zero.`,
    pageOf: (page, count) => `Page ${page} of ${count}`,
  },
};

export function documentTexts(language: Language): DocumentTexts {
  return TEXTS[language];
}
