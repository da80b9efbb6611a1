import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conversionOn,
  convertMinor,
  type ExchangeRate,
  rateBook,
  rateOn,
} from '../../src/domain/exchange-rates.ts';
import { MOVEMENT_TYPES, noMovements } from '../../src/domain/mrr-movements.ts';
import type { SeriesStep } from '../../src/domain/mrr-series.ts';
import { convertSeries } from '../../src/metrics/converted-figures.ts';

const rate = (currency: string, validFrom: string, value: string): ExchangeRate => ({
  currency,
  validFrom,
  rate: new Decimal(value),
});

describe('which rate applies to which day', () => {
  const book = rateBook([
    rate('EUR', '2025-02-01', '7.50'),
    rate('EUR', '2025-01-01', '7.46'),
    rate('SEK', '2025-01-15', '0.65'),
  ]);

  it('is the latest rate from that day or before; none before the first; 1 for the own currency', () => {
    expect(rateOn(book, 'EUR', 'DKK', '2024-12-31')).toBeNull();
    expect(rateOn(book, 'EUR', 'DKK', '2025-01-01')?.rate.toFixed()).toBe('7.46');
    expect(rateOn(book, 'EUR', 'DKK', '2025-01-31')?.rate.toFixed()).toBe('7.46');
    expect(rateOn(book, 'EUR', 'DKK', '2025-02-01')?.rate.toFixed()).toBe('7.5');
    expect(rateOn(book, 'EUR', 'DKK', '2030-01-01')?.rate.toFixed()).toBe('7.5');
    expect(rateOn(book, 'SEK', 'DKK', '2025-01-14')).toBeNull();
    expect(rateOn(book, 'DKK', 'DKK', '1999-01-01')?.rate.toFixed()).toBe('1');
    expect(rateOn(book, 'NOK', 'DKK', '2025-06-01')).toBeNull();
  });

  it('property: the lookup equals a scan of every rate of the currency', () => {
    const day = fc
      .integer({ min: 0, max: 2000 })
      .map((n) => new Date(Date.UTC(2022, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ from: day, value: fc.integer({ min: 1, max: 10_000 }) }), {
          selector: (r) => r.from,
          maxLength: 20,
        }),
        day,
        (rates, asked) => {
          const book = rateBook(rates.map((r) => rate('EUR', r.from, String(r.value / 100))));
          const expected = rates.filter((r) => r.from <= asked).sort((a, b) => (a.from < b.from ? 1 : -1))[0];
          const found = rateOn(book, 'EUR', 'DKK', asked);
          expect(found?.validFrom ?? null).toBe(expected?.from ?? null);
        },
      ),
    );
  });
});

describe('converting minor units', () => {
  it('respects both exponents and rounds once, half away from zero', () => {
    expect(convertMinor(5000, 'EUR', 'DKK', new Decimal('7.46'))).toBe(37300); // 50.00 € → 373.00 kr.
    expect(convertMinor(1234, 'DKK', 'EUR', new Decimal('0.134'))).toBe(165); // 12.34 × 0.134 = 1.65356
    expect(convertMinor(100, 'JPY', 'DKK', new Decimal('0.045'))).toBe(450); // ¥100 → 4.50 kr.
    expect(convertMinor(1000, 'DKK', 'JPY', new Decimal('22.225'))).toBe(222); // 10 kr. → ¥222.25 → 222
    expect(convertMinor(1, 'DKK', 'EUR', new Decimal('0.5'))).toBe(1); // 0.005 → 0.01
    expect(convertMinor(-1, 'DKK', 'EUR', new Decimal('0.5'))).toBe(-1);
    expect(convertMinor(3000, 'KWD', 'DKK', new Decimal('22.5'))).toBe(6750); // 3.000 KWD → 67.50 kr.
  });

  it('property: a negative amount converts to the negative of the positive one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 1e7 }), (minor, r) => {
        const value = new Decimal(r).div(10_000);
        expect(convertMinor(-minor, 'EUR', 'DKK', value)).toBe(0 - convertMinor(minor, 'EUR', 'DKK', value));
      }),
    );
  });

  it('names the currencies without a rate on the day and leaves them out', () => {
    const conversion = conversionOn(rateBook([rate('EUR', '2025-01-01', '7.46')]), 'DKK', '2025-01-10', [
      'DKK',
      'EUR',
      'SEK',
    ]);
    expect(conversion.missing).toEqual(['SEK']);
    expect(conversion.convert('SEK', 100)).toBeNull();
    expect(conversion.convert('DKK', 123)).toBe(123);
    expect(conversion.rates.map((r) => r.currency)).toEqual(['EUR']);
  });
});

describe('a converted MRR series', () => {
  // steps of months; each currency's series as mrrSeries makes it
  const steps = (values: { mrr: number; net: number }[], start = 1): SeriesStep[] =>
    values.map((v, i) => {
      const month = String(start + i).padStart(2, '0');
      const movements = noMovements();
      if (v.net >= 0) movements.new = v.net;
      else movements.churn = v.net;
      return {
        start: `2025-${month}-01`,
        end: `2025-${month}-28`,
        mrr: v.mrr,
        movements,
        paying_accounts: v.mrr > 0 ? 1 : 0,
      };
    });

  it('shows the change of a rate as the currency effect (worked by hand)', () => {
    // 50.00 € from January; 7.46 in January, 7.50 from February
    const book = rateBook([rate('EUR', '2025-01-01', '7.46'), rate('EUR', '2025-02-01', '7.50')]);
    const converted = convertSeries(
      book,
      'DKK',
      '2024-12-31',
      new Map([
        [
          'DKK',
          {
            opening_mrr: 0,
            steps: steps([
              { mrr: 20000, net: 20000 },
              { mrr: 20000, net: 0 },
            ]),
          },
        ],
        [
          'EUR',
          {
            opening_mrr: 0,
            steps: steps([
              { mrr: 5000, net: 5000 },
              { mrr: 5000, net: 0 },
            ]),
          },
        ],
      ]),
    );
    expect(converted.steps.map((s) => [s.mrr, s.movements.new, s.currencyEffect])).toEqual([
      [57300, 57300, 0], // 200.00 + 50 × 7.46 = 573.00, all new
      [57500, 0, 200], // 200.00 + 50 × 7.50 = 575.00: 2.00 from the rate, no movement
    ]);
    expect(converted.missing).toEqual([]);
  });

  it('property: each step’s movements and currency effect add up to its MRR minus the previous', () => {
    const series = fc.array(
      fc.record({ mrr: fc.integer({ min: 0, max: 1e7 }), net: fc.integer({ min: -1e6, max: 1e6 }) }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(
        series,
        series,
        fc.array(fc.integer({ min: 1, max: 200_000 }), { minLength: 12, maxLength: 12 }),
        (dkk, eur, rates) => {
          const length = Math.min(dkk.length, eur.length);
          const book = rateBook(
            rates.map((r, i) => rate('EUR', `2025-${String(i + 1).padStart(2, '0')}-01`, String(r / 10_000))),
          );
          const converted = convertSeries(
            book,
            'DKK',
            '2025-01-01',
            new Map([
              ['DKK', { opening_mrr: 0, steps: steps(dkk.slice(0, length)) }],
              ['EUR', { opening_mrr: 100, steps: steps(eur.slice(0, length)) }],
            ]),
          );
          let previous = converted.opening_mrr;
          for (const step of converted.steps) {
            const net = MOVEMENT_TYPES.reduce((s, t) => s + step.movements[t], 0);
            expect(net + step.currencyEffect).toBe(step.mrr - previous);
            previous = step.mrr;
          }
        },
      ),
    );
  });

  it('property: at one unchanging rate of 1 nothing is a currency effect', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 12 }),
        (changes) => {
          let mrr = 0;
          const values = changes.map((net) => {
            mrr += net;
            return { mrr, net };
          });
          const converted = convertSeries(
            rateBook([rate('EUR', '2000-01-01', '1')]),
            'DKK',
            '2024-12-31',
            new Map([
              ['DKK', { opening_mrr: 0, steps: steps(values) }],
              ['EUR', { opening_mrr: 0, steps: steps(values) }],
            ]),
          );
          for (const step of converted.steps) expect(step.currencyEffect).toBe(0);
        },
      ),
    );
  });
});
