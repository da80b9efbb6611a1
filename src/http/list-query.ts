import { Temporal } from '@js-temporal/polyfill';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DateRange, SortColumns } from '../db/list-page.ts';
import { exampleOf } from './common-schemas.ts';

const DATE_OR_INSTANT = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/,
    'a date (YYYY-MM-DD) or an RFC 3339 instant',
  )
  .refine((value) => parseInstantOrDate(value) !== null, 'not a real date')
  .optional();

/** `limit` and `cursor`, and the seed's date filters (`created_date__gte=2025-01-01`). */
export const listQueryShape = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size, 1 to 500 (default 50)'),
  cursor: z.string().max(2048).optional().describe('The opaque cursor from `next` or `previous`'),
  created_date__gte: DATE_OR_INSTANT.describe(
    "Created at or after (a date is the start of that day in the organization's time zone)",
  ),
  created_date__lte: DATE_OR_INSTANT.describe('Created at or before (a date includes that whole day)'),
  updated_date__gte: DATE_OR_INSTANT.describe('Updated at or after'),
  updated_date__lte: DATE_OR_INSTANT.describe('Updated at or before (a date includes that whole day)'),
};

/**
 * `ordering` of a list: `created_date` (default, oldest first) or one of the list's `sorts`, a leading
 * `-` for descending. The list's use case hands the same `sorts` to `listPage`, which does the rest.
 */
export function orderingParam(sorts: SortColumns = {}) {
  const names = ['created_date', ...Object.keys(sorts)];
  const values = names.flatMap((name) => [name, `-${name}`]) as [string, ...string[]];
  return z
    .enum(values)
    .default('created_date')
    .describe(
      `Sort order, one of ${values.join(', ')}; a leading - is descending, ties go by id (default created_date: oldest first)`,
    );
}

function parseInstantOrDate(
  value: string,
): { date: Temporal.PlainDate } | { instant: Temporal.Instant } | null {
  try {
    if (value.length === 10) return { date: Temporal.PlainDate.from(value, { overflow: 'reject' }) };
    return { instant: Temporal.Instant.from(value) };
  } catch {
    return null;
  }
}

/** The instant a `__gte` filter starts at, or the instant before which a `__lte` filter ends. */
export function filterBound(value: string, bound: 'gte' | 'lte', timeZone: string): Date {
  const parsed = parseInstantOrDate(value);
  if (!parsed) throw new Error(`unvalidated date filter ${value}`);
  if ('instant' in parsed) return new Date(parsed.instant.epochMilliseconds + (bound === 'lte' ? 1 : 0));
  const day = bound === 'gte' ? parsed.date : parsed.date.add({ days: 1 });
  return new Date(day.toZonedDateTime({ timeZone }).epochMilliseconds);
}

/** The created and updated ranges a list query asks for, in the organization's time zone. */
export function dateRanges(
  query: {
    created_date__gte?: string | undefined;
    created_date__lte?: string | undefined;
    updated_date__gte?: string | undefined;
    updated_date__lte?: string | undefined;
  },
  timeZone: string,
): { created: DateRange; updated: DateRange } {
  const range = (gte?: string, lte?: string): DateRange => ({
    ...(gte ? { from: filterBound(gte, 'gte', timeZone) } : {}),
    ...(lte ? { before: filterBound(lte, 'lte', timeZone) } : {}),
  });
  return {
    created: range(query.created_date__gte, query.created_date__lte),
    updated: range(query.updated_date__gte, query.updated_date__lte),
  };
}

/**
 * `archived` on lists of records that are archived rather than deleted: `false` (default) live ones,
 * `true` archived ones only, `all` both (a warehouse sync that must see archivals).
 */
export const archivedFilter = z
  .enum(['true', 'false', 'all'])
  .default('false')
  .describe('false (default): live ones; true: archived ones only; all: both');

/** `next` and `previous` as absolute URLs: the request's own URL with the cursor replaced. */
export function pageUrl(request: FastifyRequest, cursor: string | null): string | null {
  if (cursor === null) return null;
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  url.searchParams.set('cursor', cursor);
  return url.toString();
}

/** A page of `item`s; its example is a page of the item's first example, when the item has one. */
export function pageSchema<T extends z.ZodType>(item: T) {
  const page = z.object({
    count: z.number().int().describe('How many match the filters, over all pages'),
    next: z.string().nullable().describe('URL of the next page, or null'),
    previous: z.string().nullable().describe('URL of the previous page, or null'),
    results: z.array(item),
  });
  const example = exampleOf(item);
  return example === undefined
    ? page
    : page.meta({ examples: [{ count: 1, next: null, previous: null, results: [example] }] });
}

/** All the `item`s at once, `{results}` without paging; its example holds the item's first example. */
export function resultsSchema<T extends z.ZodType>(item: T) {
  const list = z.object({ results: z.array(item) });
  const example = exampleOf(item);
  return example === undefined ? list : list.meta({ examples: [{ results: [example] }] });
}

/** A bare array of `item`s (the Billwerk adapter's lists); its example holds the item's first example. */
export function arraySchema<T extends z.ZodType>(item: T) {
  const example = exampleOf(item);
  return example === undefined ? z.array(item) : z.array(item).meta({ examples: [[example]] });
}
