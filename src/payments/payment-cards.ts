import type { Selectable } from 'kysely';
import { z } from 'zod';
import { findAccount } from '../accounts/find-account.ts';
import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { findOwnRow } from '../db/find-own-row.ts';
import type { PaymentCardsTable } from '../db/tables-invoicing.ts';
import { type Db, transact } from '../db/transaction.ts';
import { fail, fieldFailure, ok, type Result } from '../errors.ts';
import { isoInstant, reference } from '../http/common-schemas.ts';
import { newId } from '../ids.ts';

type CardRow = Selectable<PaymentCardsTable>;

export const paymentCardSchema = z
  .object({
    uuid: z.uuid(),
    account: z.uuid(),
    gateway: z.enum(['stripe', 'quickpay']),
    token: z.string().describe('The gateway token, masked: only its end is shown'),
    created_date: z.string(),
  })
  .meta({ id: 'PaymentCard' });
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

export function paymentCardView(row: CardRow): PaymentCardView {
  return {
    uuid: row.id,
    account: row.account_id,
    gateway: row.gateway,
    token: `…${row.token.slice(-4)}`,
    created_date: isoInstant(row.created_at)!,
  };
}

/** Registers a card the customer gave a gateway (seed 000 step 3): the token is kept; no card data. */
export async function addPaymentCard(
  ctx: UseCaseContext,
  request: z.output<typeof paymentCardRequestSchema>,
  onlyAccountId?: string,
): Promise<Result<PaymentCardView>> {
  const organizationId = ctx.actor.organizationId;
  if (!TOKEN_FORMATS[request.gateway].test(request.token))
    return fieldFailure(
      'token',
      'invalid_token',
      `token: not a ${request.gateway} card token${request.gateway === 'stripe' ? ' (pm_…)' : ''}`,
    );
  return transact(ctx.db, async (tx) => {
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
        created_at: now,
        deleted_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = paymentCardView(row);
    await recordChange(tx, ctx, {
      action: 'payment_card.added',
      entityType: 'payment_card',
      entityId: row.id,
      before: null,
      after: view,
    });
    return ok(view);
  });
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
  return (await query.orderBy('created_at').orderBy('id').limit(1000).execute()).map(paymentCardView);
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
      before: paymentCardView(row),
      after: null,
    });
    return ok(null);
  });
}
