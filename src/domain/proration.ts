import type { Temporal } from '@js-temporal/polyfill';
import { Decimal } from 'decimal.js';
import { daysBetween, type Period } from './periods.ts';

function later(a: Temporal.PlainDate, b: Temporal.PlainDate) {
  return a.until(b).sign >= 0 ? b : a;
}
function earlier(a: Temporal.PlainDate, b: Temporal.PlainDate) {
  return a.until(b).sign >= 0 ? a : b;
}

/**
 * The share of a period from `from` to `to` (clamped into the period), by days: exact, as a Decimal.
 * Day-based proration: every day of a period weighs the same, whatever the month's length.
 */
export function prorationFactor(period: Period, from: Temporal.PlainDate, to: Temporal.PlainDate): Decimal {
  const total = daysBetween(period.start, period.end);
  const start = later(period.start, from);
  const end = earlier(period.end, to);
  const days = daysBetween(start, end);
  if (days <= 0 || total <= 0) return new Decimal(0);
  return new Decimal(days).div(total);
}

/**
 * A proration as the line states it, by whole days, the day of the change counting as remaining:
 * "15 of 31 days" for 17 to 31 January.
 */
export function prorationDays(period: Period, from: Temporal.PlainDate, to: Temporal.PlainDate): string {
  const start = later(period.start, from);
  const end = earlier(period.end, to);
  return `${Math.max(0, daysBetween(start, end))} of ${daysBetween(period.start, period.end)} days`;
}
