import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { type Tx, transact } from '../db/transaction.ts';
import { lineView, summarize, totalsView } from '../domain/lines.ts';
import { ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { refuseExternallyManaged } from '../subscriptions/externally-managed.ts';
import type { OrderDraft } from './order-draft.ts';
import type { OrderRequest } from './order-request.ts';
import { type OrderRow, type OrderView, orderView } from './order-view.ts';
import { priceChangeOrder } from './price-change-order.ts';
import { priceComponentOrder } from './price-component-order.ts';
import { priceNewOrder } from './price-new-order.ts';

/** How long a preview may be committed. */
export const ORDER_VALIDITY_MS = 24 * 60 * 60 * 1000;

function priceOrder(
  ctx: UseCaseContext,
  tx: Tx,
  request: OrderRequest,
  options: { viaImport?: boolean; externalId?: string; unitPrice?: string },
): Promise<Result<OrderDraft>> {
  switch (request.type) {
    case 'new_subscription':
    case 'one_off':
      return priceNewOrder(ctx, tx, request, options);
    case 'change_terms':
    case 'change_quantity':
      return priceChangeOrder(ctx, tx, request);
    case 'add_component':
    case 'remove_component':
      return priceComponentOrder(ctx, tx, request);
  }
}

/**
 * Prices an order and keeps it as a preview: lines with prorated charges and credits, discounts, VAT
 * per rate and totals. Nothing else changes until it is committed, within 24 hours.
 */
export function createOrder(ctx: UseCaseContext, request: OrderRequest): Promise<Result<OrderView>> {
  return transact(ctx.db, async (tx) => {
    const row = await insertOrderPreview(tx, ctx, request);
    return row.ok ? ok(orderView(row.value, ctx.clock.now())) : row;
  });
}

/**
 * Prices and stores a preview in the caller's transaction. A subscription on externally managed terms
 * belongs to its leading system: only its import (`viaImport`) may order a change to it.
 */
export async function insertOrderPreview(
  tx: Tx,
  ctx: UseCaseContext,
  request: OrderRequest,
  options: { viaImport?: boolean; externalId?: string; unitPrice?: string } = {},
): Promise<Result<OrderRow>> {
  {
    const priced = await priceOrder(ctx, tx, request, options);
    if (!priced.ok) return priced;
    if (!options.viaImport && priced.value.subscriptionId) {
      const refused = await refuseExternallyManaged(
        tx,
        ctx.actor.organizationId,
        priced.value.subscriptionId,
      );
      if (refused) return refused;
    }
    const draft = priced.value;
    const totals = summarize(draft.lines);
    const preview = {
      lines: draft.lines.map((line) => lineView(line, draft.currency)),
      ...totalsView(totals, draft.currency),
      request,
    };
    const now = ctx.clock.now();
    const row = await tx
      .insertInto('orders')
      .values({
        organization_id: ctx.actor.organizationId,
        id: newId(),
        type: request.type,
        status: 'preview',
        account_id: draft.accountId,
        subscription_id: draft.subscriptionId,
        request: JSON.stringify({ asked: request, plan: draft.plan }),
        currency: draft.currency,
        effective_date: draft.effectiveDate,
        preview: JSON.stringify(preview),
        total: totals.total,
        subscription_version: draft.subscriptionVersion,
        expires_at: new Date(now.getTime() + ORDER_VALIDITY_MS),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(tx, ctx, {
      action: 'order.created',
      entityType: 'order',
      entityId: row.id,
      before: null,
      after: orderView(row, now),
    });
    return ok(row);
  }
}
