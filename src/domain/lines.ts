import { Decimal } from 'decimal.js';
import { type DiscountTier, discountedUnitPrice } from './discount-tiers.ts';
import { formatMinorUnits, toMinorUnits } from './money.ts';

/** One priced line of an order preview or an invoice. Amounts in minor units, VAT excluded. */
export interface PricedLine {
  description: string;
  /** A credit gives back the unused rest of what was paid. */
  kind: 'charge' | 'credit';
  /** recurring: a period's fee, billed by the billing run; one_off: billed once, on the next invoice. */
  billing: 'recurring' | 'one_off';
  period_start: string | null;
  period_end: string | null;
  quantity: Decimal;
  unit_price: Decimal;
  /** The share of the period charged or credited (1 for a whole period). */
  factor: Decimal;
  /** What the contract tier took off, in minor units (positive). */
  discount: number;
  /** Net amount in minor units: negative for a credit. Rounded once, half away from zero. */
  amount: number;
  vat_rate: Decimal;
}

export interface LineInput {
  description: string;
  kind: 'charge' | 'credit';
  billing: 'recurring' | 'one_off';
  period?: { start: string; end: string } | null;
  quantity: Decimal;
  unitPrice: Decimal;
  tier?: DiscountTier | null;
  factor?: Decimal;
  vatRate: Decimal;
  currency: string;
}

/** Prices one line: unit price × quantity × factor, less the tier's discount, each rounded once. */
export function priceLine(input: LineInput): PricedLine {
  const factor = input.factor ?? new Decimal(1);
  const sign = input.kind === 'credit' ? -1 : 1;
  const gross = toMinorUnits(input.unitPrice.times(input.quantity).times(factor), input.currency);
  const net = input.tier
    ? toMinorUnits(
        discountedUnitPrice(input.unitPrice, input.tier).times(input.quantity).times(factor),
        input.currency,
      )
    : gross;
  return {
    description: input.description,
    kind: input.kind,
    billing: input.billing,
    period_start: input.period?.start ?? null,
    period_end: input.period?.end ?? null,
    quantity: input.quantity,
    unit_price: input.unitPrice,
    factor,
    discount: gross - net,
    amount: sign * net === 0 ? 0 : sign * net,
    vat_rate: input.vatRate,
  };
}

export interface VatGroup {
  rate: Decimal;
  base: number;
  amount: number;
}

export interface Totals {
  vat: VatGroup[];
  total_ex_vat: number;
  total_vat: number;
  total: number;
}

/**
 * VAT per rate on the sum of the lines at that rate, rounded once per rate; the total is the lines
 * plus VAT per rate, exactly.
 */
export function summarize(lines: readonly PricedLine[]): Totals {
  const groups = new Map<string, { rate: Decimal; base: number }>();
  for (const line of lines) {
    const key = line.vat_rate.toString();
    const group = groups.get(key) ?? { rate: line.vat_rate, base: 0 };
    group.base += line.amount;
    groups.set(key, group);
  }
  const fixed = [...groups.values()]
    .sort((a, b) => b.rate.comparedTo(a.rate))
    .map((g) => ({ rate: g.rate, base: g.base, amount: vatOnMinor(g.base, g.rate) }));
  const total_ex_vat = lines.reduce((sum, l) => sum + l.amount, 0);
  const total_vat = fixed.reduce((sum, g) => sum + g.amount, 0);
  return { vat: fixed, total_ex_vat, total_vat, total: total_ex_vat + total_vat };
}

/** VAT on an amount already in minor units, rounded half away from zero. */
export function vatOnMinor(baseMinor: number, ratePercent: Decimal): number {
  return new Decimal(baseMinor)
    .times(ratePercent)
    .div(100)
    .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
    .toNumber();
}

/** A line as the API shows it: amounts as decimal strings in major units. */
export function lineView(line: PricedLine, currency: string) {
  return {
    description: line.description,
    kind: line.kind,
    billing: line.billing,
    period_start: line.period_start,
    period_end: line.period_end,
    quantity: line.quantity.toString(),
    unit_price: line.unit_price.toString(),
    factor: line.factor.toDecimalPlaces(6).toString(),
    discount: formatMinorUnits(line.discount, currency),
    amount: formatMinorUnits(line.amount, currency),
    vat_rate: line.vat_rate.toString(),
  };
}

export function totalsView(totals: Totals, currency: string) {
  return {
    vat: totals.vat.map((g) => ({
      rate: g.rate.toString(),
      base: formatMinorUnits(g.base, currency),
      amount: formatMinorUnits(g.amount, currency),
    })),
    total_ex_vat: formatMinorUnits(totals.total_ex_vat, currency),
    total_vat: formatMinorUnits(totals.total_vat, currency),
    total: formatMinorUnits(totals.total, currency),
  };
}
