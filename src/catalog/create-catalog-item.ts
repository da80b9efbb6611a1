import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import { isUniqueViolation, transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import type { CatalogResource, CatalogRow } from './catalog-resource.ts';
import { findCatalogRow, untyped } from './catalog-store.ts';

export function catalogCodeTaken<T>(resource: { label: string }, code: string): Result<T> {
  const message = `code ${code} is already used by other ${resource.label}`;
  return fail('code_taken', message, [{ field: 'code', code: 'taken', message }]);
}

/** Creates a catalog item of any kind: checked by its resource, written with its audit record and event. */
export async function createCatalogItem<I extends object>(
  resource: CatalogResource<I>,
  ctx: UseCaseContext,
  input: I,
): Promise<Result<unknown>> {
  const organizationId = ctx.actor.organizationId;
  const code = (input as { code?: string | null }).code ?? null;
  try {
    return await transact(ctx.db, async (tx) => {
      if (code !== null && (await findCatalogRow(tx, resource.table, organizationId, code)))
        return catalogCodeTaken(resource, code);
      const columns = await resource.columns(tx, ctx, input, null);
      if (!columns.ok) return columns;
      const now = ctx.clock.now();
      const row = (await untyped(tx)
        .insertInto(resource.table)
        .values({
          ...columns.value,
          organization_id: organizationId,
          id: newId(),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow()) as CatalogRow;
      const view = resource.view(row);
      await recordChange(tx, ctx, {
        action: `${resource.entityType}.created`,
        entityType: resource.entityType,
        entityId: row.id,
        before: null,
        after: view,
      });
      return ok(view);
    });
  } catch (error) {
    if (isUniqueViolation(error) && code !== null) return catalogCodeTaken(resource, code);
    throw error;
  }
}
