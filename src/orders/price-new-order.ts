import { Temporal } from '@js-temporal/polyfill';
import { findAccount } from '../accounts/find-account.ts';
import { billingInterval } from '../catalog/plan-terms-lookup.ts';
import { sellablePlanTerms } from '../catalog/sellable-plan-terms.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { priceLine } from '../domain/lines.ts';
import { periodAt } from '../domain/periods.ts';
import { ok, type Result } from '../errors.ts';
import { fieldError, type OrderDraft } from './order-draft.ts';
import type { OrderRequest } from './order-request.ts';
import { contractTier, decimal, lineVatRate, pricingContext } from './pricing-context.ts';

type NewRequest = Extract<OrderRequest, { type: 'new_subscription' | 'one_off' }>;

/**
 * A new subscription (its first period, billed in advance by the billing run; nothing during a
 * trial) or a one-off purchase of punch cards (charged once, on the next invoice).
 */
export async function priceNewOrder(
  ctx: UseCaseContext,
  tx: Tx,
  request: NewRequest,
  options: { viaImport?: boolean; externalId?: string; unitPrice?: string } = {},
): Promise<Result<OrderDraft>> {
  const organizationId = ctx.actor.organizationId;
  const account = await findAccount(tx, organizationId, request.account);
  if (!account) return fieldError('account', 'not_found', `account: no account ${request.account}`);
  if (account.archived_at !== null)
    return fieldError('account', 'archived', `account: ${account.code} is archived`);
  const today = todayIn(ctx.clock, ctx.actor.organization.timezone);
  const kind = request.type === 'one_off' ? 'punch_card' : 'recurring';
  const terms = await sellablePlanTerms(tx, organizationId, request.terms, 'terms', {
    kind,
    viaImport: options.viaImport ?? false,
  });
  if (!terms.ok) return terms;
  const t = terms.value;
  const pc = pricingContext(ctx, tx, account);
  const quantity = request.quantity ?? 1;
  const vat = await lineVatRate(pc, t.tax_category_id);

  if (request.type === 'one_off') {
    const line = priceLine({
      description: `${t.name ?? t.code ?? 'Punch card'}: ${t.punch_card_entries} entries`,
      kind: 'charge',
      billing: 'one_off',
      quantity: decimal(quantity),
      unitPrice: decimal(t.price),
      vatRate: vat,
      currency: t.currency,
    });
    return ok({
      plan: { type: 'one_off', accountId: account.id, termsId: t.id, quantity },
      lines: [line],
      currency: t.currency,
      accountId: account.id,
      subscriptionId: null,
      subscriptionVersion: null,
      effectiveDate: today,
    });
  }

  const startDate = request.start_date ?? today;
  const start = Temporal.PlainDate.from(startDate);
  const interval = billingInterval(t)!;
  const firstPaid = t.trial_days > 0 ? start.add({ days: t.trial_days }) : start;
  const first = periodAt(firstPaid, interval, 0);
  const tier = await contractTier(pc, t.id, firstPaid.toString(), quantity);
  const line = priceLine({
    description: `${t.name ?? t.code ?? 'Subscription'}${t.trial_days > 0 ? ` (after a ${t.trial_days}-day trial)` : ''}`,
    kind: 'charge',
    billing: 'recurring',
    period: { start: first.start.toString(), end: first.end.toString() },
    quantity: decimal(quantity),
    unitPrice: decimal(options.unitPrice ?? t.price),
    tier,
    vatRate: vat,
    currency: t.currency,
  });
  return ok({
    plan: {
      type: 'new_subscription',
      accountId: account.id,
      termsId: t.id,
      quantity,
      collectionMethod: request.collection_method ?? 'invoice',
      startDate,
      externalId: options.externalId ?? null,
      unitPrice: options.unitPrice ?? null,
    },
    lines: [line],
    currency: t.currency,
    accountId: account.id,
    subscriptionId: null,
    subscriptionVersion: null,
    effectiveDate: startDate,
  });
}
