import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { isUniqueViolation, transact } from '../db/transaction.ts';
import { type FieldError, fail, ok, type Result } from '../errors.ts';
import type { CatalogResource, CatalogRow } from './catalog-resource.ts';
import { findCatalogRow, untyped } from './catalog-store.ts';
import { catalogCodeTaken } from './create-catalog-item.ts';

/**
 * PATCH: the named fields change, the result is checked as a whole by the resource. Fields the
 * resource holds immutable are refused when they would change; archived and locked items are read-only.
 */
export async function updateCatalogItem<I extends object>(
  resource: CatalogResource<I>,
  ctx: UseCaseContext,
  idOrCode: string,
  patch: Partial<I>,
): Promise<Result<unknown>> {
  const organizationId = ctx.actor.organizationId;
  let code: string | null = null;
  try {
    return await transact(ctx.db, async (tx) => {
      const existing = await findCatalogRow(tx, resource.table, organizationId, idOrCode, { lock: true });
      if (!existing) return fail('not_found', `no ${resource.label} ${idOrCode}`);
      if (existing.archived_at !== null)
        return fail('archived', `${resource.label} ${idOrCode} is archived and cannot be changed`);
      const locked = resource.locked?.(existing);
      if (locked) return { ok: false, failure: locked };
      const current = resource.inputOf(existing);
      const merged = { ...current } as I;
      for (const [key, value] of Object.entries(patch))
        if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
      const refused: FieldError[] = (resource.immutable ?? [])
        .filter((field) => JSON.stringify(merged[field]) !== JSON.stringify(current[field]))
        .map((field) => ({
          field,
          code: 'immutable',
          message: `${field} cannot change once created; make new ${resource.label} instead`,
        }));
      if (refused.length > 0)
        return fail('validation_failed', refused.map((e) => e.message).join('; '), refused);
      code = (merged as { code?: string | null }).code ?? null;
      if (
        code !== null &&
        code !== existing.code &&
        (await findCatalogRow(tx, resource.table, organizationId, code))
      )
        return catalogCodeTaken(resource, code);
      const columns = await resource.columns(tx, ctx, merged, existing);
      if (!columns.ok) return columns;
      const row = (await untyped(tx)
        .updateTable(resource.table)
        .set({ ...columns.value, updated_at: ctx.clock.now() })
        .where('organization_id', '=', organizationId)
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow()) as CatalogRow;
      const after = resource.view(row);
      await recordChange(tx, ctx, {
        action: `${resource.entityType}.updated`,
        entityType: resource.entityType,
        entityId: row.id,
        before: resource.view(existing),
        after,
      });
      return ok(after);
    });
  } catch (error) {
    if (isUniqueViolation(error) && code !== null) return catalogCodeTaken(resource, code);
    throw error;
  }
}
