import type { Selectable } from 'kysely';
import { z } from 'zod';
import { findAccount } from '../accounts/find-account.ts';
import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { findOwnRow } from '../db/find-own-row.ts';
import type { PaymentCardsTable } from '../db/tables-invoicing.ts';
import { type Db, type Tx, transact } from '../db/transaction.ts';
import { fail, fieldFailure, ok, type Result } from '../errors.ts';
import { instant, isoInstant, reference } from '../http/common-schemas.ts';
import { newId } from '../ids.ts';
import { paymentCardExample } from './payment-examples.ts';

type CardRow = Selectable<PaymentCardsTable>;

export const paymentCardSchema = z
  .object({
    uuid: z.uuid(),
    account: z.uuid(),
    gateway: z.enum(['stripe', 'quickpay']),
    token: z.string().describe('The gateway token, masked: only its end is shown'),
    created_date: instant,
    default: z
      .boolean()
      .describe("The card charged: the account's card added or made the default most recently"),
  })
  .meta({ id: 'PaymentCard', examples: [paymentCardExample] });
export type PaymentCardView = z.output<typeof paymentCardSchema>;

export const paymentCardRequestSchema = z.strictObject({
  account: reference.describe('The account, by uuid or code'),
  token: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .describe('Stripe: a PaymentMethod id (pm_…); QuickPay: a card token'),
  gateway: z.enum(['stripe', 'quickpay']),
});

const TOKEN_FORMATS = {
  stripe: /^(pm|card|src)_[A-Za-z0-9_]{4,}$/,
  quickpay: /^[A-Za-z0-9_-]{4,100}$/,
} as const;

export function paymentCardView(row: CardRow, isDefault: boolean): PaymentCardView {
  return {
    uuid: row.id,
    account: row.account_id,
    gateway: row.gateway,
    token: `…${row.token.slice(-4)}`,
    created_date: isoInstant(row.created_at)!,
    default: isDefault,
  };
}

/** The card a charge uses: the account's live card preferred last. */
export async function defaultPaymentCard(
  db: Db,
  organizationId: string,
  accountId: string,
): Promise<CardRow | undefined> {
  return db
    .selectFrom('payment_cards')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .orderBy('preferred_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** Registers a card the customer gave a gateway (seed 000 step 3): the token is kept; no card data. */
export async function addPaymentCard(
  ctx: UseCaseContext,
  request: z.output<typeof paymentCardRequestSchema> & { gatewayCustomer?: string | null },
  onlyAccountId?: string,
): Promise<Result<PaymentCardView>> {
  if (!TOKEN_FORMATS[request.gateway].test(request.token))
    return fieldFailure(
      'token',
      'invalid_token',
      `token: not a ${request.gateway} card token${request.gateway === 'stripe' ? ' (pm_…)' : ''}`,
    );
  return transact(ctx.db, (tx) => insertPaymentCard(tx, ctx, request, onlyAccountId));
}

/** addPaymentCard inside the caller's transaction (a portal card setup records its card with it). */
export async function insertPaymentCard(
  tx: Tx,
  ctx: UseCaseContext,
  request: z.output<typeof paymentCardRequestSchema> & { gatewayCustomer?: string | null },
  onlyAccountId?: string,
): Promise<Result<PaymentCardView>> {
  const organizationId = ctx.actor.organizationId;
  const account = await findAccount(tx, organizationId, request.account, { lock: true });
  if (!account || (onlyAccountId !== undefined && account.id !== onlyAccountId))
    return fieldFailure('account', 'not_found', `account: no account ${request.account}`);
  if (account.archived_at !== null) return fail('archived', `account ${account.code} is archived`);
  const now = ctx.clock.now();
  const row = await tx
    .insertInto('payment_cards')
    .values({
      organization_id: organizationId,
      id: newId(),
      account_id: account.id,
      gateway: request.gateway,
      token: request.token,
      gateway_customer: request.gatewayCustomer ?? null,
      created_at: now,
      preferred_at: now,
      deleted_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = paymentCardView(row, true);
  await recordChange(tx, ctx, {
    action: 'payment_card.added',
    entityType: 'payment_card',
    entityId: row.id,
    before: null,
    after: view,
  });
  return ok(view);
}

export async function listPaymentCards(
  db: Db,
  organizationId: string,
  accountId: string | null,
): Promise<PaymentCardView[]> {
  let query = db
    .selectFrom('payment_cards')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('deleted_at', 'is', null);
  if (accountId !== null) query = query.where('account_id', '=', accountId);
  const rows = await query.orderBy('created_at').orderBy('id').limit(1000).execute();
  // Each account's default: its card preferred last (ties: the greater id, as defaultPaymentCard orders).
  const defaults = new Map<string, CardRow>();
  for (const row of rows) {
    const best = defaults.get(row.account_id);
    const later =
      !best ||
      row.preferred_at.getTime() > best.preferred_at.getTime() ||
      (row.preferred_at.getTime() === best.preferred_at.getTime() && row.id > best.id);
    if (later) defaults.set(row.account_id, row);
  }
  return rows.map((row) => paymentCardView(row, defaults.get(row.account_id)?.id === row.id));
}

/** Makes a live card its account's default: the card charged from now on. */
export async function makePaymentCardDefault(
  ctx: UseCaseContext,
  id: string,
  onlyAccountId?: string,
): Promise<Result<PaymentCardView>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const row = await findOwnRow(tx, 'payment_cards', organizationId, id, { lock: true });
    if (!row || row.deleted_at !== null || (onlyAccountId !== undefined && row.account_id !== onlyAccountId))
      return fail('not_found', `no payment card ${id}`);
    const before = await defaultPaymentCard(tx, organizationId, row.account_id);
    // Preferred after the card preferred so far, even within its millisecond.
    const now = ctx.clock.now().getTime();
    const preferred = new Date(Math.max(now, (before?.preferred_at.getTime() ?? 0) + 1));
    const updated = await tx
      .updateTable('payment_cards')
      .set({ preferred_at: preferred })
      .where('organization_id', '=', organizationId)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = paymentCardView(updated, true);
    await recordChange(tx, ctx, {
      action: 'payment_card.made_default',
      entityType: 'payment_card',
      entityId: row.id,
      before: paymentCardView(row, before?.id === row.id),
      after: view,
    });
    return ok(view);
  });
}

/** Removes a card: it is kept on record (charges point at it) but never charged again. */
export async function deletePaymentCard(
  ctx: UseCaseContext,
  id: string,
  onlyAccountId?: string,
): Promise<Result<null>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const row = await findOwnRow(tx, 'payment_cards', organizationId, id, { lock: true });
    if (!row || row.deleted_at !== null || (onlyAccountId !== undefined && row.account_id !== onlyAccountId))
      return fail('not_found', `no payment card ${id}`);
    const wasDefault = (await defaultPaymentCard(tx, organizationId, row.account_id))?.id === row.id;
    await tx
      .updateTable('payment_cards')
      .set({ deleted_at: ctx.clock.now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', row.id)
      .execute();
    await recordChange(tx, ctx, {
      action: 'payment_card.deleted',
      entityType: 'payment_card',
      entityId: row.id,
      before: paymentCardView(row, wasDefault),
      after: null,
    });
    return ok(null);
  });
}
