import { z } from 'zod';
import { findAccount } from '../accounts/find-account.ts';
import { findCatalogRow } from '../catalog/catalog-store.ts';
import type { UseCaseContext } from '../context.ts';
import { retryOnUniqueViolation, type Tx, transact } from '../db/transaction.ts';
import { findUnsafeInput } from '../domain/unsafe-input.ts';
import { type Failure, fail, fieldFailure, ok, type Result } from '../errors.ts';
import { writeEvent } from '../events/write-event.ts';
import { plainDate, reference } from '../http/common-schemas.ts';
import { newId } from '../ids.ts';
import { followUpInvoice } from '../invoices/invoice-jobs.ts';
import { insertOrderPreview } from '../orders/create-order.ts';
import { commitOrderIn } from '../orders/decide-order.ts';
import { endSubscriptionIn } from '../subscriptions/end-subscription.ts';
import { setExternalFields } from '../subscriptions/subscription-external.ts';
import { importResultExample } from './import-examples.ts';
import { logView } from './import-log-view.ts';

/** An order of an externally managed offer, as the leading system sends it (seed 003). */
export const importOrderSchema = z.strictObject({
  externalSystemId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe('The leading system’s id: unique per organization'),
  planTerms: reference.describe(
    "The externally managed plan terms (uuid or code); seed 003's own name for it, `plenigoOfferId`, is accepted in its place",
  ),
  invoiceCustomerId: reference.describe('The account (uuid or code); it must exist'),
  quantity: z.number().int().min(1).max(1_000_000),
  startDate: plainDate,
  paymentMethod: z.enum(['invoice', 'card']),
  endDate: plainDate.nullable().optional().describe('Set: the subscription ends on this day (exclusive)'),
  reference: z.string().trim().max(100).nullable().optional().describe('Your reference, kept with the order'),
  price: z
    .string()
    .regex(/^\d{1,14}(\.\d{1,4})?$/, 'a non-negative decimal string, e.g. "8.00"')
    .nullable()
    .optional()
    .describe("A price of this order's own per unit and period, excl. VAT, instead of the plan terms' price"),
});
export type ImportOrderRequest = z.output<typeof importOrderSchema>;

/** Seed 003's own field names, accepted as they are beside ours: the name there, and ours. */
export const SEED_FIELD_NAMES: Readonly<Record<string, keyof ImportOrderRequest>> = {
  plenigoOfferId: 'planTerms',
};

/** A request with seed 003's field names renamed to ours (ours win when both are sent, and the other is refused as unknown). */
export function withOurFieldNames(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const renamed: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const [seed, ours] of Object.entries(SEED_FIELD_NAMES))
    if (seed in renamed && !(ours in renamed)) {
      renamed[ours] = renamed[seed];
      delete renamed[seed];
    }
  return renamed;
}

export const importResultSchema = z
  .object({
    externalSystemId: z.string(),
    outcome: z.enum(['created', 'updated', 'unchanged']),
    subscription: z.uuid(),
    changes: z.array(z.string()).describe('What this import changed'),
  })
  .meta({ id: 'ImportResult', examples: [importResultExample] });
export type ImportResult = z.output<typeof importResultSchema>;

/** The request as it is compared with the last one: same meaning, same text. */
function canonical(request: ImportOrderRequest) {
  return {
    externalSystemId: request.externalSystemId,
    planTerms: request.planTerms,
    invoiceCustomerId: request.invoiceCustomerId,
    quantity: request.quantity,
    startDate: request.startDate,
    paymentMethod: request.paymentMethod,
    endDate: request.endDate ?? null,
    reference: request.reference ?? null,
    price: request.price ?? null,
  };
}

function rollback(failure: Result<never>): never {
  throw new ImportRefused((failure as { failure: Failure }).failure);
}
class ImportRefused extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(failure.detail);
    this.failure = failure;
  }
}

/** `followUps` collects the credit notes an end issued, for their PDF and e-mail after commit. */
async function create(
  tx: Tx,
  ctx: UseCaseContext,
  request: ImportOrderRequest,
  followUps: string[],
): Promise<ImportResult> {
  const organizationId = ctx.actor.organizationId;
  const account = await findAccount(tx, organizationId, request.invoiceCustomerId);
  if (!account)
    rollback(
      fail(
        'unknown_account',
        `invoiceCustomerId: no account ${request.invoiceCustomerId}; create the customer first (POST /api/v1/accounts/)`,
        [
          {
            field: 'invoiceCustomerId',
            code: 'not_found',
            message: `no account ${request.invoiceCustomerId}`,
          },
        ],
      ),
    );
  const terms = await findCatalogRow(tx, 'plan_terms', organizationId, request.planTerms);
  if (terms && !terms.externally_managed)
    rollback(
      fieldFailure(
        'planTerms',
        'not_externally_managed',
        `planTerms: ${request.planTerms} are not externally managed; order them through /api/v1/orders/`,
      ),
    );
  const order = await insertOrderPreview(
    tx,
    ctx,
    {
      type: 'new_subscription',
      account: account!.id,
      terms: request.planTerms,
      quantity: request.quantity,
      collection_method: request.paymentMethod,
      start_date: request.startDate,
    },
    {
      viaImport: true,
      externalId: request.externalSystemId,
      ...(request.price ? { unitPrice: request.price } : {}),
    },
  );
  if (!order.ok) rollback(renamed(order));
  const committed = await commitOrderIn(tx, ctx, order.ok ? order.value : (undefined as never));
  if (!committed.ok) rollback(committed);
  const subscriptionId = committed.ok ? committed.value.subscription_id! : '';
  const changes = ['created the subscription'];
  if (request.endDate) {
    const ended = await endSubscriptionIn(
      tx,
      ctx,
      subscriptionId,
      { end_date: request.endDate, force: true },
      followUps,
    );
    if (!ended.ok) rollback(renamed(ended));
    changes.push(`ends ${request.endDate}`);
  }
  const now = ctx.clock.now();
  await tx
    .insertInto('imported_orders')
    .values({
      organization_id: organizationId,
      id: newId(),
      external_system_id: request.externalSystemId,
      account_id: account!.id,
      plan_terms_id: terms!.id,
      subscription_id: subscriptionId,
      last_request: JSON.stringify(canonical(request)),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return {
    externalSystemId: request.externalSystemId,
    outcome: 'created',
    subscription: subscriptionId,
    changes,
  };
}

/** Field names of the order API as the import calls them. */
function renamed<T>(result: Result<T>): Result<never> {
  if (result.ok) throw new Error('not a failure');
  const names: Record<string, string> = {
    terms: 'planTerms',
    account: 'invoiceCustomerId',
    start_date: 'startDate',
    end_date: 'endDate',
    quantity: 'quantity',
    collection_method: 'paymentMethod',
  };
  const rename = (text: string) =>
    text.replace(/^(terms|account|start_date|end_date|collection_method)\b/, (m) => names[m] ?? m);
  return {
    ok: false,
    failure: {
      ...result.failure,
      detail: rename(result.failure.detail),
      ...(result.failure.errors
        ? {
            errors: result.failure.errors.map((e) => ({
              ...e,
              field: names[e.field] ?? e.field,
              message: rename(e.message),
            })),
          }
        : {}),
    },
  };
}

async function update(
  tx: Tx,
  ctx: UseCaseContext,
  request: ImportOrderRequest,
  existing: {
    id: string;
    subscription_id: string;
    plan_terms_id: string;
    account_id: string;
    last_request: unknown;
  },
  followUps: string[],
): Promise<ImportResult> {
  const last = existing.last_request as ReturnType<typeof canonical>;
  const next = canonical(request);
  const base = { externalSystemId: request.externalSystemId, subscription: existing.subscription_id };
  // Field by field (jsonb keeps its keys in an order of its own); references by what they name, below.
  const compared = ['quantity', 'startDate', 'paymentMethod', 'endDate', 'reference', 'price'] as const;
  const sameRefs =
    (last.planTerms === next.planTerms ||
      (await findCatalogRow(tx, 'plan_terms', ctx.actor.organizationId, next.planTerms))?.id ===
        existing.plan_terms_id) &&
    (last.invoiceCustomerId === next.invoiceCustomerId ||
      (await findAccount(tx, ctx.actor.organizationId, next.invoiceCustomerId))?.id === existing.account_id);
  if (sameRefs && compared.every((key) => last[key] === next[key]))
    return { ...base, outcome: 'unchanged', changes: [] };
  // The plan terms and the customer may be named by uuid or by code: what counts is which they are.
  const terms = await findCatalogRow(tx, 'plan_terms', ctx.actor.organizationId, next.planTerms);
  if (terms?.id !== existing.plan_terms_id)
    rollback(
      fieldFailure(
        'planTerms',
        'immutable',
        `planTerms: ${next.planTerms} are not the plan terms of ${request.externalSystemId}; import a new order under another externalSystemId`,
      ),
    );
  const account = await findAccount(tx, ctx.actor.organizationId, next.invoiceCustomerId);
  if (account?.id !== existing.account_id)
    rollback(
      fieldFailure(
        'invoiceCustomerId',
        'immutable',
        `invoiceCustomerId: ${next.invoiceCustomerId} is not the customer of ${request.externalSystemId}; import a new order under another externalSystemId`,
      ),
    );
  if ((last.price ?? null) !== next.price)
    rollback(
      fieldFailure(
        'price',
        'immutable',
        `price: the order's price is ${last.price ?? "the plan terms'"}; a new price is a new order under another externalSystemId`,
      ),
    );
  if (last.startDate !== next.startDate)
    rollback(
      fieldFailure(
        'startDate',
        'immutable',
        `startDate: cannot change from ${last.startDate} to ${next.startDate}; import a new order under another externalSystemId`,
      ),
    );
  if (last.endDate !== null && next.endDate === null)
    rollback(
      fieldFailure(
        'endDate',
        'immutable',
        'endDate: an end once imported cannot be taken back; import a new order',
      ),
    );
  const changes: string[] = [];
  if (last.quantity !== next.quantity) {
    const order = await insertOrderPreview(
      tx,
      ctx,
      {
        type: 'change_quantity',
        subscription: existing.subscription_id,
        quantity: next.quantity,
        effective: 'immediately',
      },
      { viaImport: true },
    );
    if (!order.ok) rollback(renamed(order));
    const committed = await commitOrderIn(tx, ctx, order.ok ? order.value : (undefined as never));
    if (!committed.ok) rollback(committed);
    changes.push(`quantity ${last.quantity} → ${next.quantity}`);
  }
  if (last.paymentMethod !== next.paymentMethod) {
    await setExternalFields(tx, ctx, existing.subscription_id, { collectionMethod: next.paymentMethod });
    changes.push(`paymentMethod ${last.paymentMethod} → ${next.paymentMethod}`);
  }
  if (next.endDate !== null && last.endDate !== next.endDate) {
    const ended = await endSubscriptionIn(
      tx,
      ctx,
      existing.subscription_id,
      { end_date: next.endDate, force: true },
      followUps,
    );
    if (!ended.ok) rollback(renamed(ended));
    changes.push(`ends ${next.endDate}`);
  }
  if (last.reference !== next.reference) changes.push('reference');
  await tx
    .updateTable('imported_orders')
    .set({ last_request: JSON.stringify(next), updated_at: ctx.clock.now() })
    .where('organization_id', '=', ctx.actor.organizationId)
    .where('id', '=', existing.id)
    .execute();
  return { ...base, outcome: 'updated', changes };
}

/**
 * Imports one order of an externally managed offer (seed 003), whole or not at all: the first import
 * of an external id creates the order and its subscription; a later one updates it (quantity priced as
 * an order, payment method, end); the same import again changes nothing, also when it raced the
 * first. Every attempt, refused or not, is written to the import log.
 */
export async function importOrder(
  ctx: UseCaseContext,
  request: ImportOrderRequest,
  source: 'api' | 'file' = 'api',
): Promise<Result<ImportResult>> {
  const organizationId = ctx.actor.organizationId;
  let result: Result<ImportResult>;
  const followUps: string[] = [];
  try {
    // Imports racing with one external id: the losers hit a unique key, and their retry finds the
    // winner's order and answers it unchanged.
    result = await retryOnUniqueViolation(() => {
      followUps.length = 0;
      return transact(ctx.db, async (tx) => {
        const existing = await tx
          .selectFrom('imported_orders')
          .selectAll()
          .where('organization_id', '=', organizationId)
          .where('external_system_id', '=', request.externalSystemId)
          .forUpdate()
          .executeTakeFirst();
        const done = existing
          ? await update(tx, ctx, request, existing, followUps)
          : await create(tx, ctx, request, followUps);
        const entry = await writeLog(tx, ctx, request, source, done.outcome, done, null);
        // What the import changed is in its order's, subscription's and invoices' own events; a
        // receiver following the leading system's orders gets the log entry as `import.created` or
        // `import.updated` (an import that changed nothing has no event).
        if (done.outcome !== 'unchanged')
          await writeEvent(tx, organizationId, ctx.clock.now(), {
            type: `import.${done.outcome}`,
            entityType: 'import',
            entityId: entry.id,
            payload: logView(entry),
          });
        return ok(done);
      });
    });
  } catch (error) {
    if (!(error instanceof ImportRefused)) throw error;
    result = { ok: false, failure: error.failure };
  }
  if (!result.ok) await writeLog(ctx.db, ctx, request, source, 'refused', null, result.failure);
  else for (const invoiceId of followUps) await followUpInvoice(ctx, organizationId, invoiceId);
  return result;
}

/** A request that did not even parse, for the log: what came, and why it was refused. */
export async function logRefusedImport(
  ctx: UseCaseContext,
  raw: unknown,
  source: 'api' | 'file',
  failure: Failure,
) {
  await writeLog(ctx.db, ctx, raw, source, 'refused', null, failure);
}

async function writeLog(
  db: Tx | UseCaseContext['db'],
  ctx: UseCaseContext,
  request: unknown,
  source: 'api' | 'file',
  outcome: 'created' | 'updated' | 'unchanged' | 'refused',
  result: ImportResult | null,
  failure: Failure | null,
) {
  // What cannot be stored (a NUL, a lone surrogate, hostile depth) is logged as null: the error says why.
  const storable = findUnsafeInput(request) ? null : request;
  const externalId = (storable as { externalSystemId?: unknown } | null)?.externalSystemId;
  return db
    .insertInto('import_log')
    .values({
      organization_id: ctx.actor.organizationId,
      id: newId(),
      external_system_id: typeof externalId === 'string' ? externalId.slice(0, 100) : null,
      source,
      outcome,
      request: JSON.stringify(storable ?? null),
      result: result ? JSON.stringify(result) : null,
      error: failure ? JSON.stringify(failure) : null,
      created_at: ctx.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
