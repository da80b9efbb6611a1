import { Temporal } from '@js-temporal/polyfill';
import { z } from 'zod';

/**
 * A day as Billwerk sends it: a date (`2025-02-01`) or a date-time (`2025-02-01T00:00:00`, with or
 * without an offset). kassa's changes take effect on days, so the day is what counts: the date part.
 */
export const billwerkDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'a date (2025-02-01) or a date-time')
  .refine((value) => {
    try {
      Temporal.PlainDate.from(value.slice(0, 10), { overflow: 'reject' });
      return true;
    } catch {
      return false;
    }
  }, 'a day that exists')
  .transform((value) => value.slice(0, 10))
  .meta({ format: 'date' });

/** A decimal string of kassa as the JSON number Billwerk answers (amounts have at most 6 decimals). */
export function amountNumber(value: string): number {
  return Number(value);
}
