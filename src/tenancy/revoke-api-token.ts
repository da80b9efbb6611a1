import { recordChange } from '../audit/record-change.ts';
import { type Actor, commandLineActor, type Services } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { noteRevoked } from './authenticate-token.ts';
import type { TokenKind } from './token-secret.ts';

/**
 * Revokes a token or an OAuth client by its id: from the command line, which may act for any
 * organization, or by an actor (`by`), who finds only their own organization's tokens (of `kind`
 * only, when given). A revoked OAuth client's access tokens stop working with it.
 */
export async function revokeApiToken(
  services: Services,
  tokenId: string,
  by?: Actor,
  kind?: TokenKind,
): Promise<Result<{ id: string }>> {
  const what = kind === 'oauth_client' ? 'OAuth client' : 'token';
  if (!/^[0-9a-f-]{36}$/i.test(tokenId)) return fail('not_found', `no ${what} with id ${tokenId}`);
  const result = await transact(services.db, async (tx) => {
    let query = tx
      .selectFrom('api_tokens')
      .innerJoin('organizations', 'organizations.id', 'api_tokens.organization_id')
      .select([
        'api_tokens.id',
        'api_tokens.scope',
        'api_tokens.revoked_at',
        'api_tokens.kind',
        'organizations.id as orgId',
        'organizations.country',
        'organizations.currency',
        'organizations.timezone',
      ])
      .where('api_tokens.id', '=', tokenId);
    if (by) query = query.where('api_tokens.organization_id', '=', by.organizationId);
    if (kind) query = query.where('api_tokens.kind', '=', kind);
    const token = await query.forUpdate().executeTakeFirst();
    if (!token) return fail('not_found', `no ${what} with id ${tokenId}`);
    if (token.revoked_at) return ok({ id: token.id });
    const now = services.clock.now();
    await tx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('organization_id', '=', token.orgId)
      .where('id', '=', token.id)
      .execute();
    const actor =
      by ??
      commandLineActor({
        id: token.orgId,
        country: token.country,
        currency: token.currency,
        timezone: token.timezone,
      });
    await recordChange(
      tx,
      { actor, clock: services.clock },
      {
        action: `${token.kind === 'oauth_client' ? 'oauth_client' : 'api_token'}.revoked`,
        entityType: token.kind === 'oauth_client' ? 'oauth_client' : 'api_token',
        entityId: token.id,
        before: { id: token.id, scope: token.scope, revoked_at: null },
        after: { id: token.id, scope: token.scope, revoked_at: now.toISOString() },
      },
    );
    return ok({ id: token.id });
  });
  if (result.ok) noteRevoked(result.value.id);
  return result;
}
