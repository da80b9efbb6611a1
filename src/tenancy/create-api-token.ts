import { recordChange } from '../audit/record-change.ts';
import type { Actor, Services } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';
import { generateTokenSecret, hashTokenSecret, type TokenScope } from './token-secret.ts';

export interface CreatedToken {
  id: string;
  scope: TokenScope;
  name: string;
  /** The secret itself: shown to the caller once, never stored. */
  token: string;
  createdAt: Date;
}

export async function createApiToken(
  services: Services,
  actor: Actor,
  input: { scope: TokenScope; name?: string | undefined },
): Promise<Result<CreatedToken>> {
  const secret = generateTokenSecret();
  const now = services.clock.now();
  const created: CreatedToken = {
    id: newId(),
    scope: input.scope,
    name: input.name ?? `${input.scope} token`,
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
        action: 'api_token.created',
        entityType: 'api_token',
        entityId: created.id,
        before: null,
        after: { id: created.id, scope: created.scope, name: created.name, prefix: secret.slice(0, 8) },
      },
    );
    return ok(created);
  });
}
