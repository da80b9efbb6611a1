import { findAccount } from '../accounts/find-account.ts';
import type { UseCaseContext } from '../context.ts';
import { listPage, mapPage, type Page, type PageRequest } from '../db/list-page.ts';
import { fail, type Result } from '../errors.ts';
import { type ContractRow, type ContractView, contractView, tiersOf } from './contract-view.ts';

export async function listContracts(
  ctx: UseCaseContext,
  accountRef: string,
  filters: PageRequest & { active_on?: string | undefined },
): Promise<Result<Page<ContractView>>> {
  const organizationId = ctx.actor.organizationId;
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
  return mapPage(await listPage<ContractRow>(query, filters), async (rows) => {
    const tiers = await tiersOf(
      ctx.db,
      organizationId,
      rows.map((r) => r.id),
    );
    return rows.map((row) =>
      contractView(
        row,
        tiers.filter((t) => t.contract_id === row.id),
      ),
    );
  });
}
