import { accountInputSchema, accountPatchSchema } from '../../accounts/account-fields.ts';
import { accountView } from '../../accounts/account-view.ts';
import { archiveAccount } from '../../accounts/archive-account.ts';
import { createAccount } from '../../accounts/create-account.ts';
import { findAccount } from '../../accounts/find-account.ts';
import { listAccounts } from '../../accounts/list-accounts.ts';
import { updateAccount } from '../../accounts/update-account.ts';
import type { Services } from '../../context.ts';
import { fieldFailure, type Result } from '../../errors.ts';
import { idOrCodeParam } from '../../http/common-schemas.ts';
import { arraySchema } from '../../http/list-query.ts';
import { problemResponses } from '../../http/problem.ts';
import { sendResult } from '../../http/reply.ts';
import type { App } from '../../http/types.ts';
import {
  billwerkContext,
  callQuery,
  checked,
  listQuery,
  mapResult,
  notFound,
  renameFields,
  skipTakeAs,
  tags,
} from './adapter.ts';
import {
  accountFieldsOf,
  type BillwerkCustomer,
  billwerkCustomerInput,
  billwerkCustomerPatch,
  billwerkCustomerSchema,
  CUSTOMER_FIELD_NAMES,
  customerDto,
  madeUpCode,
} from './customers.ts';
import { billwerkUrl } from './paths.ts';

const errors = problemResponses;

function named<T>(result: Result<T>): Result<T> {
  return renameFields(result, CUSTOMER_FIELD_NAMES);
}

function needsName<T>(name: string | undefined): Result<T> | null {
  return name
    ? null
    : fieldFailure(
        'CompanyName',
        'required',
        'CompanyName, or FirstName and LastName: a customer needs a name',
      );
}

export function registerBillwerkCustomerRoutes(app: App, services: Services) {
  app.get(billwerkUrl('GET', '/Customers'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listBillwerkCustomers',
      summary: 'List customers (Billwerk)',
      description:
        "Billwerk's `GET /Customers`: the organization's live accounts as CustomerDTOs, oldest first, as a bare array paged by `skip` and `take`.",
      querystring: listQuery,
      response: { 200: arraySchema(billwerkCustomerSchema), ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      return sendResult(
        request,
        reply,
        await skipTakeAs(
          (page) => listAccounts(ctx, { ...page, archived: 'false' }),
          request.query,
          customerDto,
        ),
      );
    },
  });

  app.post(billwerkUrl('POST', '/Customers'), {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createBillwerkCustomer',
      summary: 'Create a customer (Billwerk)',
      description:
        "Billwerk's `POST /Customers`: creates an account from a CustomerDTO (the same use case as `POST /api/v1/accounts/`). A customer without `ExternalCustomerId` gets a code of its own.",
      querystring: callQuery,
      body: billwerkCustomerInput,
      response: { 201: billwerkCustomerSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const fields = accountFieldsOf(request.body);
      const input = checked(accountInputSchema, {
        code: request.body.ExternalCustomerId || madeUpCode(),
        ...fields,
      });
      const result: Result<BillwerkCustomer> =
        needsName(fields.name) ??
        (input.ok ? mapResult(await createAccount(ctx, input.value), customerDto) : input);
      return sendResult(request, reply, named(result), 201);
    },
  });

  app.get(billwerkUrl('GET', '/Customers/:id'), {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getBillwerkCustomer',
      summary: 'Get a customer (Billwerk)',
      description:
        "Billwerk's `GET /Customers/{id}`: one account, by its uuid or its code, as a CustomerDTO.",
      params: idOrCodeParam,
      querystring: callQuery,
      response: { 200: billwerkCustomerSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const row = await findAccount(services.db, ctx.actor.organizationId, request.params.id);
      return sendResult(
        request,
        reply,
        row ? { ok: true, value: customerDto(accountView(row)) } : notFound('customer', request.params.id),
      );
    },
  });

  app.put(billwerkUrl('PUT', '/Customers/:id'), {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'replaceBillwerkCustomer',
      summary: 'Replace a customer (Billwerk)',
      description:
        "Billwerk's `PUT /Customers/{id}`: replaces what a CustomerDTO carries (fields left out are cleared); what only kassa has (invoice e-mail, payment terms, e-invoicing) stays. Without `ExternalCustomerId` or `Locale` the code and language stay.",
      params: idOrCodeParam,
      querystring: callQuery,
      body: billwerkCustomerInput,
      response: { 200: billwerkCustomerSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const fields = accountFieldsOf(request.body);
      const patch = checked(accountPatchSchema, {
        ...(request.body.ExternalCustomerId ? { code: request.body.ExternalCustomerId } : {}),
        ...fields,
      });
      const result: Result<BillwerkCustomer> =
        needsName(fields.name) ??
        (patch.ok
          ? mapResult(
              await updateAccount(ctx, request.params.id, { mode: 'merge', patch: patch.value }),
              customerDto,
            )
          : patch);
      return sendResult(request, reply, named(result));
    },
  });

  app.patch(billwerkUrl('PATCH', '/Customers/:id'), {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'updateBillwerkCustomer',
      summary: 'Change some fields of a customer (Billwerk)',
      description:
        "Billwerk's `PATCH /Customers/{id}`: changes the fields sent, laid over the stored customer (an `Address` sent changes only the parts it names).",
      params: idOrCodeParam,
      querystring: callQuery,
      body: billwerkCustomerPatch,
      response: { 200: billwerkCustomerSchema, ...errors },
    },
    handler: async (request, reply) => {
      const ctx = billwerkContext(services, request);
      const row = await findAccount(services.db, ctx.actor.organizationId, request.params.id);
      if (!row) return sendResult(request, reply, notFound('customer', request.params.id));
      const current = customerDto(accountView(row));
      const body = request.body;
      const merged = {
        ...current,
        ...Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)),
        Address:
          body.Address === undefined ? current.Address : { ...current.Address, ...(body.Address ?? {}) },
      } as typeof current;
      const fields = accountFieldsOf(merged);
      const patch = checked(accountPatchSchema, {
        ...(body.ExternalCustomerId ? { code: body.ExternalCustomerId } : {}),
        ...fields,
      });
      const result: Result<BillwerkCustomer> =
        needsName(fields.name) ??
        (patch.ok
          ? mapResult(await updateAccount(ctx, row.id, { mode: 'merge', patch: patch.value }), customerDto)
          : patch);
      return sendResult(request, reply, named(result));
    },
  });

  app.delete(billwerkUrl('DELETE', '/Customers/:id'), {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'deleteBillwerkCustomer',
      summary: 'Delete a customer (Billwerk)',
      description:
        "Billwerk's `DELETE /Customers/{id}`: archives the account, as `DELETE /api/v1/accounts/{id}/` does (its invoices and audit trail stay), and answers the archived customer (`Hidden: true`). Refused with 409 `account_in_use` while a subscription has not ended.",
      params: idOrCodeParam,
      querystring: callQuery,
      response: { 200: billwerkCustomerSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        mapResult(await archiveAccount(billwerkContext(services, request), request.params.id), customerDto),
      ),
  });
}
