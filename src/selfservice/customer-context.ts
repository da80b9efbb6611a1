import type { FastifyRequest } from 'fastify';
import type { Services, UseCaseContext } from '../context.ts';

/** The context of a customer's request: their one account, audited as self-service. */
export function customerContext(
  services: Services,
  request: FastifyRequest,
): { ctx: UseCaseContext; accountId: string } {
  const session = request.customer!;
  return {
    accountId: session.accountId,
    ctx: {
      ...services,
      actor: {
        organization: session.organization,
        organizationId: session.organization.id,
        tokenId: null,
        clientSystem: 'self-service',
        user: `account:${session.accountCode}`,
        requestId: String(request.id),
      },
    },
  };
}
