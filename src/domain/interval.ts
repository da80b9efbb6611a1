export type IntervalUnit = 'day' | 'week' | 'month' | 'year';

/** A length of calendar time in one unit: a billing interval, a minimum term, a notice period. */
export interface Interval {
  unit: IntervalUnit;
  count: number;
}

export const INTERVAL_UNITS: readonly IntervalUnit[] = ['day', 'week', 'month', 'year'];

const UNITS: Record<string, IntervalUnit> = { D: 'day', W: 'week', M: 'month', Y: 'year' };
const LETTERS: Record<IntervalUnit, string> = { day: 'D', week: 'W', month: 'M', year: 'Y' };

/**
 * Minimum terms and notice periods are written as ISO 8601 durations of one unit: P14D, P2W, P3M,
 * P1Y. Answers null for anything else (mixed units, times, zero).
 */
export function parseIsoInterval(text: string): Interval | null {
  const match = /^P(\d{1,4})([DWMY])$/.exec(text);
  if (!match) return null;
  const count = Number(match[1]);
  if (count < 1) return null;
  return { unit: UNITS[match[2] as string] as IntervalUnit, count };
}

export function formatIsoInterval(interval: Interval): string {
  return `P${interval.count}${LETTERS[interval.unit]}`;
}
