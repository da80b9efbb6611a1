import { Temporal } from '@js-temporal/polyfill';
import { z } from 'zod';
import { isCountry, isCurrency } from '../domain/iso.ts';
import { REQUEST_EXAMPLES_KEY } from './openapi-document.ts';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A client's own reference for a record, unique per organization; records are addressable by it. */
export const codeSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'letters, digits, dot, dash or underscore, starting with a letter or digit',
  )
  .refine((code) => !UUID_PATTERN.test(code), 'a code may not look like a uuid');

/** A decimal amount as a string ("99.00"): never a float on the wire. */
export const decimalString = (maxDecimals: number) =>
  z
    .string()
    .regex(
      new RegExp(`^\\d{1,14}(\\.\\d{1,${maxDecimals}})?$`),
      `a non-negative decimal string with at most ${maxDecimals} decimals, e.g. "99.00"`,
    );

/** A uuid or a code naming another record. */
export const reference = z.string().min(1).max(64);

export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'two upper-case letters (ISO 3166-1 alpha-2)')
  .refine(isCountry, 'not an ISO 3166-1 country code')
  .describe('ISO 3166-1 alpha-2, e.g. DK');

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'three upper-case letters (ISO 4217)')
  .refine(isCurrency, 'not an ISO 4217 currency code')
  .describe('ISO 4217, e.g. DKK');

/** A path parameter that is a uuid or, for resources that have one, a code. */
export const idOrCodeParam = z.object({
  id: z.string().min(1).max(64).describe('The uuid or the code'),
});

export const uuidParam = z.object({ id: z.string().regex(UUID_PATTERN, 'a uuid') });

/** An instant in an answer: RFC 3339 in UTC (`2025-01-15T10:00:00.000Z`). */
export const instant = z.string().meta({ format: 'date-time', description: 'RFC 3339 instant, UTC' });

/** A calendar day in an answer: `2025-01-15`. */
export const dateString = z.string().meta({ format: 'date', description: 'A calendar day, YYYY-MM-DD' });

export function isoInstant(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** A calendar date, YYYY-MM-DD, that exists. */
export const plainDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date: YYYY-MM-DD')
  .refine((value) => {
    try {
      Temporal.PlainDate.from(value, { overflow: 'reject' });
      return true;
    } catch {
      return false;
    }
  }, 'not a real date')
  .meta({ format: 'date' });

/** The body of an action that needs none: no body, `null` or `{}`. */
export const emptyBody = (description?: string) => {
  const body = z.strictObject({}).nullish();
  return (description ? body.describe(description) : body).meta({ examples: [{}] });
};

/** A body that must be `{}`: an action that takes no fields. */
export const emptyObjectBody = z.strictObject({}).meta({ examples: [{}] });

/**
 * A request body's schema with examples. zod leaves `examples` out of the input side of a schema that
 * transforms what it reads (a trim into a canonical form, a date parsed): these are kept under another
 * key and put back in the document's request body (openapi-document.ts).
 */
export function withRequestExamples<T extends z.ZodType>(schema: T, examples: unknown[]): T {
  return schema.meta({ [REQUEST_EXAMPLES_KEY]: examples }) as T;
}

/** The first example of a schema's own meta, to build another example from (a page, a wider answer). */
export function exampleOf(schema: z.ZodType): Record<string, unknown> | undefined {
  return (schema.meta() as { examples?: Record<string, unknown>[] } | undefined)?.examples?.[0];
}
