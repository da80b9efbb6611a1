import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../src/clock.ts';
import type { Integrations, OrganizationRef, Services, WebhookSettings } from '../../src/context.ts';
import { commandLineActor } from '../../src/context.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { buildServer, type ServerOptions } from '../../src/http/server.ts';
import type { App } from '../../src/http/types.ts';
import { createApiToken } from '../../src/tenancy/create-api-token.ts';
import { createOrganization } from '../../src/tenancy/create-organization.ts';
import type { TokenScope } from '../../src/tenancy/token-secret.ts';
import { watchResponses } from './contract.ts';
import { openTestDatabase } from './test-db.ts';

export interface TestOrganization extends OrganizationRef {
  slug: string;
  tokens: Record<TokenScope, string>;
  tokenIds: Record<TokenScope, string>;
}

export interface TestApp {
  app: App;
  handle: DatabaseHandle;
  services: Services;
  clock: ManualClock;
  org: TestOrganization;
  /** A second tenant, to prove nothing crosses over. */
  other: TestOrganization;
  close(): Promise<void>;
}

export async function createTestOrganization(
  services: Services,
  overrides: { country?: string; currency?: string; timezone?: string } = {},
): Promise<TestOrganization> {
  const slug = `t-${randomUUID().slice(0, 13)}`;
  const created = await createOrganization(services, {
    slug,
    name: `Test ${slug}`,
    country: overrides.country ?? 'DK',
    currency: overrides.currency ?? 'DKK',
    timezone: overrides.timezone,
  });
  if (!created.ok) throw new Error(created.failure.detail);
  const org = created.value;
  const actor = commandLineActor(org);
  const tokens = {} as Record<TokenScope, string>;
  const tokenIds = {} as Record<TokenScope, string>;
  for (const scope of ['full', 'read', 'partner', 'import'] as const) {
    const token = await createApiToken(services, actor, { scope });
    if (!token.ok) throw new Error(token.failure.detail);
    tokens[scope] = token.value.token;
    tokenIds[scope] = token.value.id;
  }
  return { ...org, tokens, tokenIds };
}

export async function createTestApp(
  options: {
    now?: string;
    integrations?: Integrations;
    webhooks?: WebhookSettings;
    server?: ServerOptions;
  } = {},
): Promise<TestApp> {
  const handle = await openTestDatabase();
  const clock = new ManualClock(options.now ?? '2025-01-15T10:00:00Z');
  const services: Services = {
    db: handle.db,
    clock,
    ...(options.integrations ? { integrations: options.integrations } : {}),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
  };
  const org = await createTestOrganization(services);
  const other = await createTestOrganization(services, { country: 'SE', currency: 'SEK' });
  const app = await buildServer(services, options.server);
  // Every answer a test receives is held to the OpenAPI document; close() fails on what it left out.
  const contract = watchResponses(app);
  await app.ready();
  return {
    app,
    handle,
    services,
    clock,
    org,
    other,
    async close() {
      await app.close();
      await handle.close();
      if (contract.violations.length > 0)
        throw new Error(`answers the OpenAPI document does not declare:\n${contract.violations.join('\n')}`);
    },
  };
}

export function authHeaders(token: string, extra: Record<string, string> = {}) {
  return { authorization: `Token ${token}`, ...extra };
}
