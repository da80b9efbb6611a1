import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { UseCaseContext } from '../context.ts';
import { listPage, mapPage, type Page, type PageRequest } from '../db/list-page.ts';
import type { AuditLogTable } from '../db/schema.ts';
import type { Result } from '../errors.ts';
import { instant } from '../http/common-schemas.ts';
import { auditEntryExample } from './audit-examples.ts';

export const auditEntrySchema = z
  .object({
    uuid: z.uuid(),
    created_date: instant.describe('When the change was made'),
    action: z.string().describe('e.g. account.created'),
    entity_type: z.string(),
    entity_id: z.uuid(),
    token: z.uuid().nullable().describe('The id of the API token used; null for the command line'),
    client_system: z.string().nullable().describe('The X-Client-System header'),
    user: z
      .string()
      .nullable()
      .describe('The X-User header, or the e-mail of the signed-in person who made the change'),
    user_id: z.uuid().nullable().describe('The signed-in person (session cookie) who made the change'),
    request_id: z.string().nullable(),
    before: z.unknown().describe('The record before the change; null when it was created'),
    after: z.unknown().describe('The record after the change; null when it was deleted'),
  })
  .meta({ id: 'AuditEntry', examples: [auditEntryExample] });

export type AuditEntry = z.output<typeof auditEntrySchema>;

type AuditRow = Selectable<AuditLogTable> & { created_at: Date };

export interface AuditFilters extends PageRequest {
  action?: string | undefined;
  entity_type?: string | undefined;
  entity_id?: string | undefined;
  client_system?: string | undefined;
  user?: string | undefined;
  user_id?: string | undefined;
  token?: string | undefined;
}

export async function listAuditLog(
  ctx: UseCaseContext,
  filters: AuditFilters,
): Promise<Result<Page<AuditEntry>>> {
  let query = ctx.db.selectFrom('audit_log').where('organization_id', '=', ctx.actor.organizationId);
  if (filters.action !== undefined) query = query.where('action', '=', filters.action);
  if (filters.entity_type !== undefined) query = query.where('entity_type', '=', filters.entity_type);
  if (filters.entity_id !== undefined) query = query.where('entity_id', '=', filters.entity_id);
  if (filters.client_system !== undefined) query = query.where('client_system', '=', filters.client_system);
  if (filters.user !== undefined) query = query.where('user_name', '=', filters.user);
  if (filters.user_id !== undefined) query = query.where('user_id', '=', filters.user_id);
  if (filters.token !== undefined) query = query.where('token_id', '=', filters.token);
  const page = await listPage<AuditRow>(query, filters, { created: 'occurred_at' }, (q) =>
    q.selectAll().select('occurred_at as created_at'),
  );
  return mapPage(page, (rows) =>
    rows.map((row) => ({
      uuid: row.id,
      created_date: new Date(row.occurred_at).toISOString(),
      action: row.action,
      entity_type: row.entity_type,
      entity_id: row.entity_id,
      token: row.token_id,
      client_system: row.client_system,
      user: row.user_name,
      user_id: row.user_id,
      request_id: row.request_id,
      before: row.before,
      after: row.after,
    })),
  );
}
