import { type PricedLine, summarize, type Totals, type VatGroup, vatOnMinor } from './lines.ts';

/**
 * The totals of a credit note whose VAT per rate is counted over everything credited so far: the VAT
 * of all credited net at a rate, rounded once, less what earlier credit notes of the invoice took at
 * that rate. The pieces telescope: however an invoice is credited, in whatever parts, the notes add up
 * to exactly the invoice's VAT per rate once its net is all credited, so the note that empties an
 * invoice takes exactly what is left, VAT included, and no cent is ever stranded. Each note's VAT differs
 * from VAT on its own net by at most one minor unit per rate.
 */
export function summarizeCredit(lines: readonly PricedLine[], earlier: readonly VatGroup[]): Totals {
  const own = summarize(lines);
  const vat = own.vat.map((group) => {
    const before = earlier.filter((g) => g.rate.eq(group.rate));
    const baseBefore = before.reduce((sum, g) => sum + g.base, 0);
    const vatBefore = before.reduce((sum, g) => sum + g.amount, 0);
    return {
      rate: group.rate,
      base: group.base,
      amount: vatOnMinor(baseBefore + group.base, group.rate) - vatBefore,
    };
  });
  const total_vat = vat.reduce((sum, g) => sum + g.amount, 0);
  return { vat, total_ex_vat: own.total_ex_vat, total_vat, total: own.total_ex_vat + total_vat };
}
