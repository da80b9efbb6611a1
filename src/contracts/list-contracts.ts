import { findAccount } from '../accounts/find-account.ts';
import type { Page } from '../accounts/list-accounts.ts';
import type { UseCaseContext } from '../context.ts';
import { decodeCursor, keysetPage } from '../db/keyset-page.ts';
import { fail, fieldFailure, ok, type Result } from '../errors.ts';
import { type ContractView, contractView, tiersOf } from './contract-view.ts';

export async function listContracts(
  ctx: UseCaseContext,
  accountRef: string,
  filters: { limit: number; cursor?: string | undefined; active_on?: string | undefined },
): Promise<Result<Page<ContractView>>> {
  const organizationId = ctx.actor.organizationId;
  const cursor = filters.cursor === undefined ? null : decodeCursor(filters.cursor);
  if (filters.cursor !== undefined && cursor === null)
    return fieldFailure('query.cursor', 'invalid', 'cursor: not a cursor from this API');
  const account = await findAccount(ctx.db, organizationId, accountRef);
  if (!account) return fail('not_found', `no account ${accountRef}`);
  let query = ctx.db
    .selectFrom('contracts')
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', account.id);
  if (filters.active_on !== undefined) {
    const day = filters.active_on;
    query = query
      .where('start_date', '<=', day)
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', day)]));
  }
  const [{ count }] = (await query.select((eb) => eb.fn.countAll<number>().as('count')).execute()) as [
    { count: number },
  ];
  const page = await keysetPage(query.selectAll(), {
    limit: filters.limit,
    cursor,
    createdAt: 'created_at',
    id: 'id',
  });
  const tiers = await tiersOf(
    ctx.db,
    organizationId,
    page.rows.map((r) => r.id),
  );
  return ok({
    count: Number(count),
    next: page.next,
    previous: page.previous,
    results: page.rows.map((row) =>
      contractView(
        row,
        tiers.filter((t) => t.contract_id === row.id),
      ),
    ),
  });
}
