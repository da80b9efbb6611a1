import { Decimal } from 'decimal.js';
import { daysFromTo } from './calendar.ts';

/** What an invoice still owed at the close of a day, and when it fell due. */
export interface OpenItem {
  invoice: string;
  account: string;
  currency: string;
  /** the due date (the issue date when an invoice has none) */
  due: string;
  /** minor units, > 0 */
  outstanding: number;
}

export type AgeBucket = 'not_due' | 'days_0_30' | 'days_31_60' | 'days_61_90' | 'days_over_90';

export const AGE_BUCKETS: readonly AgeBucket[] = [
  'not_due',
  'days_0_30',
  'days_31_60',
  'days_61_90',
  'days_over_90',
];

/** Days overdue = the day − the due date: due today is 0 days overdue; due later, not due. */
export function ageBucket(due: string, day: string): AgeBucket {
  const overdue = daysFromTo(due, day);
  if (overdue < 0) return 'not_due';
  if (overdue <= 30) return 'days_0_30';
  if (overdue <= 60) return 'days_31_60';
  if (overdue <= 90) return 'days_61_90';
  return 'days_over_90';
}

export type Ageing = Record<AgeBucket, number> & { total: number; invoices: number };

export const emptyAgeing = (): Ageing => ({
  total: 0,
  invoices: 0,
  not_due: 0,
  days_0_30: 0,
  days_31_60: 0,
  days_61_90: 0,
  days_over_90: 0,
});

/** Open items summed by a key (currency, or account and currency) and age. */
export function ageItems(
  items: readonly OpenItem[],
  day: string,
  keyOf: (item: OpenItem) => string,
): Map<string, Ageing> {
  const result = new Map<string, Ageing>();
  for (const item of items) {
    const key = keyOf(item);
    let ageing = result.get(key);
    if (!ageing) {
      ageing = emptyAgeing();
      result.set(key, ageing);
    }
    ageing[ageBucket(item.due, day)] += item.outstanding;
    ageing.total += item.outstanding;
    ageing.invoices += 1;
  }
  return result;
}

/**
 * Days sales outstanding: receivables at the end of a period ÷ what was invoiced in it × its days,
 * one decimal; null when nothing was invoiced.
 */
export function daysSalesOutstanding(receivables: number, invoiced: number, days: number): string | null {
  if (invoiced <= 0) return null;
  return new Decimal(receivables)
    .div(invoiced)
    .times(days)
    .toDecimalPlaces(1, Decimal.ROUND_HALF_UP)
    .toFixed(1);
}

/** part ÷ whole as a percentage with two decimals; null when the whole is zero. */
export function percentage(part: number, whole: number): string | null {
  if (whole === 0) return null;
  return new Decimal(part).div(whole).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}
