import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { ImportLogTable } from '../db/tables-partners.ts';
import { instant, isoInstant } from '../http/common-schemas.ts';
import { importLogEntryExample } from './import-examples.ts';

export const logEntrySchema = z
  .object({
    uuid: z.uuid(),
    externalSystemId: z.string().nullable(),
    source: z.enum(['api', 'file']),
    outcome: z.enum(['created', 'updated', 'unchanged', 'refused']),
    request: z.unknown(),
    result: z.unknown().describe('What the import did; null when it was refused'),
    error: z.unknown().describe('The problem it was refused with; null when accepted'),
    created_date: instant,
  })
  .meta({ id: 'ImportLogEntry', examples: [importLogEntryExample] });

export type LogRow = Selectable<ImportLogTable>;
/** An import log entry as `GET /imports/log/` answers it; also the data of `import.*` events. */
export const logView = (row: LogRow) => ({
  uuid: row.id,
  externalSystemId: row.external_system_id,
  source: row.source,
  outcome: row.outcome,
  request: row.request,
  result: row.result,
  error: row.error,
  created_date: isoInstant(row.created_at)!,
});
