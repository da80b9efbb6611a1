import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToIso } from '../../src/domain/calendar.ts';
import type { Interval } from '../../src/domain/interval.ts';
import {
  type HistoryPhase,
  monthlyShare,
  mrrOn,
  mrrSpans,
  type SubscriptionHistory,
} from '../../src/domain/mrr.ts';
import { classifyMovement, movementChanges, mrrMovements } from '../../src/domain/mrr-movements.ts';
import { mrrSeries, mrrSeriesAccounts, seriesSteps } from '../../src/domain/mrr-series.ts';

const month: Interval = { unit: 'month', count: 1 };
const phase = (over: Partial<HistoryPhase> & { start: string }): HistoryPhase => ({
  end: null,
  planTerms: 'M',
  currency: 'DKK',
  interval: month,
  unitPrice: new Decimal(100),
  quantity: 1,
  ...over,
});
const history = (
  over: Partial<SubscriptionHistory> & { id: string; start: string },
): SubscriptionHistory => ({
  account: 'a1',
  trialEnd: null,
  end: null,
  phases: [phase({ start: over.start })],
  components: [],
  contracts: [],
  ...over,
});

describe('normalization to a month', () => {
  it('a year ÷ 12, a quarter ÷ 3, a week × 52 ÷ 12, a day × 365 ÷ 12', () => {
    expect(monthlyShare(new Decimal(1200), { unit: 'year', count: 1 }).toString()).toBe('100');
    expect(monthlyShare(new Decimal(300), { unit: 'month', count: 3 }).toString()).toBe('100');
    // 30 a week: 30 × 52 ÷ 12 = 130
    expect(monthlyShare(new Decimal(30), { unit: 'week', count: 1 }).toString()).toBe('130');
    // 60 a fortnight: 60 × 52 ÷ 12 ÷ 2 = 130
    expect(monthlyShare(new Decimal(60), { unit: 'week', count: 2 }).toString()).toBe('130');
    // 12 a day: 12 × 365 ÷ 12 = 365
    expect(monthlyShare(new Decimal(12), { unit: 'day', count: 1 }).toString()).toBe('365');
    expect(monthlyShare(new Decimal(2400), { unit: 'year', count: 2 }).toString()).toBe('100');
  });

  it('a whole period normalized and multiplied back is the period price (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom<Interval['unit']>('day', 'week', 'month', 'year'),
        fc.integer({ min: 1, max: 24 }),
        (cents, unit, count) => {
          const price = new Decimal(cents).div(100);
          const perMonth = monthlyShare(price, { unit, count });
          const months = { day: new Decimal(12).div(365), week: new Decimal(12).div(52), month: 1, year: 12 }[
            unit
          ];
          return perMonth.times(months).times(count).toDecimalPlaces(10).eq(price);
        },
      ),
    );
  });
});

describe('MRR of one subscription', () => {
  it('counts nothing in a trial, the price after it, and the tier and components in force', () => {
    const spans = mrrSpans(
      history({
        id: 's1',
        start: '2025-01-01',
        trialEnd: '2025-01-15',
        end: '2025-06-01',
        phases: [
          phase({ start: '2025-01-01', end: '2025-03-01', quantity: 8 }),
          phase({ start: '2025-03-01', quantity: 12 }),
        ],
        components: [
          {
            start: '2025-02-01',
            end: '2025-04-01',
            currency: 'DKK',
            unitPrice: new Decimal(25),
            quantity: 2,
          },
        ],
        contracts: [
          {
            planTerms: 'M',
            start: '2025-01-01',
            end: '2025-04-30',
            tiers: [{ minimum_quantity: 10, discount: new Decimal(15), discount_type: 'percentage' }],
          },
        ],
      }),
    );
    // trial to 15 Jan; 8 × 100 = 800.00 (below the tier); from 1 Feb + 2 × 25 = 850.00;
    // from 1 Mar 12 seats reach the 15 % tier: 12 × 85 + 50 = 1070.00; from 1 Apr no component: 1020.00;
    // the contract ends 30 Apr (inclusive): from 1 May 12 × 100 = 1200.00; ends 1 Jun.
    expect(spans.map((s) => [s.from, s.to, s.amount, s.reason])).toEqual([
      ['2025-01-15', '2025-02-01', 80000, 'trial_converted'],
      ['2025-02-01', '2025-03-01', 85000, 'component_changed'],
      ['2025-03-01', '2025-04-01', 107000, 'quantity_changed'],
      ['2025-04-01', '2025-05-01', 102000, 'component_changed'],
      ['2025-05-01', '2025-06-01', 120000, 'discount_changed'],
    ]);
    expect(mrrOn(spans, 'DKK', '2025-01-14')).toBe(0);
    expect(mrrOn(spans, 'DKK', '2025-03-31')).toBe(107000);
    expect(mrrOn(spans, 'DKK', '2025-06-01')).toBe(0);
  });

  it('a punch card and a trial cancelled before it ends are no MRR; a price override wins', () => {
    expect(
      mrrSpans(
        history({ id: 'p', start: '2025-01-01', phases: [phase({ start: '2025-01-01', interval: null })] }),
      ),
    ).toEqual([]);
    expect(
      mrrSpans(history({ id: 't', start: '2025-01-01', trialEnd: '2025-01-15', end: '2025-01-10' })),
    ).toEqual([]);
    // an annual plan at an own price of 1,500 a year: 125.00 a month
    const [span] = mrrSpans(
      history({
        id: 'o',
        start: '2025-01-01',
        phases: [
          phase({ start: '2025-01-01', interval: { unit: 'year', count: 1 }, unitPrice: new Decimal(1500) }),
        ],
      }),
    );
    expect(span).toMatchObject({ amount: 12500, to: null, reason: 'subscription_started' });
  });
});

describe('movements', () => {
  it('classifies by the account: first MRR new, last subscription ending churn, one of several contraction', () => {
    expect(classifyMovement(0, 100, false)).toBe('new');
    expect(classifyMovement(0, 100, true)).toBe('reactivation');
    expect(classifyMovement(100, 0, true)).toBe('churn');
    expect(classifyMovement(100, 150, true)).toBe('expansion');
    expect(classifyMovement(150, 100, true)).toBe('contraction');
    expect(classifyMovement(100, 100, true)).toBeNull();
    const spans = [
      ...mrrSpans(history({ id: 's1', start: '2025-01-01', end: '2025-03-01' })),
      ...mrrSpans(history({ id: 's2', start: '2025-02-01', end: '2025-04-01' })),
      ...mrrSpans(history({ id: 's3', start: '2025-05-01' })),
    ];
    // 1 Jan new 100; 1 Feb s2 +100 expansion; 1 Mar s1 ends, one of two: contraction −100;
    // 1 Apr s2 ends, the last: churn −100; 1 May s3: reactivation +100.
    expect(mrrMovements(spans).map((m) => [m.date, m.type, m.amount])).toEqual([
      ['2025-01-01', 'new', 10000],
      ['2025-02-01', 'expansion', 10000],
      ['2025-03-01', 'contraction', -10000],
      ['2025-04-01', 'churn', -10000],
      ['2025-05-01', 'reactivation', 10000],
    ]);
  });

  it('a swap on one day at the same MRR is no movement; a swap at another price is one, both subscriptions named', () => {
    const spans = [
      ...mrrSpans(history({ id: 'old', start: '2025-01-01', end: '2025-02-01' })),
      ...mrrSpans(history({ id: 'new', start: '2025-02-01', end: '2025-03-01' })),
      ...mrrSpans(
        history({
          id: 'dear',
          start: '2025-03-01',
          phases: [phase({ start: '2025-03-01', unitPrice: new Decimal(250) })],
        }),
      ),
    ];
    const movements = mrrMovements(spans);
    expect(movements.map((m) => [m.date, m.type, m.amount])).toEqual([
      ['2025-01-01', 'new', 10000],
      ['2025-03-01', 'expansion', 15000],
    ]);
    expect(movementChanges(spans, movements)[1]).toEqual([
      { subscription: 'dear', before: 0, after: 25000, reason: 'subscription_started' },
      { subscription: 'new', before: 10000, after: 0, reason: 'subscription_ended' },
    ]);
  });
});

describe('series', () => {
  it('steps are days, or calendar months cut to the range', () => {
    expect(seriesSteps('2025-01-15', '2025-03-10', 'month')).toEqual([
      { start: '2025-01-15', end: '2025-01-31' },
      { start: '2025-02-01', end: '2025-02-28' },
      { start: '2025-03-01', end: '2025-03-10' },
    ]);
    expect(seriesSteps('2025-01-30', '2025-02-01', 'day').map((s) => s.end)).toEqual([
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
    ]);
  });
});

// Random histories: up to five subscriptions on three accounts, phases in two currencies and four
// intervals, components, contracts with tiers, trials and ends, all within 2024–2025.
const BASE = '2024-01-01';
const day = (n: number) => addToIso(BASE, 'day', n);
const arbitraryHistory = (id: string) =>
  fc
    .record({
      account: fc.constantFrom('a1', 'a2', 'a3'),
      start: fc.integer({ min: 0, max: 300 }),
      trial: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
      length: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }),
      phases: fc.array(
        fc.record({
          after: fc.integer({ min: 1, max: 90 }),
          terms: fc.constantFrom('M', 'Y', 'E'),
          quantity: fc.integer({ min: 1, max: 15 }),
          cents: fc.integer({ min: 0, max: 100_000 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      components: fc.array(
        fc.record({
          start: fc.integer({ min: 0, max: 500 }),
          length: fc.integer({ min: 1, max: 200 }),
          quantity: fc.integer({ min: 1, max: 5 }),
        }),
        { maxLength: 2 },
      ),
      contract: fc.option(
        fc.record({
          start: fc.integer({ min: 0, max: 500 }),
          length: fc.integer({ min: 0, max: 200 }),
          percent: fc.integer({ min: 0, max: 100 }),
        }),
        { nil: null },
      ),
    })
    .map((r): SubscriptionHistory => {
      const start = day(r.start);
      let at = r.start;
      const phases: HistoryPhase[] = r.phases.map((p, i) => {
        const from = i === 0 ? r.start : at;
        at = from + p.after;
        return {
          start: day(from),
          end: i === r.phases.length - 1 ? null : day(at),
          planTerms: p.terms,
          currency: p.terms === 'E' ? 'EUR' : 'DKK',
          interval:
            p.terms === 'Y'
              ? { unit: 'year', count: 1 }
              : p.terms === 'E'
                ? { unit: 'week', count: 2 }
                : month,
          unitPrice: new Decimal(p.cents).div(100),
          quantity: p.quantity,
        };
      });
      return {
        id,
        account: r.account,
        start,
        trialEnd: r.trial === null ? null : day(r.start + r.trial),
        end: r.length === null ? null : day(r.start + r.length),
        phases,
        components: r.components.map((c) => ({
          start: day(c.start),
          end: day(c.start + c.length),
          currency: 'DKK',
          unitPrice: new Decimal('12.5'),
          quantity: c.quantity,
        })),
        contracts:
          r.contract === null
            ? []
            : [
                {
                  planTerms: 'M',
                  start: day(r.contract.start),
                  end: day(r.contract.start + r.contract.length),
                  tiers: [
                    {
                      minimum_quantity: 5,
                      discount: new Decimal(r.contract.percent),
                      discount_type: 'percentage',
                    },
                  ],
                },
              ],
      };
    });
const arbitraryHistories = fc
  .integer({ min: 1, max: 5 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbitraryHistory(`s${i}`))));

describe('properties', () => {
  it('the paying accounts at each close are those with MRR in any currency, an account in two counted once', () => {
    fc.assert(
      fc.property(arbitraryHistories, fc.integer({ min: -10, max: 600 }), (histories, a) => {
        const spans = histories.flatMap(mrrSpans);
        const [from, to] = [day(a), day(a + 120)];
        const steps = seriesSteps(from, to, 'month');
        const counts = mrrSeriesAccounts(mrrMovements(spans), from, to, 'month');
        expect(counts).toEqual(
          steps.map(
            (step) =>
              new Set(
                spans
                  .filter((s) => s.from <= step.end && (s.to === null || step.end < s.to))
                  .map((s) => s.account),
              ).size,
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('the movements over any range add up to MRR at its end minus MRR at its start, per currency', () => {
    fc.assert(
      fc.property(
        arbitraryHistories,
        fc.integer({ min: -10, max: 900 }),
        fc.integer({ min: 0, max: 900 }),
        (histories, a, length) => {
          const spans = histories.flatMap(mrrSpans);
          const movements = mrrMovements(spans);
          for (const currency of ['DKK', 'EUR']) {
            const [from, to] = [day(a), day(a + length)];
            const moved = movements
              .filter((m) => m.currency === currency && m.date > from && m.date <= to)
              .reduce((sum, m) => sum + m.amount, 0);
            expect(moved).toBe(mrrOn(spans, currency, to) - mrrOn(spans, currency, from));
            const series = mrrSeries(movements, currency, addToIso(from, 'day', 1), to, 'month');
            expect(series.opening_mrr).toBe(mrrOn(spans, currency, from));
            expect(series.steps.at(-1)?.mrr ?? series.opening_mrr).toBe(mrrOn(spans, currency, to));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('each movement is classified by its account MRR before and after, and names what changed', () => {
    fc.assert(
      fc.property(arbitraryHistories, (histories) => {
        const spans = histories.flatMap(mrrSpans);
        const seen = new Set<string>();
        const movements = mrrMovements(spans);
        const changes = movementChanges(spans, movements);
        for (const [i, m] of movements.entries()) {
          const key = `${m.account}|${m.currency}`;
          expect(m.amount).toBe(m.after - m.before);
          expect(m.before).toBe(
            spans
              .filter((s) => s.account === m.account)
              .reduce(
                (sum, s) =>
                  sum +
                  (s.currency === m.currency &&
                  s.from <= addToIso(m.date, 'day', -1) &&
                  (s.to === null || s.to > addToIso(m.date, 'day', -1))
                    ? s.amount
                    : 0),
                0,
              ),
          );
          expect(m.type).toBe(classifyMovement(m.before, m.after, seen.has(key)));
          expect(changes[i]!.reduce((sum, s) => sum + s.after - s.before, 0)).toBe(m.amount);
          if (m.after > 0) seen.add(key);
        }
      }),
      { numRuns: 300 },
    );
  });
});
