import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  derivedElectronicAddress,
  electronicAddressProblem,
} from '../../src/domain/einvoice/electronic-address.ts';
import { payeeAccount, paymentMeans } from '../../src/domain/einvoice/payment-means.ts';
import { type VatContext, vatCategory } from '../../src/domain/einvoice/vat-category.ts';
import { el, text } from '../../src/domain/einvoice/xml.ts';
import { priceLine } from '../../src/domain/lines.ts';
import { toMinorUnits } from '../../src/domain/money.ts';
import { toEInvoice } from '../../src/einvoices/einvoice-model.ts';
import type { InvoiceDocument } from '../../src/invoices/invoice-pdf.ts';

describe('electronic addresses', () => {
  it.each([
    ['0088', '5790000435968', null],
    ['0088', '5790000435969', 'GS1 GLN'],
    ['0184', '12345678', null],
    ['0184', 'DK12345674', null],
    ['0184', '1234567', 'Danish CVR'],
    ['0007', '5560360793', null],
    ['0007', '5560360794', 'Luhn'],
    ['0192', '923609016', null],
    ['0192', '923609017', 'mod 11'],
    ['9930', 'DE123456788', null],
    ['9930', 'FR123456789', 'DE VAT'],
    ['0204', '04011000-1234512345-06', null],
    ['0204', 'Leitweg', 'Leitweg-ID'],
    ['EM', 'ap@example.com', null],
    ['XX', '1', 'unknown scheme'],
  ])('%s:%s', (scheme, id, problem) => {
    const found = electronicAddressProblem({ scheme, id });
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it('is derived from a VAT number where the Peppol network knows one', () => {
    expect(derivedElectronicAddress('DK12345674')).toEqual({ scheme: '0184', id: '12345674' });
    expect(derivedElectronicAddress('SE556036079301')).toEqual({ scheme: '0007', id: '5560360793' });
    expect(derivedElectronicAddress('NO923609016MVA')).toEqual({ scheme: '0192', id: '923609016' });
    expect(derivedElectronicAddress('DE123456788')).toEqual({ scheme: '9930', id: 'DE123456788' });
    expect(derivedElectronicAddress('SE556036079401')).toBeNull();
    expect(derivedElectronicAddress(null)).toBeNull();
  });
});

describe('payment means', () => {
  it('recognizes the account in pay_to', () => {
    expect(payeeAccount('IBAN DK50 0040 0440 1162 43')).toEqual({ kind: 'iban', id: 'DK5000400440116243' });
    expect(payeeAccount('Bankgiro 5050-1055')).toEqual({ kind: 'bankgiro', id: '50501055' });
    expect(payeeAccount('Plusgiro 12 34 56-7')).toEqual({ kind: 'plusgiro', id: '1234567' });
    expect(payeeAccount('FI creditor 85123456')).toEqual({ kind: 'fik_creditor', id: '85123456' });
    expect(payeeAccount('Pay in cash')).toBeNull();
  });

  it('picks the code the national Peppol rules ask for', () => {
    const fik = { scheme: 'dk_fik71' as const, value: '000020250000013' };
    expect(
      paymentMeans({
        account: { kind: 'fik_creditor', id: '85123456' },
        reference: fik,
        currency: 'DKK',
        sellerCountry: 'DK',
      }),
    ).toEqual({
      meansCode: '93',
      remittance: '71#000020250000013',
      account: { id: '85123456', branch: null },
    });
    expect(
      paymentMeans({
        account: { kind: 'bankgiro', id: '50501055' },
        reference: null,
        currency: 'SEK',
        sellerCountry: 'SE',
      }),
    ).toMatchObject({ meansCode: '30', account: { branch: 'SE:BANKGIRO' } });
    expect(
      paymentMeans({
        account: { kind: 'iban', id: 'DE89370400440532013000' },
        reference: null,
        currency: 'EUR',
        sellerCountry: 'DE',
      }).meansCode,
    ).toBe('58');
    expect(
      paymentMeans({ account: null, reference: null, currency: 'EUR', sellerCountry: 'DE' }).meansCode,
    ).toBe('1');
  });
});

describe('VAT categories', () => {
  const context = {
    sellerCountry: 'DK',
    buyerCountry: 'DK',
    sellerVatId: 'DK12345674',
    reverseCharge: false,
    euSupplies: 'services',
    exemption: null,
  } as VatContext;
  const school = { reason: 'Undervisning, momslovens § 13, stk. 1, nr. 3', code: 'VATEX-EU-132-1I' };
  it.each([
    ['25', context, 'S', null],
    ['0', { ...context, buyerCountry: 'DE', reverseCharge: true }, 'AE', 'VATEX-EU-AE'],
    ['0', { ...context, buyerCountry: 'NO' }, 'G', 'VATEX-EU-G'],
    ['0', { ...context, sellerVatId: null }, 'E', null],
    ['0', { ...context, buyerCountry: 'DE', reverseCharge: true, euSupplies: 'goods' }, 'K', 'VATEX-EU-IC'],
    ['0', { ...context, exemption: school }, 'E', 'VATEX-EU-132-1I'],
    ['25', { ...context, exemption: school }, 'S', null],
    ['0', { ...context, buyerCountry: 'NO', exemption: school }, 'G', 'VATEX-EU-G'],
    ['0', context, 'Z', null],
  ] as const)('%s %% %o is %s', (rate, ctx, category, code) => {
    expect(vatCategory(rate, ctx)).toMatchObject({ category, exemptionCode: code });
  });
});

describe('XML', () => {
  it('escapes text and leaves out what is empty', () => {
    expect(el('a', [text('b', 'x < y & "z"'), text('c', ''), el('d', [null, false])])).toBe(
      '<a><b>x &lt; y &amp; &quot;z&quot;</b></a>',
    );
  });
});

function documentWith(lines: InvoiceDocument['lines']): InvoiceDocument {
  const net = lines.reduce((s, l) => s + l.amountMinor, 0);
  const party = {
    name: 'A',
    addressLines: ['Street 1', '1000 City'],
    country: 'DK',
    vatNumber: 'DK12345674',
    organizationNumber: null,
    email: null,
  };
  return {
    kind: 'invoice',
    number: '1',
    issueDate: '2025-01-01',
    dueDate: '2025-01-15',
    language: 'en',
    currency: 'DKK',
    seller: { ...party, payTo: null },
    buyer: { ...party, customerNumber: 'C1' },
    lines,
    vatSummary: [{ rate: '0', baseMinor: net, vatMinor: 0 }],
    totals: { netMinor: net, vatMinor: 0, grossMinor: net },
    paymentReference: null,
    reverseCharge: false,
    creditsInvoiceNumber: null,
  };
}

describe('the EN 16931 line', () => {
  it('always multiplies out to its net amount within the rounding Peppol allows (PEPPOL-EN16931-R120)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 50 }),
        fc.boolean(),
        (quantity, priceMicro, factorPerMille, discountPercent, credit) => {
          const line = priceLine({
            description: 'x',
            kind: credit ? 'credit' : 'charge',
            billing: 'recurring',
            quantity: new Decimal(quantity).div(1000),
            unitPrice: new Decimal(priceMicro).div(10_000),
            factor: new Decimal(factorPerMille).div(1000),
            tier:
              discountPercent > 0
                ? { minimum_quantity: 1, discount_type: 'percentage', discount: new Decimal(discountPercent) }
                : null,
            vatRate: new Decimal(0),
            currency: 'DKK',
          });
          const model = toEInvoice(
            documentWith([
              {
                description: 'x',
                periodStart: null,
                periodEnd: null,
                quantity: line.quantity.toString(),
                unitPrice: line.unit_price.toString(),
                discountMinor: line.discount,
                amountMinor: line.amount,
                vatRate: '0',
              },
            ]),
            {
              prepaidMinor: 0,
              creditedInvoiceIssueDate: null,
              buyerReference: null,
              orderReference: null,
              sellerElectronicAddress: null,
              buyerElectronicAddress: null,
              sellerPhone: null,
            },
          );
          const e = model.lines[0]!;
          const price = new Decimal(e.netPrice).div(e.baseQuantity ?? 1);
          const computed = new Decimal(e.quantity)
            .times(price)
            .minus(new Decimal(e.allowance?.amountMinor ?? 0).div(100));
          expect(computed.minus(new Decimal(e.netAmountMinor).div(100)).abs().toNumber()).toBeLessThanOrEqual(
            0.02,
          );
          expect(new Decimal(e.netPrice).isNegative()).toBe(false);
          expect(toMinorUnits(new Decimal(e.netAmountMinor).div(100), 'DKK')).toBe(line.amount);
        },
      ),
    );
  });
});
