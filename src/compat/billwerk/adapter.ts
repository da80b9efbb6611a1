import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services, UseCaseContext } from '../../context.ts';
import type { Page } from '../../db/list-page.ts';
import { fail, type Result } from '../../errors.ts';
import { contextOf } from '../../http/request-actor.ts';

/** What the audit log names as the client system of a Billwerk call that sends no `X-Client-System`. */
export const BILLWERK_CLIENT_SYSTEM = 'billwerk-compat';

export const tags = ['Billwerk compatibility'];

/** The use-case context of an adapter call: the request's actor, `billwerk-compat` unless it names itself. */
export function billwerkContext(services: Services, request: FastifyRequest): UseCaseContext {
  const ctx = contextOf(services, request);
  return { ...ctx, actor: { ...ctx.actor, clientSystem: ctx.actor.clientSystem ?? BILLWERK_CLIENT_SYSTEM } };
}

/** Deepest `skip` served: a skip walks the keyset pages before it (at most 200 queries of 500 rows). */
export const MAX_SKIP = 100_000;
export const MAX_TAKE = 500;

const pagingShape = {
  skip: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_SKIP)
    .optional()
    .describe(`Rows to leave out before the first one answered (0 to ${MAX_SKIP}; default 0)`),
  take: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_TAKE)
    .optional()
    .describe(`Rows to answer, 1 to ${MAX_TAKE} (default ${MAX_TAKE})`),
};

/** A list's query: Billwerk's `skip` and `take`. */
export const listQuery = z.strictObject(pagingShape);

/**
 * The query of every other call: the Billwerk client appends `take=500` (and on its second page
 * `skip`) to every request it sends, writes included, so they are accepted and have no effect.
 */
export const callQuery = z.strictObject({
  skip: pagingShape.skip.describe('Sent by the Billwerk client on every call; no effect here'),
  take: pagingShape.take.describe('Sent by the Billwerk client on every call; no effect here'),
});

export interface Paging {
  skip?: number | undefined;
  take?: number | undefined;
}

/**
 * A bare array of `take` rows after `skip`, read from one of kassa's keyset-paged lists (the same use
 * case as the native list) by walking its cursor.
 */
export async function skipTake<T>(
  list: (page: { limit: number; cursor?: string }) => Promise<Result<Page<T>>>,
  paging: Paging,
): Promise<Result<T[]>> {
  let toSkip = paging.skip ?? 0;
  const take = paging.take ?? MAX_TAKE;
  const rows: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await list(cursor === undefined ? { limit: MAX_TAKE } : { limit: MAX_TAKE, cursor });
    if (!page.ok) return page;
    let results = page.value.results;
    if (toSkip > 0) {
      const skipped = Math.min(toSkip, results.length);
      toSkip -= skipped;
      results = results.slice(skipped);
    }
    rows.push(...results.slice(0, take - rows.length));
    if (rows.length >= take || !page.value.next) return { ok: true, value: rows };
    cursor = page.value.next;
  }
}

/** A list as Billwerk answers it: `skip` and `take` over kassa's pages, each row as its DTO. */
export async function skipTakeAs<T, U>(
  list: (page: { limit: number; cursor?: string }) => Promise<Result<Page<T>>>,
  paging: Paging,
  toDto: (row: T) => U,
): Promise<Result<U[]>> {
  return mapResult(await skipTake(list, paging), (rows) => rows.map(toDto));
}

/** Maps a use case's answer to a Billwerk DTO. */
export function mapResult<T, U>(result: Result<T>, map: (value: T) => U): Result<U> {
  return result.ok ? { ok: true, value: map(result.value) } : result;
}

/** Like `mapResult`, for a mapping that reads more (ids to names and the like). */
export async function mapResultAsync<T, U>(
  result: Result<T>,
  map: (value: T) => Promise<U>,
): Promise<Result<U>> {
  return result.ok ? { ok: true, value: await map(result.value) } : result;
}

/**
 * Renames the fields of a use case's field errors from kassa's names to the DTO's (`vat_number` to
 * `VatId`), so that a refusal names the field the Billwerk client sent.
 */
export function renameFields<T>(result: Result<T>, names: Record<string, string>): Result<T> {
  if (result.ok || !result.failure.errors) return result;
  const errors = result.failure.errors.map((error) => {
    const [head, ...rest] = error.field.split('.');
    const renamed = head !== undefined ? names[head] : undefined;
    return renamed ? { ...error, field: [renamed, ...rest].join('.') } : error;
  });
  return { ok: false, failure: { ...result.failure, errors } };
}

export function notFound<T>(what: string, id: string): Result<T> {
  return fail('not_found', `no ${what} ${id}`);
}

/** Checks a mapped input against the native schema, so the adapter refuses exactly what kassa refuses. */
export function checked<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors = parsed.error.issues.map((issue) => {
    const field = issue.path.join('.') || '(body)';
    return { field, code: issue.code, message: `${field}: ${issue.message}` };
  });
  return fail('validation_failed', errors.map((e) => e.message).join('; '), errors);
}
