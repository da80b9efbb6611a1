import { z } from 'zod';
import type { Page } from '../accounts/list-accounts.ts';
import type { UseCaseContext } from '../context.ts';
import { decodeCursor, keysetPage } from '../db/keyset-page.ts';
import { fieldFailure, ok, type Result } from '../errors.ts';
import type { DateRange } from '../http/list-query.ts';

export const auditEntrySchema = z
  .object({
    uuid: z.uuid(),
    created_date: z.string().describe('When the change was made'),
    action: z.string().describe('e.g. account.created'),
    entity_type: z.string(),
    entity_id: z.uuid(),
    token: z.uuid().nullable().describe('The id of the API token used; null for the command line'),
    client_system: z.string().nullable().describe('The X-Client-System header'),
    user: z.string().nullable().describe('The X-User header'),
    request_id: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export type AuditEntry = z.output<typeof auditEntrySchema>;

export interface AuditFilters {
  limit: number;
  cursor?: string | undefined;
  created: DateRange;
  action?: string | undefined;
  entity_type?: string | undefined;
  entity_id?: string | undefined;
  client_system?: string | undefined;
  user?: string | undefined;
  token?: string | undefined;
}

export async function listAuditLog(
  ctx: UseCaseContext,
  filters: AuditFilters,
): Promise<Result<Page<AuditEntry>>> {
  const cursor = filters.cursor === undefined ? null : decodeCursor(filters.cursor);
  if (filters.cursor !== undefined && cursor === null)
    return fieldFailure('query.cursor', 'invalid', 'cursor: not a cursor from this API');
  let query = ctx.db.selectFrom('audit_log').where('organization_id', '=', ctx.actor.organizationId);
  if (filters.action !== undefined) query = query.where('action', '=', filters.action);
  if (filters.entity_type !== undefined) query = query.where('entity_type', '=', filters.entity_type);
  if (filters.entity_id !== undefined) query = query.where('entity_id', '=', filters.entity_id);
  if (filters.client_system !== undefined) query = query.where('client_system', '=', filters.client_system);
  if (filters.user !== undefined) query = query.where('user_name', '=', filters.user);
  if (filters.token !== undefined) query = query.where('token_id', '=', filters.token);
  if (filters.created.from) query = query.where('occurred_at', '>=', filters.created.from);
  if (filters.created.before) query = query.where('occurred_at', '<', filters.created.before);
  const [{ count }] = (await query.select((eb) => eb.fn.countAll<number>().as('count')).execute()) as [
    { count: number },
  ];
  const page = await keysetPage(query.selectAll().select('occurred_at as created_at'), {
    limit: filters.limit,
    cursor,
    createdAt: 'occurred_at',
    id: 'id',
  });
  return ok({
    count: Number(count),
    next: page.next,
    previous: page.previous,
    results: page.rows.map((row) => ({
      uuid: row.id,
      created_date: new Date(row.occurred_at).toISOString(),
      action: row.action,
      entity_type: row.entity_type,
      entity_id: row.entity_id,
      token: row.token_id,
      client_system: row.client_system,
      user: row.user_name,
      request_id: row.request_id,
      before: row.before,
      after: row.after,
    })),
  });
}
