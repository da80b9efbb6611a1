import { z } from 'zod';
import type { Services } from '../context.ts';
import { UUID_PATTERN } from '../http/common-schemas.ts';
import { dateRanges, listQueryShape, orderingParam, pageSchema } from '../http/list-query.ts';
import { problemSchema } from '../http/problem.ts';
import { sendPage } from '../http/reply.ts';
import { actorOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { auditEntrySchema, listAuditLog } from './list-audit-log.ts';

const { updated_date__gte: _u1, updated_date__lte: _u2, ...auditListShape } = listQueryShape;

const listQuery = z.strictObject({
  ...auditListShape,
  action: z.string().max(100).optional().describe('e.g. account.updated'),
  entity_type: z.string().max(100).optional().describe('e.g. account'),
  entity_id: z.string().regex(UUID_PATTERN, 'a uuid').optional(),
  client_system: z.string().max(200).optional(),
  user: z.string().max(200).optional(),
  user_id: z.string().regex(UUID_PATTERN, 'a uuid').optional().describe('The id of a signed-in person'),
  token: z.string().regex(UUID_PATTERN, 'a uuid').optional().describe('The id of an API token'),
  ordering: orderingParam(),
});

export function registerAuditRoutes(app: App, services: Services) {
  app.get('/api/v1/audit-log/', {
    config: { access: 'read' },
    schema: {
      tags: ['Audit'],
      operationId: 'listAuditLog',
      summary: 'List the audit log',
      description:
        'Every change, who made it (token, X-Client-System, X-User, request id), the record before and after. Filter by entity, action and who; oldest first, or newest first with `ordering=-created_date`.',
      querystring: listQuery,
      response: {
        200: pageSchema(auditEntrySchema),
        400: problemSchema,
        401: problemSchema,
        403: problemSchema,
      },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const q = request.query;
      const result = await listAuditLog(
        { ...services, actor },
        {
          ...q,
          created: dateRanges(q, actor.organization.timezone).created,
        },
      );
      return sendPage(request, reply, result);
    },
  });
}
