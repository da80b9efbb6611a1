import type { Services } from '../context.ts';
import { ok } from '../errors.ts';
import { withRequestExamples } from '../http/common-schemas.ts';
import { problemSchema } from '../http/problem.ts';
import { sendResult } from '../http/reply.ts';
import { actorOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import {
  getOrganization,
  organizationChangeSchema,
  organizationSchema,
  updateOrganization,
} from './update-organization.ts';

export function registerOrganizationRoutes(app: App, services: Services) {
  const tags = ['Organization'];
  const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
  app.get('/api/v1/organization/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getOrganization',
      summary: 'Get the organization',
      description: "The token's organization and its settings",
      response: { 200: organizationSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, ok(await getOrganization(services.db, actorOf(request).organizationId))),
  });
  app.patch('/api/v1/organization/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'updateOrganization',
      summary: 'Change the organization',
      description:
        'Change settings: name, time zone, order approval, invoicing rules, the self-service portal.',
      body: withRequestExamples(organizationChangeSchema, [
        {
          name: 'Nordlys ApS',
          payment_terms_days: 14,
          payment_reference_scheme: 'dk_fik71',
          email: 'faktura@nordlys.dk',
        },
      ]),
      response: { 200: organizationSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await updateOrganization({ ...services, actor: actorOf(request) }, request.body),
      ),
  });
}
