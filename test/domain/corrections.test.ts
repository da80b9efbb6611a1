import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToIso, daysFromTo } from '../../src/domain/calendar.ts';
import { summarizeCredit } from '../../src/domain/credit-vat.ts';
import { endCredit, type ServiceLine } from '../../src/domain/end-credit.ts';
import { type PricedLine, summarize, type VatGroup } from '../../src/domain/lines.ts';

const line = (amount: number, period_start: string, period_end: string): ServiceLine => ({
  amount,
  period_start,
  period_end,
});

describe('the credit an end gives back of a line', () => {
  it('a year billed in advance, ended on 1 August: 153 of 365 days', () => {
    // 120000 øre × 153 / 365 = 50301.37 → 50301 (503.01 kr)
    expect(endCredit(line(120000, '2025-01-01', '2026-01-01'), '2025-08-01')).toEqual({
      from: '2025-08-01',
      to: '2026-01-01',
      days: 153,
      lineDays: 365,
      amount: 50301,
    });
  });

  it('only the days before an end credited earlier, and nothing for a line over before the end', () => {
    // moved from 1 August to 1 June: 61 days, 120000 × 61 / 365 = 20054.79 → 20055
    expect(endCredit(line(120000, '2025-01-01', '2026-01-01'), '2025-06-01', '2025-08-01')?.amount).toBe(
      20055,
    );
    expect(endCredit(line(30000, '2025-01-01', '2025-02-01'), '2025-02-01')).toBeNull();
    // a credit line (an order's unused time) gives back a negative share: it charges again
    expect(endCredit(line(-10000, '2025-01-11', '2025-02-01'), '2025-01-22')?.amount).toBe(-4762);
  });
});

const day = fc.integer({ min: 0, max: 364 }).map((n) => addToIso('2025-01-01', 'day', n));

describe('property: billed less credited is the price of the days run', () => {
  it('for a period billed in advance, any change inside it (a proration) and any sequence of earlier ends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.option(day, { nil: null }),
        fc.array(day, { minLength: 1, maxLength: 4 }),
        (oldPrice, newPrice, change, endDays) => {
          const start = '2025-01-01';
          const end = '2026-01-01';
          const total = daysFromTo(start, end);
          const share = (price: number, from: string, to: string) =>
            new Decimal(price).times(daysFromTo(from, to)).div(total);
          const round = (d: Decimal) => d.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
          // The period in advance; a change credits the old price's rest and charges the new one's.
          const lines: ServiceLine[] = [line(oldPrice, start, end)];
          if (change !== null && change > start) {
            lines.push(line(-round(share(oldPrice, change, end)), change, end));
            lines.push(line(round(share(newPrice, change, end)), change, end));
          }
          // Ends only move earlier (a later one is refused once credited): each gives back up to the last.
          const ends = [...new Set(endDays.filter((d) => d > start))].sort().reverse();
          let billed = lines.reduce((sum, l) => sum + l.amount, 0);
          let pieces = lines.length;
          let until: string | null = null;
          for (const e of ends) {
            for (const l of lines) {
              const credit = endCredit(l, e, until);
              if (credit) {
                billed -= credit.amount;
                pieces++;
              }
            }
            until = e;
          }
          const last = until ?? end;
          const ran =
            change !== null && change > start && change < last
              ? share(oldPrice, start, change).plus(share(newPrice, change, last))
              : share(oldPrice, start, last);
          expect(Math.abs(billed - ran.toNumber())).toBeLessThanOrEqual(pieces);
        },
      ),
    );
  });
});

/** A one-off line of an amount in minor units at a VAT rate, as a credit note prices it. */
const priced = (amount: number, vat: string): PricedLine => ({
  description: 'x',
  kind: 'charge',
  billing: 'one_off',
  period_start: null,
  period_end: null,
  quantity: new Decimal(1),
  unit_price: new Decimal(amount),
  factor: new Decimal(1),
  discount: 0,
  amount,
  vat_rate: new Decimal(vat),
});

const rate = fc.constantFrom('25', '12', '6', '0', '19', '7');

describe('property: an invoice can always be credited to exactly zero', () => {
  it('whatever partial credit notes come first, none exceeds what is left and the last empties it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: 5_000_000 }), rate }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 8 }),
        (invoiceLines, parts) => {
          const invoice = summarize(invoiceLines.map((l) => priced(l.amount, l.rate)));
          const left = invoiceLines.map((l) => l.amount);
          const earlier: VatGroup[] = [];
          let credited = 0;
          const credit = (items: { index: number; amount: number }[]) => {
            const totals = summarizeCredit(
              items.map((i) => priced(i.amount, invoiceLines[i.index]!.rate)),
              earlier,
            );
            for (const i of items) left[i.index]! -= i.amount;
            earlier.push(...totals.vat);
            credited += totals.total;
            expect(credited).toBeLessThanOrEqual(invoice.total);
          };
          for (const [pick, fraction] of parts) {
            const index = pick % invoiceLines.length;
            const amount = Math.floor(left[index]! * fraction);
            if (amount > 0) credit([{ index, amount }]);
          }
          const rest = left.flatMap((amount, index) => (amount > 0 ? [{ index, amount }] : []));
          if (rest.length > 0) credit(rest);
          expect(credited).toBe(invoice.total);
        },
      ),
    );
  });

  it('issue 11: 500.00 and 0.99 at 25 %, credited 200.00, 300.00, 0.34, 0.34, then the rest', () => {
    // The invoice: 500.99 net, VAT 125.2475 → 125.25, total 626.24. Each note's VAT is the VAT of all net
    // credited so far, less what the notes before took: 50.00; 125.00 − 50.00 = 75.00;
    // 125.085 → 125.09, less 125.00 = 0.09; 125.17 − 125.09 = 0.08; the rest, 0.31 net:
    // 125.2475 → 125.25 − 125.17 = 0.08, total 0.39: exactly what is left (626.24 − 625.85).
    const at25 = (amount: number) => priced(amount, '25');
    const earlier: VatGroup[] = [];
    const totals = [20000, 30000, 34, 34, 31].map((amount) => {
      const t = summarizeCredit([at25(amount)], earlier);
      earlier.push(...t.vat);
      return t.total;
    });
    expect(totals).toEqual([25000, 37500, 43, 42, 39]);
    expect(totals.reduce((a, b) => a + b, 0)).toBe(62624);
  });
});
