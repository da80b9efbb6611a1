import { Decimal } from 'decimal.js';
import { daysFromTo } from './calendar.ts';

/** A billed line that paid for the days of a period, evenly: a recurring fee, a component, a proration. */
export interface ServiceLine {
  /** Net, minor units; negative for a credit (an order's unused time). */
  amount: number;
  period_start: string;
  /** exclusive */
  period_end: string;
}

export interface EndCredit {
  /** The first day credited (the end) and the day after the last (exclusive). */
  from: string;
  to: string;
  days: number;
  /** The days the line billed. */
  lineDays: number;
  /** What to give back, minor units, rounded once half away from zero; negative gives back a credit. */
  amount: number;
}

/**
 * What a subscription ended on `end` (exclusive: the first day without service) gets back of a line:
 * the line's amount for its days from the end to the line's last, by whole days, the day of the end
 * counting as unused. `until` is an end scheduled earlier (its later days were credited then): only the
 * days before it count. Null when the line billed no day from the end on.
 */
export function endCredit(line: ServiceLine, end: string, until: string | null = null): EndCredit | null {
  const from = line.period_start > end ? line.period_start : end;
  const to = until !== null && until < line.period_end ? until : line.period_end;
  if (from >= to) return null;
  const lineDays = daysFromTo(line.period_start, line.period_end);
  const days = daysFromTo(from, to);
  const amount = new Decimal(line.amount)
    .times(days)
    .div(lineDays)
    .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
    .toNumber();
  return { from, to, days, lineDays, amount: amount === 0 ? 0 : amount };
}
