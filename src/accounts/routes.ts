import { z } from 'zod';
import type { Services } from '../context.ts';
import { fail } from '../errors.ts';
import { countryCode, idOrCodeParam, withRequestExamples } from '../http/common-schemas.ts';
import { archivedFilter, dateRanges, listQueryShape, orderingParam, pageSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { actorOf, contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import {
  accountCreateExample,
  accountFromEmailExample,
  accountPatchExample,
  accountReplaceExample,
} from './account-examples.ts';
import { accountCreateSchema, accountInputSchema, accountPatchSchema } from './account-fields.ts';
import { accountSchema, accountView } from './account-view.ts';
import { archiveAccount } from './archive-account.ts';
import { createAccount } from './create-account.ts';
import { findAccount } from './find-account.ts';
import { ACCOUNT_SORTS, listAccounts } from './list-accounts.ts';
import { updateAccount } from './update-account.ts';

const tags = ['Accounts'];
const errors = problemResponses;

const listQuery = z.strictObject({
  ...listQueryShape,
  code: z.string().max(64).optional(),
  email: z.string().max(254).optional(),
  search: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('Part of the code, name, e-mail or VAT number, in any case (as a search box sends it)'),
  type: z.enum(['company', 'person']).optional(),
  legal_country: countryCode.optional(),
  archived: archivedFilter,
  ordering: orderingParam(ACCOUNT_SORTS),
});

export function registerAccountRoutes(app: App, services: Services) {
  const ctx = (request: Parameters<typeof actorOf>[0]) => contextOf(services, request);

  app.get('/api/v1/accounts/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listAccounts',
      summary: 'List accounts',
      description:
        'Accounts of the organization, oldest first (or as `ordering` says: by code or name, either way), a page at a time. Filter by code, e-mail, type, country and the created and updated dates; archived accounts are listed only with `archived=true` (or with the live ones, `archived=all`).',
      querystring: listQuery,
      response: { 200: pageSchema(accountSchema), ...errors },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const actor = actorOf(request);
      const result = await listAccounts(
        { ...services, actor },
        {
          ...q,
          archived: q.archived,
          ...dateRanges(q, actor.organization.timezone),
        },
      );
      return sendPage(request, reply, result);
    },
  });

  app.post('/api/v1/accounts/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createAccount',
      summary: 'Create an account',
      description:
        'Creates a paying customer (a company or a person). The `code` is your own reference: the account can be addressed by it instead of its uuid. Without a `code` the account gets the next number of the customer series (10001, 10002, …), without a `name` its e-mail: an e-mail and a language are enough. VAT numbers and Swedish national ids are checked.',
      body: withRequestExamples(accountCreateSchema, [accountCreateExample, accountFromEmailExample]),
      response: { 201: accountSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(request, reply, await createAccount(ctx(request), request.body), 201),
  });

  app.get('/api/v1/accounts/:id/', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getAccount',
      summary: 'Get an account by uuid or code',
      description:
        'One account, by its uuid or by its code. An account of another organization is not found.',
      params: idOrCodeParam,
      response: { 200: accountSchema, ...errors },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const row = await findAccount(services.db, actor.organizationId, request.params.id);
      return sendResult(
        request,
        reply,
        row ? { ok: true, value: accountView(row) } : fail('not_found', `no account ${request.params.id}`),
      );
    },
  });

  app.put('/api/v1/accounts/:id/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'replaceAccount',
      summary: 'Replace an account',
      description: 'Replace an account: fields left out return to their defaults',
      params: idOrCodeParam,
      body: withRequestExamples(accountInputSchema, [accountReplaceExample]),
      response: { 200: accountSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await updateAccount(ctx(request), request.params.id, { mode: 'replace', input: request.body }),
      ),
  });

  app.patch('/api/v1/accounts/:id/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'updateAccount',
      summary: 'Change some fields of an account',
      description: 'Changes only the fields sent; `null` clears an optional field.',
      params: idOrCodeParam,
      body: withRequestExamples(accountPatchSchema, [accountPatchExample]),
      response: { 200: accountSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await updateAccount(ctx(request), request.params.id, { mode: 'merge', patch: request.body }),
      ),
  });

  app.delete('/api/v1/accounts/:id/', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'archiveAccount',
      summary: 'Archive an account',
      description:
        'Archives the account (it is never deleted: its invoices and audit trail stay). Refused with 409 `account_in_use` while something active depends on it, such as a subscription that has not ended. Its code stays reserved.',
      params: idOrCodeParam,
      response: { 204: z.null().describe('Archived'), ...errors },
    },
    handler: async (request, reply) => {
      const result = await archiveAccount(ctx(request), request.params.id);
      if (!result.ok) return sendResult(request, reply, result);
      return reply.code(204).send(null);
    },
  });
}
