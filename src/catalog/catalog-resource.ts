import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import type { UseCaseContext } from '../context.ts';
import type { SortColumns } from '../db/list-page.ts';
import type { Database } from '../db/schema.ts';
import type { Tx } from '../db/transaction.ts';
import type { Failure, Result } from '../errors.ts';

export type CatalogTable =
  | 'tax_categories'
  | 'plan_groups'
  | 'plans'
  | 'plan_terms'
  | 'components'
  | 'business_units';

/** A catalog row as every catalog table has it; the rest is the resource's own. */
export interface CatalogRow {
  id: string;
  code: string | null;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
  [column: string]: unknown;
}

/**
 * One catalog resource (plan groups, plans, plan terms, components, tax categories): its table,
 * its API shapes and its own rules. The generic use cases in this folder create, change, archive,
 * find and list any of them the same way, with audit and events.
 */
export interface CatalogResource<Input extends object = Record<string, unknown>> {
  table: CatalogTable;
  /** `plan_terms`: the entity type in the audit log, and the stem of event names (`plan_terms.created`). */
  entityType: string;
  /** For messages: `plan terms`. */
  label: string;
  /** `/api/v1/plan-terms/` */
  path: string;
  tag: string;
  inputSchema: z.ZodType<Input>;
  patchSchema: z.ZodType<Partial<Input>>;
  viewSchema: z.ZodType;
  view(row: CatalogRow): unknown;
  /** The writable fields of a stored row, in input form, for PATCH to merge onto. */
  inputOf(row: CatalogRow): Input;
  /**
   * Checks the complete input (references, cross-field rules) and answers the columns to write.
   * `existing` is the stored row on an update.
   */
  columns(
    tx: Tx,
    ctx: UseCaseContext,
    input: Input,
    existing: CatalogRow | null,
  ): Promise<Result<Record<string, unknown>>>;
  /** Fields that may not change once created (a new item is made instead). */
  immutable?: readonly (keyof Input & string)[];
  /** Refuses any change or archiving of this row through the API, e.g. externally managed plan terms. */
  locked?(row: CatalogRow): Failure | null;
  /** What the list's `ordering` may name besides `created_date` (default: code and name). */
  sorts?: SortColumns;
  /** Filters of the list route, beyond limit, cursor, dates, code and archived. */
  listFilters?: z.ZodRawShape;
  applyListFilters?(
    query: SelectQueryBuilder<Database, CatalogTable, object>,
    filters: Record<string, unknown>,
    tx: Kysely<Database>,
    organizationId: string,
  ): Promise<SelectQueryBuilder<Database, CatalogTable, object> | Failure>;
}
