import { z } from 'zod';
import type { UseCaseContext } from '../context.ts';
import { listPage, mapPage, type Page, type PageRequest } from '../db/list-page.ts';
import type { Result } from '../errors.ts';
import { isoInstant } from '../http/common-schemas.ts';
import { TOKEN_SCOPES, type TokenKind, type TokenScope } from './token-secret.ts';

export const apiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scope: z.enum(TOKEN_SCOPES),
    prefix: z.string().describe('The first 8 characters of the token'),
    last_characters: z
      .string()
      .nullable()
      .describe('The last 4 characters (null for tokens made before kassa kept them)'),
    created_date: z.iso.datetime(),
    revoked_date: z.iso.datetime().nullable(),
  })
  .meta({
    id: 'ApiToken',
    examples: [
      {
        id: '019ae2a4-4b1c-7d3e-9f00-2c5d6e7f8a9b',
        name: 'BI export',
        scope: 'read',
        prefix: 'ks_Xq3vN',
        last_characters: 'f9aQ',
        created_date: '2026-12-01T09:00:00.000Z',
        revoked_date: null,
      },
    ],
  });

export type ApiTokenView = z.output<typeof apiTokenSchema>;

interface TokenRow {
  id: string;
  name: string;
  scope: TokenScope;
  token_prefix: string;
  token_suffix: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

export function apiTokenViewOf(row: TokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    prefix: row.token_prefix,
    last_characters: row.token_suffix,
    created_date: isoInstant(row.created_at)!,
    revoked_date: isoInstant(row.revoked_at),
  };
}

/** The organization's API tokens (or OAuth clients), never their secrets: live ones, or the revoked ones. */
export async function listApiTokens(
  ctx: UseCaseContext,
  filters: PageRequest & { revoked: boolean; kind?: TokenKind },
): Promise<Result<Page<ApiTokenView>>> {
  const query = ctx.db
    .selectFrom('api_tokens')
    .where('organization_id', '=', ctx.actor.organizationId)
    .where('kind', '=', filters.kind ?? 'token')
    .where('revoked_at', filters.revoked ? 'is not' : 'is', null);
  const page = await listPage<TokenRow>(query, filters, { created: 'created_at' }, (q) =>
    q.select(['id', 'name', 'scope', 'token_prefix', 'token_suffix', 'created_at', 'revoked_at']),
  );
  return mapPage(page, (rows) => rows.map(apiTokenViewOf));
}
