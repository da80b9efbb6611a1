import type { Kysely, Transaction } from 'kysely';
import { type Result, RollbackWith } from '../errors.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/**
 * Runs `work` in one transaction: everything it writes (the change, its audit record, its events)
 * commits together or not at all. Inside, use only the `tx` handed in. A failure answered by `work`,
 * or thrown as `RollbackWith`, rolls everything back and is answered as a value.
 */
export async function transact<T>(db: Db, work: (tx: Tx) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await db.transaction().execute(async (tx) => {
      const result = await work(tx);
      if (!result.ok) throw new RollbackWith(result.failure);
      return result;
    });
  } catch (error) {
    if (error instanceof RollbackWith) return { ok: false, failure: error.failure };
    throw error;
  }
}

/** True when a database error is a unique-constraint violation (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  if (e?.code !== '23505') return false;
  return constraint === undefined || e.constraint === undefined || e.constraint === constraint;
}

/**
 * Runs `attempt` (a whole transaction) again when it lost a race on a unique key: PostgreSQL raises
 * the violation only once the winner has committed, so the next attempt finds the winner's row and
 * answers as the replay it is (the same external id, the same event_id), never a 500.
 */
export async function retryOnUniqueViolation<T>(attempt: () => Promise<T>, attempts = 3): Promise<T> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      if (tried >= attempts || !isUniqueViolation(error)) throw error;
    }
  }
}
