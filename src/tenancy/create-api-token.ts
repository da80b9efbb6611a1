import { recordChange } from '../audit/record-change.ts';
import type { Actor, Services } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  generateClientSecret,
  generateTokenSecret,
  hashTokenSecret,
  type TokenKind,
  type TokenScope,
} from './token-secret.ts';

export interface CreatedToken {
  /** The token's id; an OAuth client's client id. */
  id: string;
  kind: TokenKind;
  scope: TokenScope;
  name: string;
  /** The secret itself (an OAuth client's client secret): shown to the caller once, never stored. */
  token: string;
  createdAt: Date;
}

export async function createApiToken(
  services: Services,
  actor: Actor,
  input: { scope: TokenScope; name?: string | undefined; kind?: TokenKind | undefined },
): Promise<Result<CreatedToken>> {
  const kind = input.kind ?? 'token';
  const secret = kind === 'oauth_client' ? generateClientSecret() : generateTokenSecret();
  const now = services.clock.now();
  const created: CreatedToken = {
    id: newId(),
    kind,
    scope: input.scope,
    name: input.name ?? (kind === 'oauth_client' ? `${input.scope} OAuth client` : `${input.scope} token`),
    token: secret,
    createdAt: now,
  };
  return transact(services.db, async (tx) => {
    await tx
      .insertInto('api_tokens')
      .values({
        organization_id: actor.organizationId,
        id: created.id,
        name: created.name,
        scope: created.scope,
        kind,
        token_hash: hashTokenSecret(secret),
        token_prefix: secret.slice(0, 8),
        token_suffix: secret.slice(-4),
        created_at: now,
      })
      .execute();
    await recordChange(
      tx,
      { actor, clock: services.clock },
      {
        action: `${kind === 'oauth_client' ? 'oauth_client' : 'api_token'}.created`,
        entityType: kind === 'oauth_client' ? 'oauth_client' : 'api_token',
        entityId: created.id,
        before: null,
        after: { id: created.id, scope: created.scope, name: created.name, prefix: secret.slice(0, 8) },
      },
    );
    return ok(created);
  });
}
