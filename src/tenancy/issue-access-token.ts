import { timingSafeEqual } from 'node:crypto';
import type { Services } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { generateAccessToken, hashTokenSecret, type TokenScope } from './token-secret.ts';

/** How long an access token of POST /oauth/token lives. */
export const ACCESS_TOKEN_SECONDS = 3600;

export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
  clientId: string;
  scope: TokenScope;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WRONG = 'The client id or secret is wrong, or the client was revoked.';

/**
 * The client credentials grant (RFC 6749 §4.4): a live OAuth client's id and secret buy a bearer
 * token that acts with the client's scope for ACCESS_TOKEN_SECONDS. The client is found by its id
 * across organizations (the id names its organization, as a token's secret does); an unknown id, a
 * wrong secret and a revoked client answer the same `unauthenticated`; a `scope` asked for must be
 * the client's own (`insufficient_scope` otherwise). Only the token's hash is
 * stored; the client's expired tokens are deleted as a new one is issued.
 */
export async function issueAccessToken(
  services: Services,
  credentials: { clientId: string; clientSecret: string; scope?: string | undefined },
): Promise<Result<IssuedAccessToken>> {
  if (!UUID.test(credentials.clientId)) return fail('unauthenticated', WRONG);
  const client = await services.db
    .selectFrom('api_tokens')
    .select(['organization_id', 'id', 'scope', 'token_hash'])
    .where('id', '=', credentials.clientId)
    .where('kind', '=', 'oauth_client')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  const given = Buffer.from(hashTokenSecret(credentials.clientSecret));
  if (!client || !timingSafeEqual(given, Buffer.from(client.token_hash)))
    return fail('unauthenticated', WRONG);
  if (credentials.scope !== undefined && credentials.scope !== client.scope)
    return fail(
      'insufficient_scope',
      `The client's scope is ${client.scope}; a token of scope ${credentials.scope} cannot be granted.`,
    );
  const now = services.clock.now();
  const accessToken = generateAccessToken();
  return transact(services.db, async (tx) => {
    await tx
      .deleteFrom('oauth_access_tokens')
      .where('organization_id', '=', client.organization_id)
      .where('client_id', '=', client.id)
      .where('expires_at', '<=', now)
      .execute();
    await tx
      .insertInto('oauth_access_tokens')
      .values({
        organization_id: client.organization_id,
        id: newId(),
        client_id: client.id,
        token_hash: hashTokenSecret(accessToken),
        created_at: now,
        expires_at: new Date(now.getTime() + ACCESS_TOKEN_SECONDS * 1000),
      })
      .execute();
    return ok({ accessToken, expiresIn: ACCESS_TOKEN_SECONDS, clientId: client.id, scope: client.scope });
  });
}
