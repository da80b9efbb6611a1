import { z } from 'zod';
import { findAccount } from '../accounts/find-account.ts';
import type { Services } from '../context.ts';
import { fail, ok, type Result } from '../errors.ts';
import { instant } from '../http/common-schemas.ts';
import { integrationsOf } from '../integrations.ts';
import { findSubscription } from '../subscriptions/subscription-view.ts';
import { issueSelfServiceToken } from './self-service-tokens.ts';
import { selfServiceTokenExample } from './selfservice-examples.ts';

export const tokenSchema = z
  .object({ token: z.string(), expires_at: instant, url: z.string(), account: z.uuid() })
  .meta({ id: 'SelfServiceToken', examples: [selfServiceTokenExample] });
export type SelfServiceTokenView = z.output<typeof tokenSchema>;

/** A self-service token for an account, with the portal address that signs in with it. */
export async function tokenFor(
  services: Services,
  organizationId: string,
  accountId: string,
): Promise<SelfServiceTokenView> {
  const issued = await issueSelfServiceToken(services.db, services.clock, organizationId, accountId);
  const url = `${integrationsOf(services).publicUrl}/self-service/login?token=${encodeURIComponent(issued.token)}`;
  return { ...issued, url, account: accountId };
}

/** A self-service token for a subscription's account; refused while that account is archived. */
export async function subscriptionSelfServiceToken(
  services: Services,
  organizationId: string,
  subscriptionId: string,
): Promise<Result<SelfServiceTokenView>> {
  const subscription = await findSubscription(services.db, organizationId, subscriptionId);
  if (!subscription) return fail('not_found', `no subscription ${subscriptionId}`);
  const account = await findAccount(services.db, organizationId, subscription.account_id);
  if (account?.archived_at !== null) return fail('archived', 'the subscription’s account is archived');
  return ok(await tokenFor(services, organizationId, subscription.account_id));
}
