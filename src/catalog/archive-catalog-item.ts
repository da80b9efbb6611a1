import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import type { CatalogResource, CatalogRow } from './catalog-resource.ts';
import { findCatalogRow, untyped } from './catalog-store.ts';

/**
 * DELETE archives: catalog items are never deleted, since subscriptions, invoices and the audit log
 * point at them. An archived item can no longer be sold or referenced by new items; what already uses
 * it goes on. Archiving twice changes nothing.
 */
export async function archiveCatalogItem<I extends object>(
  resource: CatalogResource<I>,
  ctx: UseCaseContext,
  idOrCode: string,
): Promise<Result<unknown>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const existing = await findCatalogRow(tx, resource.table, organizationId, idOrCode, { lock: true });
    if (!existing) return fail('not_found', `no ${resource.label} ${idOrCode}`);
    if (existing.archived_at !== null) return ok(resource.view(existing));
    const locked = resource.locked?.(existing);
    if (locked) return { ok: false, failure: locked };
    const now = ctx.clock.now();
    const row = (await untyped(tx)
      .updateTable(resource.table)
      .set({ archived_at: now, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow()) as CatalogRow;
    const after = resource.view(row);
    await recordChange(tx, ctx, {
      action: `${resource.entityType}.archived`,
      entityType: resource.entityType,
      entityId: row.id,
      before: resource.view(existing),
      after,
    });
    return ok(after);
  });
}
