import { findAccount } from '../accounts/find-account.ts';
import { filterReferenceId } from '../catalog/catalog-store.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import { listPage, mapPage, type Page, type PageRequest, type SortColumns } from '../db/list-page.ts';
import { fieldFailure, type Result } from '../errors.ts';
import type { SubscriptionStatus } from './subscription-state.ts';
import { type SubscriptionRow, type SubscriptionView, subscriptionViews } from './subscription-view.ts';

/** What `ordering` may name besides `created_date`. */
export const SUBSCRIPTION_SORTS = {
  start_date: { column: 'start_date', type: 'date' },
} as const satisfies SortColumns;

export interface SubscriptionFilters extends PageRequest {
  account?: string | undefined;
  terms?: string | undefined;
  status?: SubscriptionStatus | undefined;
  collection_method?: 'card' | 'invoice' | undefined;
  external_id?: string | undefined;
}

export async function listSubscriptions(
  ctx: UseCaseContext,
  filters: SubscriptionFilters,
): Promise<Result<Page<SubscriptionView>>> {
  const organizationId = ctx.actor.organizationId;
  let query = ctx.db.selectFrom('subscriptions').where('organization_id', '=', organizationId);
  if (filters.account !== undefined) {
    const account = await findAccount(ctx.db, organizationId, filters.account);
    if (!account) return fieldFailure('query.account', 'not_found', `account: no account ${filters.account}`);
    query = query.where('account_id', '=', account.id);
  }
  if (filters.terms !== undefined) {
    const terms = await filterReferenceId(
      ctx.db,
      'plan_terms',
      organizationId,
      filters.terms,
      'query.terms',
      'plan terms',
    );
    if (!terms.ok) return terms;
    const termsId = terms.value;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('subscription_phases as p')
          .select('p.id')
          .whereRef('p.subscription_id', '=', 'subscriptions.id')
          .where('p.organization_id', '=', organizationId)
          .where('p.plan_terms_id', '=', termsId),
      ),
    );
  }
  if (filters.status !== undefined) {
    // The same rules as subscriptionState, as SQL over the organization's today.
    const today = todayIn(ctx.clock, ctx.actor.organization.timezone);
    const status = filters.status;
    query = query.where((eb) => {
      if (status === 'ended') return eb('end_date', '<=', today);
      if (status === 'ending') return eb('end_date', '>', today);
      if (status === 'trialing') return eb.and([eb('trial_end', '>', today), eb('end_date', 'is', null)]);
      return eb.and([
        eb('end_date', 'is', null),
        eb.or([eb('trial_end', 'is', null), eb('trial_end', '<=', today)]),
      ]);
    });
  }
  if (filters.collection_method !== undefined)
    query = query.where('collection_method', '=', filters.collection_method);
  if (filters.external_id !== undefined) query = query.where('external_id', '=', filters.external_id);
  return mapPage(
    await listPage<SubscriptionRow>(query, filters, {
      created: 'created_at',
      updated: 'updated_at',
      sorts: SUBSCRIPTION_SORTS,
    }),
    (rows) => subscriptionViews(ctx, rows),
  );
}
