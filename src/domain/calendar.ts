import type { Interval } from './interval.ts';

/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) with plain integers: what the billing run does for
 * every period of every subscription, where Temporal objects cost more than the billing itself. The
 * rules are Temporal's: months and years add to the anchor and clamp at month end.
 */
const MS_PER_DAY = 86_400_000;

export function dayNumber(iso: string): number {
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY
  );
}

export function isoOfDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** `iso` plus `amount` units, clamped at month end for months and years (31 Jan + 1 month = 28/29 Feb). */
export function addToIso(iso: string, unit: Interval['unit'], amount: number): string {
  if (unit === 'day') return isoOfDayNumber(dayNumber(iso) + amount);
  if (unit === 'week') return isoOfDayNumber(dayNumber(iso) + 7 * amount);
  const months = unit === 'month' ? amount : 12 * amount;
  const total = Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1 + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const day = Math.min(Number(iso.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The n-th boundary of periods anchored on `anchor`. */
export function boundary(anchor: string, interval: Interval, n: number): string {
  return addToIso(anchor, interval.unit, interval.count * n);
}

const periods = new Map<string, Readonly<{ start: string; end: string }>>();

/**
 * The period [start, end) of `interval`s from `anchor` that contains `day`. Remembered: a billing run
 * asks the same few anchors about the same few days for every subscription.
 */
export function periodAround(
  anchor: string,
  interval: Interval,
  day: string,
): Readonly<{ start: string; end: string }> {
  const key = `${anchor}|${interval.unit}|${interval.count}|${day}`;
  let period = periods.get(key);
  if (!period) {
    period = computePeriodAround(anchor, interval, day);
    if (periods.size >= 100_000) periods.clear();
    periods.set(key, period);
  }
  return period;
}

function computePeriodAround(
  anchor: string,
  interval: Interval,
  day: string,
): { start: string; end: string } {
  const approxDays = { day: 1, week: 7, month: 30.436875, year: 365.2425 }[interval.unit] * interval.count;
  let n = Math.floor((dayNumber(day) - dayNumber(anchor)) / approxDays);
  while (boundary(anchor, interval, n) > day) n--;
  while (boundary(anchor, interval, n + 1) <= day) n++;
  return { start: boundary(anchor, interval, n), end: boundary(anchor, interval, n + 1) };
}

export function daysFromTo(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}
