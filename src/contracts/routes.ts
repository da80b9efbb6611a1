import { z } from 'zod';
import { findAccount } from '../accounts/find-account.ts';
import type { Services } from '../context.ts';
import { fail, ok } from '../errors.ts';
import { decimalString, plainDate, reference } from '../http/common-schemas.ts';
import { listQueryShape, pageSchema } from '../http/list-query.ts';
import { problemResponses } from '../http/problem.ts';
import { sendPage, sendResult } from '../http/reply.ts';
import { actorOf, contextOf } from '../http/request-actor.ts';
import type { App } from '../http/types.ts';
import { changeContractTiers } from './change-contract-tiers.ts';
import { contractChangeExample, newContractExample, newTierExample } from './contract-examples.ts';
import { contractSchema, contractView, findContract, tiersOf } from './contract-view.ts';
import { createContract } from './create-contract.ts';
import { deleteContract } from './delete-contract.ts';
import { listContracts } from './list-contracts.ts';
import { updateContract } from './update-contract.ts';

const tags = ['Contracts'];
const errors = problemResponses;
const accountParam = z.object({ account: z.string().min(1).max(64).describe('uuid or code of the account') });
const contractParams = accountParam.extend({ id: z.string().max(64).describe('uuid of the contract') });
const tierParams = contractParams.extend({ tier: z.string().max(64).describe('uuid of the tier') });

const newContract = z.strictObject({
  plan_terms: reference.describe('uuid or code of the plan terms'),
  start_date: plainDate,
  end_date: plainDate.nullable().optional().describe('Inclusive; leave out for an open-ended contract'),
});
const contractChange = z.strictObject({
  start_date: plainDate.optional(),
  end_date: plainDate.nullable().optional(),
});
const newTier = z.strictObject({
  minimum_quantity: z.number().int().min(1).max(1_000_000),
  discount: decimalString(4).describe('"15.00"'),
  discount_type: z
    .enum(['percentage', 'amount'])
    .describe('percentage of the unit price, or an amount off each unit'),
});

export function registerContractRoutes(app: App, services: Services) {
  const ctx = (request: Parameters<typeof actorOf>[0]) => contextOf(services, request);
  const base = '/api/v1/accounts/:account/contracts/';

  app.get(base, {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listContracts',
      summary: "List an account's contracts",
      description:
        'The contracts (negotiated pricing with discount tiers) of one account; `active_on` keeps those valid on a day.',
      params: accountParam,
      querystring: z.strictObject({
        limit: listQueryShape.limit,
        cursor: listQueryShape.cursor,
        active_on: plainDate.optional().describe('Only contracts valid on this day'),
      }),
      response: { 200: pageSchema(contractSchema), ...errors },
    },
    handler: async (request, reply) => {
      const result = await listContracts(ctx(request), request.params.account, request.query);
      return sendPage(request, reply, result);
    },
  });

  app.post(base, {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createContract',
      summary: 'Create a contract',
      description:
        "Create a contract (negotiated pricing) for an account: plan terms, validity dates and discount tiers. Orders for those plan terms within the dates get the tier's discount.",
      params: accountParam,
      body: newContract.meta({ examples: [newContractExample] }),
      response: { 201: contractSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await createContract(ctx(request), request.params.account, request.body),
        201,
      ),
  });

  app.get(`${base}:id/`, {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getContract',
      summary: 'Get a contract with its tiers',
      description: 'A contract of the account, with its discount tiers.',
      params: contractParams,
      response: { 200: contractSchema, ...errors },
    },
    handler: async (request, reply) => {
      const organizationId = actorOf(request).organizationId;
      const account = await findAccount(services.db, organizationId, request.params.account);
      const contract = account
        ? await findContract(services.db, organizationId, account.id, request.params.id)
        : undefined;
      if (!contract)
        return sendResult(
          request,
          reply,
          fail('not_found', `no contract ${request.params.id} on account ${request.params.account}`),
        );
      return sendResult(
        request,
        reply,
        ok(contractView(contract, await tiersOf(services.db, organizationId, [contract.id]))),
      );
    },
  });

  app.patch(`${base}:id/`, {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'updateContract',
      summary: "Change a contract's dates",
      description: 'Changes the validity dates of a contract (`valid_from`, `valid_until`).',
      params: contractParams,
      body: contractChange.meta({ examples: [contractChangeExample] }),
      response: { 200: contractSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await updateContract(ctx(request), request.params.account, request.params.id, request.body),
      ),
  });

  app.delete(`${base}:id/`, {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'deleteContract',
      summary: 'Delete a contract and its tiers',
      description:
        'Deletes the contract and its tiers: orders priced from now on no longer get its discount.',
      params: contractParams,
      response: { 204: z.null(), ...errors },
    },
    handler: async (request, reply) => {
      const result = await deleteContract(ctx(request), request.params.account, request.params.id);
      if (!result.ok) return sendResult(request, reply, result);
      return reply.code(204).send(null);
    },
  });

  app.post(`${base}:id/tiers/`, {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createContractTier',
      summary: 'Add a discount tier',
      description: 'Add a discount tier: from minimum_quantity on, the whole quantity gets the discount',
      params: contractParams,
      body: newTier.meta({ examples: [newTierExample] }),
      response: { 201: contractSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await changeContractTiers(ctx(request), request.params.account, request.params.id, {
          add: request.body,
        }),
        201,
      ),
  });

  app.delete(`${base}:id/tiers/:tier/`, {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'deleteContractTier',
      summary: 'Remove a discount tier',
      description: 'Removes one discount tier from a contract.',
      params: tierParams,
      response: { 200: contractSchema, ...errors },
    },
    handler: async (request, reply) =>
      sendResult(
        request,
        reply,
        await changeContractTiers(ctx(request), request.params.account, request.params.id, {
          remove: request.params.tier,
        }),
      ),
  });
}
