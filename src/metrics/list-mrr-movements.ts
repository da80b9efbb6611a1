import type { z } from 'zod';
import { accountsByIds } from '../accounts/find-account.ts';
import type { UseCaseContext } from '../context.ts';
import type { Page } from '../db/list-page.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { type MovementType, type MrrMovement, movementChanges } from '../domain/mrr-movements.ts';
import { fieldFailure, ok, type Result } from '../errors.ts';
import type { movementSchema } from './metrics-views.ts';
import { checkRange } from './mrr-series-report.ts';
import { mrrHistory } from './subscription-histories.ts';

export interface MovementFilters {
  from: string;
  to: string;
  currency?: string | undefined;
  type?: MovementType | undefined;
  account?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

type MovementView = z.infer<typeof movementSchema>;

/** A movement is one account's change in one currency on one day: that triple is its key. */
const keyOf = (m: MrrMovement) => [m.date, m.account, m.currency] as const;

function decodeKey(cursor: string): readonly [string, string, string] | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'string'))
      return null;
    return value as [string, string, string];
  } catch {
    return null;
  }
}

const after = (m: MrrMovement, key: readonly [string, string, string]) => {
  const [date, account, currency] = keyOf(m);
  if (date !== key[0]) return date > key[0];
  if (account !== key[1]) return account > key[1];
  return currency > key[2];
};

/**
 * Which accounts moved between `from` and `to` (both included), by how much, and which of their
 * subscriptions changed and why; in date order, a page at a time (the cursor is the last movement's key).
 */
export async function listMrrMovements(
  ctx: UseCaseContext,
  filters: MovementFilters,
): Promise<Result<Page<MovementView>>> {
  const invalid = checkRange(filters.from, filters.to);
  if (invalid) return invalid;
  const key = filters.cursor === undefined ? null : decodeKey(filters.cursor);
  if (filters.cursor !== undefined && key === null)
    return fieldFailure('query.cursor', 'invalid', 'cursor: not a cursor from this API');
  const org = ctx.actor.organizationId;
  const history = await mrrHistory(ctx.db, org);
  const matching = history.movements.filter(
    (m) =>
      m.date >= filters.from &&
      m.date <= filters.to &&
      (filters.currency === undefined || m.currency === filters.currency) &&
      (filters.type === undefined || m.type === filters.type) &&
      (filters.account === undefined || m.account === filters.account),
  );
  const rest = key === null ? matching : matching.filter((m) => after(m, key));
  const page = rest.slice(0, filters.limit);
  const accounts = await accountsByIds(
    ctx.db,
    org,
    page.map((m) => m.account),
  );
  const changes = movementChanges(history.spans, page);
  const last = page.at(-1);
  return ok({
    count: matching.length,
    next:
      last && rest.length > page.length
        ? Buffer.from(JSON.stringify(keyOf(last))).toString('base64url')
        : null,
    previous: null,
    results: page.map((m, i) => {
      const money = (minor: number) => formatMinorUnits(minor, m.currency);
      const account = accounts.get(m.account);
      return {
        date: m.date,
        account: { uuid: m.account, code: account?.code ?? '', name: account?.name ?? '' },
        currency: m.currency,
        type: m.type,
        amount: money(m.amount),
        mrr_before: money(m.before),
        mrr_after: money(m.after),
        subscriptions: changes[i]!.map((s) => ({
          subscription: s.subscription,
          mrr_before: money(s.before),
          mrr_after: money(s.after),
          reason: s.reason,
        })),
      };
    }),
  });
}
